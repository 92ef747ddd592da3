/**
 * yaml.v3's plain-scalar resolver (resolve.go): which Go value an untagged plain scalar
 * decodes to, and therefore which strings the encoder must quote.
 */
import { GoFloat, GoTyped } from '../value.js';
import { fromInt64, parseGoInt, parseGoUint } from './convert.js';
import { GoTime } from './go-time.js';

export type Resolved =
  | { tag: 'str'; value: string }
  | { tag: 'null'; value: null }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: number | bigint | GoTyped }
  | { tag: 'float'; value: number | GoFloat }
  | { tag: 'timestamp'; value: GoTime }
  | { tag: 'merge'; value: string };

const MAP: Record<string, Resolved> = {};
for (const s of ['true', 'True', 'TRUE']) MAP[s] = { tag: 'bool', value: true };
for (const s of ['false', 'False', 'FALSE']) MAP[s] = { tag: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) MAP[s] = { tag: 'null', value: null };
for (const s of ['.nan', '.NaN', '.NAN']) MAP[s] = { tag: 'float', value: NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) MAP[s] = { tag: 'float', value: Infinity };
for (const s of ['-.inf', '-.Inf', '-.INF']) MAP[s] = { tag: 'float', value: -Infinity };
MAP['<<'] = { tag: 'merge', value: '<<' };

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function hint(c: string | undefined): string {
  if (c === undefined) return 'N';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

function floatValue(n: number): number | GoFloat {
  return Number.isInteger(n) ? new GoFloat(n) : n;
}

function intValue(v: bigint): number | bigint {
  return fromInt64(v);
}

/** resolve("", s) of yaml.v3 for a plain scalar. `timestamps` false skips timestamp detection. */
export function resolvePlain(s: string, timestamps = true): Resolved {
  const h = hint(s[0]);
  if (h === '') return { tag: 'str', value: s };
  const hit = MAP[s];
  if (hit) return hit;
  if (h === 'M') return { tag: 'str', value: s };
  if (h === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) {
      const n = Number(s);
      if (Number.isFinite(n)) return { tag: 'float', value: floatValue(n) };
    }
    return { tag: 'str', value: s };
  }
  // 'D' or 'S': int, float or timestamp.
  if (timestamps) {
    const t = parseTimestamp(s);
    if (t) return { tag: 'timestamp', value: t };
  }
  const plain = s.replace(/_/g, '');
  const i = parseGoInt(plain);
  if (i !== null) return { tag: 'int', value: intValue(i) };
  const u = parseGoUint(plain);
  if (u !== null) return { tag: 'int', value: new GoTyped('uint64', 'uint64', u) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const n = Number(plain);
    if (Number.isFinite(n)) return { tag: 'float', value: floatValue(n) };
  }
  for (const [prefix, radix] of [['0b', 2], ['-0b', 2], ['0o', 8], ['-0o', 8]] as const) {
    if (plain.startsWith(prefix)) {
      const digits = plain.slice(prefix.length);
      const ok = radix === 2 ? /^[01]+$/.test(digits) : /^[0-7]+$/.test(digits);
      if (!ok) break;
      const v = BigInt((radix === 2 ? '0b' : '0o') + digits) * (prefix.startsWith('-') ? -1n : 1n);
      if (v >= -(2n ** 63n) && v < 2n ** 63n) return { tag: 'int', value: intValue(v) };
      if (v >= 0n && v < 2n ** 64n) return { tag: 'int', value: new GoTyped('uint64', 'uint64', v) };
      break;
    }
  }
  return { tag: 'str', value: s };
}

/**
 * yaml.v3 parseTimestamp: `YYYY-M-D`, `YYYY-M-DTh:m:s[.frac](Z|±hh:mm)` (t or T),
 * `YYYY-M-D h:m:s[.frac]` (no zone). Anything else (e.g. `… -5`) is not a timestamp.
 */
export function parseTimestamp(s: string): GoTime | undefined {
  if (!/^[0-9]{4}-/.test(s)) return undefined;
  let m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/.exec(s);
  if (m) return build(m[1], m[2], m[3], '0', '0', '0', '', undefined);
  m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})$/.exec(s);
  if (m) return build(m[1], m[2], m[3], m[4], m[5], m[6], m[7] ?? '', m[8]);
  m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}) ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?$/.exec(s);
  if (m) return build(m[1], m[2], m[3], m[4], m[5], m[6], m[7] ?? '', undefined);
  return undefined;
}

function build(y: string, mo: string, d: string, h: string, mi: string, se: string, frac: string, zone: string | undefined): GoTime | undefined {
  const [Y, M, D, H, MI, S] = [y, mo, d, h, mi, se].map(Number);
  if (M < 1 || M > 12 || D < 1 || D > daysIn(Y, M) || H > 23 || MI > 59 || S > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Y, M - 1, D);
  date.setUTCHours(H, MI, S, 0);
  const nsec = frac ? Number(frac.slice(0, 9).padEnd(9, '0')) : 0;
  let offset = 0;
  let name = 'UTC';
  if (zone && zone !== 'Z') {
    offset = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
    name = '';
  }
  return new GoTime(date.getTime() - offset * 1000 + Math.floor(nsec / 1e6), nsec % 1e6, offset, name);
}

function daysIn(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** yaml.v3 encoder: YAML 1.1 booleans are quoted on output though v3 reads them as strings. */
export function isOldBool(s: string): boolean {
  return ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].includes(s);
}

/** yaml.v3 encoder: base-60 floats (`1:20`) are quoted for YAML 1.1 readers. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}
