/**
 * The slice of Go's `fmt`/`strconv` the function libraries need: `%v` printing of the value
 * model (what sprig's `strval`, `cat`, `join` and `toString` produce) and float formatting.
 * The engine has its own full `fmt`; this one must print identically for `%v`.
 */
import { GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';

/** strconv.FormatFloat(f, 'g', -1, 64) as `%v` prints float64: shortest digits, %e form when exp < -4 or exp >= 6. */
export function formatFloatG(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  // strconv uses precision 6 for this decision when the precision is "shortest" (-1).
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? '0' : ''}${abs}`;
  }
  return String(n);
}

/**
 * A JS number that stands for a Go int: integral and inside int64. Integral numbers beyond
 * int64 (JSON `1e20`) can only have been float64 in Go.
 */
export function isIntNumber(n: number): boolean {
  return Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808;
}

/** Numbers as Go prints them with %v: ints in decimal, floats with 'g' shortest. */
export function formatNumber(v: number | bigint | GoFloat): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof GoFloat) return formatFloatG(v.value);
  if (isIntNumber(v)) return String(v);
  return formatFloatG(v);
}

/**
 * fmt.Sprint("%v", v) for the template value model. `undefined` and `null` print `<nil>`
 * (an invalid value or nil interface handed to a Go function is nil).
 */
export function formatValue(v: unknown, nested = false): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof GoFloat) return formatNumber(v);
  if (v instanceof GoTyped) {
    if (typeof v.value === 'number' || typeof v.value === 'bigint') return formatNumber(v.value);
    return formatValue(v.value, nested);
  }
  if (Array.isArray(v)) return '[' + v.map((x) => formatValue(x, true)).join(' ') + ']';
  if (isGoObject(v)) {
    if (v.goString) return v.goString();
    return '{}';
  }
  if (isGoMap(v)) {
    const keys = Object.keys(v).sort(compareBytes);
    return 'map[' + keys.map((k) => `${k}:${formatValue(v[k], true)}`).join(' ') + ']';
  }
  if (typeof v === 'function') return '0x0';
  return String(v);
}

/** Go string ordering: by UTF-8 bytes (equivalently by code points). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Byte length of a string in UTF-8 (Go's len). */
export function utf8Len(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Go `s[i:j]` on UTF-8 bytes, decoded back (invalid sequences become U+FFFD). */
export function byteSlice(s: string, start: number, end?: number): string {
  const b = Buffer.from(s, 'utf8');
  return b.subarray(start, end).toString('utf8');
}

/** strconv.Quote: Go double-quoted string with Go escapes; printable Unicode stays as is. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\t': out += '\\t'; continue;
      case '\r': out += '\\r'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) { out += '\\ufffd'; continue; }
    if (isGoPrintable(c)) { out += ch; continue; }
    if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c <= 0xffff) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Approximation of unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isGoPrintable(c: number): boolean {
  if (c === 0x20) return true;
  if (c < 0x20 || c === 0x7f) return false;
  if (c < 0x7f) return true;
  if (c >= 0x80 && c < 0xa0) return false;
  if (c === 0xad) return false;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(c));
}
