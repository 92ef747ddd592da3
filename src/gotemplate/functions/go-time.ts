/**
 * Go's time.Time and time.Duration for templates: a {@link GoTime} host object that prints
 * like Go (`2001-12-14 00:00:00 +0000 UTC`), Go reference-layout formatting and parsing
 * (`2006-01-02T15:04:05Z07:00`), and Duration printing/parsing.
 * "Local" is UTC: helmfile runs in containers and the corpus was produced with TZ=UTC.
 */
import type { GoObject } from '../value.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A Go time.Time: an instant (ms + extra ns) seen in a zone (offset seconds east + abbreviation). */
export class GoTime implements GoObject {
  readonly goType = 'time.Time';
  readonly goKind = 'struct';
  constructor(
    /** Unix milliseconds (floor). */
    readonly ms: number,
    /** Nanoseconds beyond `ms` (0..999999). */
    readonly ns: number = 0,
    /** Zone offset in seconds east of UTC. */
    readonly offset: number = 0,
    /** Zone abbreviation; '' for an unnamed fixed zone (prints as -0500). */
    readonly zone: string = 'UTC',
  ) {}

  static fromUnix(sec: number): GoTime {
    return new GoTime(sec * 1000, 0, 0, 'UTC');
  }

  /** Nanoseconds of the second (0..999999999). */
  get nanosecond(): number {
    return (((this.ms % 1000) + 1000) % 1000) * 1e6 + this.ns;
  }

  /** Unix seconds (floor). */
  unix(): number {
    return Math.floor(this.ms / 1000);
  }

  /** The same instant in another zone. */
  in(offset: number, zone: string): GoTime {
    return new GoTime(this.ms, this.ns, offset, zone);
  }

  add(ns: bigint): GoTime {
    const total = BigInt(this.ms) * 1000000n + BigInt(this.ns) + ns;
    const ms = total / 1000000n - (total % 1000000n < 0n ? 1n : 0n);
    return new GoTime(Number(ms), Number(total - ms * 1000000n), this.offset, this.zone);
  }

  /** Wall-clock fields in the time's zone. */
  fields(): { year: number; month: number; day: number; hour: number; min: number; sec: number; wday: number; yday: number } {
    const d = new Date(this.ms + this.offset * 1000);
    const year = d.getUTCFullYear();
    const jan1 = new Date(0);
    jan1.setUTCFullYear(year, 0, 1);
    const midnight = new Date(0);
    midnight.setUTCFullYear(year, d.getUTCMonth(), d.getUTCDate());
    const yday = Math.round((midnight.getTime() - jan1.getTime()) / 86400000) + 1;
    return { year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), min: d.getUTCMinutes(), sec: d.getUTCSeconds(), wday: d.getUTCDay(), yday };
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  goString(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }

  goField(): unknown {
    return undefined;
  }

  goMethod(name: string): ((...args: unknown[]) => unknown) | undefined {
    switch (name) {
      case 'Unix': return () => this.unix();
      case 'Year': return () => this.fields().year;
      case 'Month': return () => this.fields().month;
      case 'Day': return () => this.fields().day;
      case 'Hour': return () => this.fields().hour;
      case 'Minute': return () => this.fields().min;
      case 'Second': return () => this.fields().sec;
      case 'Nanosecond': return () => this.nanosecond;
      case 'YearDay': return () => this.fields().yday;
      case 'Weekday': return () => DAYS[this.fields().wday];
      case 'UTC': return () => this.in(0, 'UTC');
      case 'String': return () => this.goString();
      case 'Format': return (layout: unknown) => this.format(String(layout));
      case 'IsZero': return () => this.ms === ZERO_MS && this.ns === 0;
      default: return undefined;
    }
  }
}

/** Unix ms of Go's zero time, 0001-01-01T00:00:00Z. */
export const ZERO_MS = -62135596800000;
export const zeroTime = (): GoTime => new GoTime(ZERO_MS, 0, 0, 'UTC');

type Chunk = { lit: string } | { std: string; n?: number };

/** Split a Go layout into literals and std elements (port of time.nextStdChunk). */
export function layoutChunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  const push = (std: string, len: number, n?: number): number => {
    if (lit) out.push({ lit });
    lit = '';
    out.push(n === undefined ? { std } : { std, n });
    return len;
  };
  for (let i = 0; i < layout.length; ) {
    const r = layout.slice(i);
    let adv = 0;
    switch (layout[i]) {
      case 'J':
        if (r.startsWith('January')) adv = push('January', 7);
        else if (r.startsWith('Jan')) adv = push('Jan', 3);
        break;
      case 'M':
        if (r.startsWith('Monday')) adv = push('Monday', 6);
        else if (r.startsWith('Mon')) adv = push('Mon', 3);
        else if (r.startsWith('MST')) adv = push('MST', 3);
        break;
      case '0':
        if (r.startsWith('002')) adv = push('002', 3);
        else if (r.length >= 2 && r[1] >= '1' && r[1] <= '6') adv = push(r.slice(0, 2), 2);
        break;
      case '1':
        adv = r.startsWith('15') ? push('15', 2) : push('1', 1);
        break;
      case '2':
        adv = r.startsWith('2006') ? push('2006', 4) : push('2', 1);
        break;
      case '_':
        if (r.startsWith('_2')) {
          if (r.startsWith('_2006')) { lit += '_'; adv = 1 + push('2006', 4); }
          else adv = push('_2', 2);
        } else if (r.startsWith('__2')) adv = push('__2', 3);
        break;
      case '3': case '4': case '5':
        adv = push(layout[i], 1);
        break;
      case 'P':
        if (r.startsWith('PM')) adv = push('PM', 2);
        break;
      case 'p':
        if (r.startsWith('pm')) adv = push('pm', 2);
        break;
      case '-': case 'Z':
        for (const z of ['070000', '07:00:00', '0700', '07:00', '07']) {
          if (r.startsWith(layout[i] + z)) { adv = push(layout[i] + z, z.length + 1); break; }
        }
        break;
      case '.': case ',':
        if (r.length >= 2 && (r[1] === '0' || r[1] === '9')) {
          let j = 1;
          while (j < r.length && r[j] === r[1]) j++;
          if (!(j < r.length && r[j] >= '0' && r[j] <= '9')) adv = push(r[1] === '0' ? 'frac0' : 'frac9', j, j - 1);
        }
        break;
    }
    if (adv) { i += adv; continue; }
    lit += layout[i];
    i++;
  }
  if (lit) out.push({ lit });
  return out;
}

const pad = (n: number, w: number): string => String(Math.abs(n)).padStart(w, '0');

function formatZone(offset: number, std: string): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  const f = std.slice(1);
  switch (f) {
    case '070000': return sign + hh + mm + ss;
    case '07:00:00': return `${sign}${hh}:${mm}:${ss}`;
    case '0700': return sign + hh + mm;
    case '07:00': return `${sign}${hh}:${mm}`;
    default: return sign + hh;
  }
}

/** time.Time.Format with a Go reference layout. */
export function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  let out = '';
  for (const c of layoutChunks(layout)) {
    if ('lit' in c) { out += c.lit; continue; }
    switch (c.std) {
      case 'January': out += MONTHS[f.month - 1]; break;
      case 'Jan': out += MONTHS[f.month - 1].slice(0, 3); break;
      case 'Monday': out += DAYS[f.wday]; break;
      case 'Mon': out += DAYS[f.wday].slice(0, 3); break;
      case 'MST': out += t.zone !== '' ? t.zone : formatZone(t.offset, '-0700'); break;
      case '01': out += pad(f.month, 2); break;
      case '02': out += pad(f.day, 2); break;
      case '03': out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2); break;
      case '04': out += pad(f.min, 2); break;
      case '05': out += pad(f.sec, 2); break;
      case '06': out += pad(f.year % 100, 2); break;
      case '002': out += pad(f.yday, 3); break;
      case '__2': out += String(f.yday).padStart(3, ' '); break;
      case '1': out += String(f.month); break;
      case '15': out += pad(f.hour, 2); break;
      case '2006': out += (f.year < 0 ? '-' : '') + pad(f.year, 4); break;
      case '2': out += String(f.day); break;
      case '_2': out += String(f.day).padStart(2, ' '); break;
      case '3': out += String(f.hour % 12 === 0 ? 12 : f.hour % 12); break;
      case '4': out += String(f.min); break;
      case '5': out += String(f.sec); break;
      case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
      case 'frac0': case 'frac9': {
        const digits = String(t.nanosecond).padStart(9, '0').slice(0, c.n);
        if (c.std === 'frac0') out += '.' + digits;
        else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed) out += '.' + trimmed;
        }
        break;
      }
      default: out += formatZone(t.offset, c.std);
    }
  }
  return out;
}

/** time.Parse / ParseInLocation(layout, value, UTC). Throws Go-like errors. */
export function parseTime(layout: string, value: string): GoTime {
  const fail = (elem: string, rest: string): never => {
    throw new Error(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`);
  };
  let s = value;
  let year = 0, month = 1, day = 1, hour = 0, min = 0, sec = 0, nsec = 0, pm: boolean | undefined;
  let offset: number | undefined;
  let zone: string | undefined;
  const num = (elem: string, min: number, max: number): number => {
    const m = new RegExp(`^[0-9]{${min},${max}}`).exec(s);
    if (!m) fail(elem, s);
    s = s.slice(m![0].length);
    return Number(m![0]);
  };
  for (const c of layoutChunks(layout)) {
    if ('lit' in c) {
      if (!s.startsWith(c.lit)) fail(c.lit, s);
      s = s.slice(c.lit.length);
      continue;
    }
    const std = c.std;
    switch (std) {
      case '2006': year = num(std, 4, 4); break;
      case '06': { const y = num(std, 2, 2); year = y >= 69 ? 1900 + y : 2000 + y; break; }
      case '01': month = num(std, 2, 2); break;
      case '1': month = num(std, 1, 2); break;
      case 'January': case 'Jan': {
        const names = std === 'Jan' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
        const i = names.findIndex((m) => s.toLowerCase().startsWith(m.toLowerCase()));
        if (i < 0) fail(std, s);
        month = i + 1;
        s = s.slice(names[i].length);
        break;
      }
      case 'Monday': case 'Mon': {
        const names = std === 'Mon' ? DAYS.map((m) => m.slice(0, 3)) : DAYS;
        const i = names.findIndex((m) => s.toLowerCase().startsWith(m.toLowerCase()));
        if (i < 0) fail(std, s);
        s = s.slice(names[i].length);
        break;
      }
      case '02': day = num(std, 2, 2); break;
      case '2': day = num(std, 1, 2); break;
      case '_2': if (s.startsWith(' ')) s = s.slice(1); day = num(std, 1, 2); break;
      case '002': case '__2': s = s.replace(/^ +/, ''); num(std, 1, 3); break;
      case '15': hour = num(std, 1, 2); break;
      case '03': hour = num(std, 2, 2); break;
      case '3': hour = num(std, 1, 2); break;
      case '04': min = num(std, 2, 2); break;
      case '4': min = num(std, 1, 2); break;
      case '05': sec = num(std, 2, 2); break;
      case '5': sec = num(std, 1, 2); break;
      case 'PM': case 'pm': {
        const p = s.slice(0, 2).toUpperCase();
        if (p !== 'AM' && p !== 'PM') fail(std, s);
        pm = p === 'PM';
        s = s.slice(2);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT|[A-Z]{3,5})/.exec(s);
        if (!m) fail(std, s);
        zone = m![1];
        if (zone === 'UTC' || zone === 'GMT') offset = 0;
        s = s.slice(m![1].length);
        break;
      }
      case 'frac0': case 'frac9': {
        const m = /^[.,]([0-9]+)/.exec(s);
        if (!m) { if (std === 'frac0') fail(std, s); break; }
        nsec = Number(m[1].slice(0, 9).padEnd(9, '0'));
        s = s.slice(m[0].length);
        break;
      }
      default: {
        if (std.startsWith('Z') && (s.startsWith('Z'))) { offset = 0; zone = 'UTC'; s = s.slice(1); break; }
        const m = /^([+-])([0-9]{2})(:?([0-9]{2}))?(:?([0-9]{2}))?/.exec(s);
        if (!m) fail(std, s);
        offset = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 3600 + Number(m![4] ?? 0) * 60 + Number(m![6] ?? 0));
        s = s.slice(m![0].length);
      }
    }
    // A fractional second may follow a seconds field even when the layout has none.
    if ((std === '05' || std === '5') && /^[.,][0-9]/.test(s) && !layout.includes('.0') && !layout.includes('.9')) {
      const m = /^[.,]([0-9]+)/.exec(s)!;
      nsec = Number(m[1].slice(0, 9).padEnd(9, '0'));
      s = s.slice(m[0].length);
    }
  }
  if (s.length) throw new Error(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(s)}`);
  if (pm !== undefined) {
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12) throw new Error(`parsing time ${JSON.stringify(value)}: month out of range`);
  const dim = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day < 1 || day > dim) throw new Error(`parsing time ${JSON.stringify(value)}: day out of range`);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, Math.floor(nsec / 1e6));
  const off = offset ?? 0;
  const ms = d.getTime() - off * 1000;
  const zname = offset === undefined ? 'UTC' : off === 0 && (zone === 'UTC' || zone === undefined) ? (zone ?? '') : zone ?? '';
  return new GoTime(ms, nsec % 1e6, off, offset === 0 && zone === 'UTC' ? 'UTC' : zname);
}
