/**
 * Conversions sprig performs on `interface{}` arguments: spf13/cast's ToInt64/ToFloat64,
 * sprig's strval, and Go's `empty` notion. Ints travel as bigint internally so int64
 * wrap-around matches Go; results go back to the value model with {@link fromInt64}.
 */
import { GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { formatValue, isIntNumber } from './go-fmt.js';

const INT64_MIN = -(2n ** 63n);

/** A Go int64 in the value model: a number when safe, else a bigint. */
export function fromInt64(b: bigint): number | bigint {
  const w = BigInt.asIntN(64, b);
  return w >= BigInt(Number.MIN_SAFE_INTEGER) && w <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(w) : w;
}

/** Go's int64(f) conversion (truncation; out of range gives MinInt64 as on amd64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** strconv.ParseInt(s, 0, 64): Go literal syntax with base prefixes and a leading-0 octal; null on error. */
/** Go base-0 integer syntax without a range check; null on a syntax error. */
function parseGoIntRaw(s: string, leadingZeroDecimal: boolean): bigint | null {
  const m = /^([+-]?)(.+)$/.exec(s);
  if (!m) return null;
  const neg = m[1] === '-';
  let body = m[2];
  let base = 10;
  let prefixed = true;
  if (/^0[xX]/.test(body)) { base = 16; body = body.slice(2); }
  else if (/^0[bB]/.test(body)) { base = 2; body = body.slice(2); }
  else if (/^0[oO]/.test(body)) { base = 8; body = body.slice(2); }
  else if (body.length > 1 && body[0] === '0' && !leadingZeroDecimal) { base = 8; body = body.slice(1); }
  else prefixed = false;
  if (body.includes('_')) {
    // Go allows underscores only in base-prefixed literals, between digits or after the prefix.
    if (!prefixed || !/^_?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(body)) return null;
    body = body.replace(/_/g, '');
  }
  const digits: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
  if (!digits[base].test(body)) return null;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const v = BigInt(prefix + body);
  return neg ? -v : v;
}

/** strconv.ParseInt(s, 0, 64); null on a syntax or range error. */
export function parseGoInt(s: string, leadingZeroDecimal = false): bigint | null {
  const v = parseGoIntRaw(s, leadingZeroDecimal);
  if (v === null || v > 2n ** 63n - 1n || v < INT64_MIN) return null;
  return v;
}

/** strconv.ParseUint(s, 0, 64); null on error. */
export function parseGoUint(s: string): bigint | null {
  if (s.startsWith('-') || s.startsWith('+')) return null;
  const v = parseGoIntRaw(s, false);
  if (v === null || v < 0n || v >= 2n ** 64n) return null;
  return v;
}

/** cast's trimZeroDecimal: drop a fractional part made only of zeros ("10.00" → "10"). */
export function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') return foundZero ? s.slice(0, i - 1) : s;
    if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** cast.ToInt64: ints, floats (truncated), numeric strings, bools; anything else is 0. */
export function toInt64(v: unknown): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'number') return isIntNumber(v) ? BigInt(v) : floatToInt64(v);
  if (v instanceof GoFloat) return floatToInt64(v.value);
  if (v instanceof GoTyped) {
    if (typeof v.value === 'bigint') return BigInt.asIntN(64, v.value);
    if (typeof v.value === 'number') return isIntNumber(v.value) ? BigInt(v.value) : floatToInt64(v.value);
    return 0n;
  }
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    // cast: strconv.ParseInt(trimZeroDecimal(s), 0, 0), so "0777" is octal and "10.0" is 10.
    return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  }
  return 0n;
}

/** strconv.ParseFloat(s, 64) for decimal and hex floats, Inf/NaN words; null on error or overflow. */
export function parseGoFloat(s: string): number | null {
  const t = s.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  let body = s;
  if (/_/.test(body)) {
    if (!/^[+-]?0[xX]/.test(body)) return null;
    body = body.replace(/_/g, '');
  }
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(body)) {
    const n = Number(body);
    return Number.isFinite(n) ? n : null;
  }
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(body);
  if (hex && (hex[2] || hex[3])) {
    const mant = parseInt((hex[2] || '0') + (hex[3] || ''), 16) / 16 ** hex[3].length;
    const n = mant * 2 ** Number(hex[4]) * (hex[1] === '-' ? -1 : 1);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** cast.ToFloat64: numbers, numeric strings, bools; anything else is 0. */
export function toFloat64(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoFloat) return v.value;
  if (v instanceof GoTyped) return typeof v.value === 'number' || typeof v.value === 'bigint' ? Number(v.value) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  return 0;
}

/** sprig's strval: strings as-is, Stringer/error via String(), else fmt %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isGoObject(v) && v.goString) return v.goString();
  return formatValue(v);
}

/** sprig's `empty`: nil, zero numbers, false, "", empty list or map. Structs are never empty. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (v instanceof GoFloat) return v.value === 0;
  if (v instanceof GoTyped) return isEmpty(v.value);
  if (Array.isArray(v)) return v.length === 0;
  if (isGoObject(v)) return false;
  if (isGoMap(v)) return Object.keys(v).length === 0;
  return false;
}

/** Go truthiness (text/template's isTrue): like empty, but structs and pointers are true. */
export function isTrue(v: unknown): boolean {
  return !isEmpty(v);
}
