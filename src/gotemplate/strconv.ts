/**
 * The parts of Go's `strconv` the template parser needs: ParseInt/ParseUint with base 0
 * (prefixes and `_` separators), ParseFloat of Go literals (incl. hex floats) and Unquote /
 * UnquoteChar for string and rune literals.
 */

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_UINT64 = (1n << 64n) - 1n;

/** Go's underscoreOK: `_` only between digits or after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, 0, 64); undefined on any error (syntax or range). */
export function parseUint64(s: string): bigint | undefined {
  if (s === '' || s[0] === '+' || s[0] === '-') return undefined;
  let base = 10;
  let body = s;
  let prefixed = false;
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
      base = 16;
      body = s.slice(2);
      prefixed = true;
    } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
      base = 8;
      body = s.slice(2);
      prefixed = true;
    } else if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
      base = 2;
      body = s.slice(2);
      prefixed = true;
    } else if (s.length > 1) {
      base = 8;
      body = s.slice(1);
      prefixed = true;
    }
  }
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  void prefixed;
  let n = 0n;
  const b = BigInt(base);
  let digits = 0;
  for (const c of body) {
    if (c === '_') continue;
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * b + BigInt(d);
    digits++;
  }
  if (digits === 0 && !(base === 8 && body === '')) return undefined;
  if (n > MAX_UINT64) return undefined;
  return n;
}

/** strconv.ParseInt(s, 0, 64); undefined on any error. */
export function parseInt64(s: string): bigint | undefined {
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUint64(body);
  if (u === undefined) return undefined;
  const v = neg ? -u : u;
  if (v > MAX_INT64 || v < MIN_INT64) return undefined;
  return v;
}

/** strconv.ParseFloat(s, 64) for Go literal syntax; undefined on syntax errors, ±Inf on overflow. */
export function parseFloat64(s: string): number | undefined {
  if (s.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    s = s.replace(/_/g, '');
  }
  let sign = 1;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return sign * Infinity;
  if (lower === 'nan') return NaN;
  if (/^0[xX]/.test(body)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(body);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const mant = (m[1] + (m[2] ?? '')) || '0';
    let v = 0;
    for (const c of mant) v = v * 16 + parseInt(c, 16);
    const exp = Number(m[3]) - 4 * (m[2] ?? '').length;
    return sign * v * Math.pow(2, exp);
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return undefined;
  return sign * Number(body);
}

const simpleEscapes: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
};

/**
 * strconv.UnquoteChar: decode one (possibly escaped) character at `s[i]`.
 * Returns the code point (or a raw byte for `\x`/octal escapes, flagged) and the next index.
 */
export function unquoteChar(s: string, i: number, quote: string): { value: number; byte: boolean; next: number } {
  const c = s[i];
  if (c === undefined) throw new SyntaxError('invalid syntax');
  if (c === quote && (quote === "'" || quote === '"')) throw new SyntaxError('invalid syntax');
  if (c !== '\\') {
    const cp = s.codePointAt(i)!;
    return { value: cp, byte: false, next: i + (cp > 0xffff ? 2 : 1) };
  }
  const e = s[i + 1];
  if (e === undefined) throw new SyntaxError('invalid syntax');
  if (e in simpleEscapes) {
    if ((e === "'" || e === '"') && e !== quote) throw new SyntaxError('invalid syntax');
    return { value: simpleEscapes[e], byte: false, next: i + 2 };
  }
  let n = 0;
  switch (e) {
    case 'x':
      n = 2;
      break;
    case 'u':
      n = 4;
      break;
    case 'U':
      n = 8;
      break;
  }
  if (n > 0) {
    const hex = s.slice(i + 2, i + 2 + n);
    if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw new SyntaxError('invalid syntax');
    const v = parseInt(hex, 16);
    if (e === 'x') return { value: v, byte: true, next: i + 2 + n };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError('invalid syntax');
    return { value: v, byte: false, next: i + 2 + n };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(oct)) throw new SyntaxError('invalid syntax');
    const v = parseInt(oct, 8);
    if (v > 255) throw new SyntaxError('invalid syntax');
    return { value: v, byte: true, next: i + 4 };
  }
  throw new SyntaxError('invalid syntax');
}

/**
 * strconv.Unquote for `"..."` and `` `...` `` literals. Raw bytes from `\x`/octal escapes
 * are decoded as UTF-8 together with their neighbours (invalid sequences become U+FFFD).
 */
export function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new SyntaxError('invalid syntax');
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError('invalid syntax');
    return body.replace(/\r/g, '');
  }
  if (q !== '"') throw new SyntaxError('invalid syntax');
  if (!body.includes('\\')) {
    if (body.includes('"') || body.includes('\n')) throw new SyntaxError('invalid syntax');
    return body;
  }
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    if (body[i] === '\n') throw new SyntaxError('invalid syntax');
    const r = unquoteChar(body, i, '"');
    if (r.byte) bytes.push(r.value);
    else for (const b of Buffer.from(String.fromCodePoint(r.value), 'utf8')) bytes.push(b);
    i = r.next;
  }
  return Buffer.from(bytes).toString('utf8');
}
