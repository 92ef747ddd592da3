/** sprig date functions (date.go) over {@link GoTime}; "Local" is UTC (see go-time.ts). */
import { GoTyped } from '../value.js';
import { fail, str, type Impl } from './define.js';
import { formatDuration, parseDuration } from './go-duration.js';
import { GoTime, parseTime, zeroTime } from './go-time.js';
import { zoneAt } from './go-zone.js';

/** Current time, injectable for tests. */
export let nowMs = (): number => Date.now();
export function setNow(f: () => number): void {
  nowMs = f;
}

const now = (): GoTime => new GoTime(nowMs(), 0, 0, 'UTC');

/** The time.Time sprig's date functions take: time.Time or unix seconds (int), else now. */
function toTime(d: unknown): GoTime {
  if (d instanceof GoTime) return d;
  if (typeof d === 'number' && Number.isInteger(d)) return GoTime.fromUnix(d);
  if (typeof d === 'bigint') return GoTime.fromUnix(Number(d));
  if (d instanceof GoTyped && (d.kind === 'int32' || d.kind === 'int64') && typeof d.value !== 'object') return GoTime.fromUnix(Number(d.value));
  return now();
}

function inZone(fmtStr: string, d: unknown, zone: string): string {
  const t = toTime(d);
  const z = zoneAt(zone, t.ms) ?? { offset: 0, abbrev: 'UTC' };
  return t.in(z.offset, z.abbrev).format(fmtStr);
}

function requireTime(d: unknown): GoTime {
  if (d instanceof GoTime) return d;
  fail(`wrong type for value; expected time.Time; got ${typeof d === 'string' ? 'string' : typeof d}`);
}

function roundDuration(ns: bigint): string {
  let u = ns < 0n ? -ns : ns;
  const second = 1000000000n, minute = 60n * second, hour = 60n * minute, day = 24n * hour;
  const month = 30n * day, year = 365n * day;
  if (u > year) return `${u / year}y`;
  if (u > month) return `${u / month}mo`;
  if (u > day) return `${u / day}d`;
  if (u > hour) return `${u / hour}h`;
  if (u > minute) return `${u / minute}m`;
  if (u > second) return `${u / second}s`;
  u = 0n;
  return '0s';
}

const dateModify = (f: unknown, d: unknown): GoTime => requireTime(d).add(parseDuration(str(f)));

export const dateFuncs: Record<string, Impl> = {
  now: () => now(),
  date: (f, d) => inZone(str(f), d, 'Local'),
  dateInZone: (f, d, z) => inZone(str(f), d, str(z)),
  date_in_zone: (f, d, z) => inZone(str(f), d, str(z)),
  htmlDate: (d) => inZone('2006-01-02', d, 'Local'),
  htmlDateInZone: (d, z) => inZone('2006-01-02', d, str(z)),
  ago: (d) => {
    const t = toTime(d);
    const ns = BigInt(Math.round((nowMs() - t.ms) / 1000)) * 1000000000n;
    return formatDuration(ns);
  },
  duration: (sec) => {
    // Only string and int64 are read; an `int` (every template literal) gives 0s.
    let n = 0n;
    if (typeof sec === 'string') n = /^[+-]?[0-9]+$/.test(sec) ? BigInt(sec) : 0n;
    else if (sec instanceof GoTyped && sec.kind === 'int64') n = BigInt(sec.value as number | bigint);
    return formatDuration(n * 1000000000n);
  },
  durationRound: (d) => {
    let ns = 0n;
    if (typeof d === 'string') { try { ns = parseDuration(d); } catch { ns = 0n; } }
    else if (d instanceof GoTyped && d.kind === 'int64') ns = BigInt(d.value as number | bigint);
    else if (d instanceof GoTime) ns = BigInt(nowMs() - d.ms) * 1000000n;
    return roundDuration(ns);
  },
  toDate: (f, s) => { try { return parseTime(str(f), str(s)); } catch { return zeroTime(); } },
  mustToDate: (f, s) => parseTime(str(f), str(s)),
  unixEpoch: (d) => String(requireTime(d).unix()),
  dateModify: (f, d) => { try { return dateModify(f, d); } catch { return requireTime(d); } },
  date_modify: (f, d) => { try { return dateModify(f, d); } catch { return requireTime(d); } },
  mustDateModify: dateModify,
  must_date_modify: dateModify,
};
