/** sprig string functions (strings.go, functions.go): byte-offset semantics like Go. */
import { fail, int, str, type Impl } from './define.js';
import { byteSlice, compareBytes, goQuote, utf8Len } from './go-fmt.js';
import { fromInt64, parseGoInt, strval, toFloat64, toInt64 } from './convert.js';
import { goFloat } from '../value.js';
import { tagType } from './reflect.js';

const isSpace = (c: string): boolean => /\s/u.test(c) && c !== '\u200b';
const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isUpper = (c: string): boolean => /\p{Lu}/u.test(c);
const isLower = (c: string): boolean => /\p{Ll}/u.test(c);

/** strings.Title: upper-case the first letter of each word (separators: space, punctuation). */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += isSeparator(prev) ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function isSeparator(c: string): boolean {
  const r = c.codePointAt(0)!;
  if (r <= 0x7f) {
    if (/[0-9a-zA-Z_]/.test(c)) return false;
    return true;
  }
  if (/[\p{L}\p{Nd}]/u.test(c)) return false;
  return isSpace(c);
}

/** goutils.AbbreviateFull. */
function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return '';
  if (maxWidth < 4) fail('minimum abbreviation width is 4');
  if (s.length <= maxWidth) return s;
  if (offset > s.length) offset = s.length;
  if (s.length - offset < maxWidth - 3) offset = s.length - (maxWidth - 3);
  if (offset <= 4) return s.slice(0, maxWidth - 3) + '...';
  if (maxWidth < 7) fail('minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < s.length) return '...' + abbreviateFull(s.slice(offset), 0, maxWidth - 3);
  return '...' + s.slice(s.length - (maxWidth - 3));
}

/** goutils.WrapCustom. */
function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const n = s.length;
  let offset = 0;
  let out = '';
  while (n - offset > wrapLength) {
    if (s[offset] === ' ') { offset++; continue; }
    const end = wrapLength + offset + 1;
    const spaceAt = s.slice(offset, end).lastIndexOf(' ') + offset;
    if (spaceAt >= offset) {
      out += s.slice(offset, spaceAt) + newLine;
      offset = spaceAt + 1;
    } else if (wrapLongWords) {
      out += s.slice(offset, wrapLength + offset) + newLine;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = s.slice(e).indexOf(' ');
      if (idx === -1) { out += s.slice(offset); offset = n; }
      else { out += s.slice(offset, idx + e) + newLine; offset = idx + e + 1; }
    }
  }
  return out + s.slice(offset);
}

type CharKind = 'upper' | 'lower' | 'digit' | 'conn' | 'punct' | 'symbol';
const charKind = (c: string): CharKind =>
  c === '_' || c === '-' || /\s/u.test(c) ? 'conn'
    : /\p{Nd}/u.test(c) ? 'digit'
      : isUpper(c) ? 'upper'
        : isLetter(c) ? 'lower'
          : /\p{P}/u.test(c) ? 'punct'
            : 'symbol';

/**
 * xstrings snake/kebab case (checked against Go): split at case changes (`FooBarHTTP2xx` →
 * foo bar http 2xx, `Bld4Floor` → bld4 floor, `a1b2C` → a 1b2 c), every connector (`_`, `-`,
 * space) becomes one separator, symbols (`$`, `+`) are words of their own, punctuation glues.
 */
function caseWith(s: string, sep: string): string {
  const cs = Array.from(s);
  let out = '';
  let cur = '';
  const boundary = (): void => {
    out += cur.toLowerCase();
    cur = '';
    if (out && !out.endsWith(sep)) out += sep;
  };
  const isLetterKind = (k: CharKind): boolean => k === 'upper' || k === 'lower';
  /** A digit run followed by a lower-case letter ("2xx") starts a word of its own. */
  const numberWord = (i: number): boolean => {
    let j = i;
    while (j < cs.length && charKind(cs[j]) === 'digit') j++;
    return j < cs.length && charKind(cs[j]) === 'lower';
  };
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const k = charKind(c);
    const pk: CharKind = i > 0 ? charKind(cs[i - 1]) : 'conn';
    const nk: CharKind = i + 1 < cs.length ? charKind(cs[i + 1]) : 'conn';
    if (k === 'conn') {
      out += cur.toLowerCase() + sep;
      cur = '';
      continue;
    }
    let split = false;
    if (k === 'symbol') split = isLetterKind(pk) || pk === 'digit';
    else if (pk === 'symbol') split = isLetterKind(k) || (k === 'digit' && numberWord(i));
    else if (pk !== 'punct' && pk !== 'conn' && k !== 'punct') {
      if (k === 'upper') split = pk === 'lower' || pk === 'digit' || (pk === 'upper' && nk === 'lower');
      // Inside a word that began with a number (`1b2c3`) digits keep gluing.
      else if (k === 'digit' && isLetterKind(pk)) split = numberWord(i) && !(cur && charKind(Array.from(cur)[0]) === 'digit');
    }
    if (split && (cur || out)) boundary();
    cur += c;
  }
  return out + cur.toLowerCase();
}

/**
 * xstrings 1.5 ToPascalCase (sprig 3.3's `camelcase`): connectors (`_`, `-`, space) are dropped and
 * the next rune upper-cased; a connector run keeps one connector; leading and trailing connectors
 * stay; a leading upper-case run is lower-cased after its first rune (`HTTP_server` → HttpServer).
 */
function pascal(input: string): string {
  const isConnector = (c: string): boolean => c === '-' || c === '_' || /\s/u.test(c);
  const cs = Array.from(input);
  if (cs.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  for (; i < cs.length; i++) {
    r0 = cs[i];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = r0.toUpperCase();
      i++;
      break;
    }
    out += r0;
    if (i === cs.length - 1) return out;
  }
  for (; i < cs.length; i++) {
    const r1 = r0;
    r0 = cs[i];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) r0 = r0.toUpperCase();
    else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = r0.toLowerCase();
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

function splitMap(parts: string[]): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  parts.forEach((p, i) => { m[`_${i}`] = p; });
  return tagType(m, 'map[string]string');
}

/** strings.SplitN semantics (n < 0: all; n == 0: nil). */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const cs = Array.from(s);
    if (n < 0 || n >= cs.length) return cs;
    return [...cs.slice(0, n - 1), cs.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** sprig strslice: list → []string via strval, nil elements dropped; a string stays one element. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function seq(...params: unknown[]): string {
  const p = params.map(int);
  const out: number[] = [];
  let start = 1, end = 0, step = 1;
  switch (p.length) {
    case 0: return '';
    case 1: end = p[0]; if (end < 1) step = -1; break;
    case 2: start = p[0]; end = p[1]; step = end < start ? -1 : 1; break;
    case 3: [start, step, end] = [p[0], p[1], p[2]];
      if ((end < start && step >= 0) || (end > start && step <= 0)) return start === end ? String(start) : '';
      break;
    default: return '';
  }
  if (step === 0) return '';
  for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i);
  return out.join(' ');
}

export const stringFuncs: Record<string, Impl> = {
  hello: () => 'Hello!',
  trim: (s) => str(s).replace(/^\s+|\s+$/gu, ''),
  upper: (s) => str(s).toUpperCase(),
  lower: (s) => str(s).toLowerCase(),
  title: (s) => title(str(s)),
  untitle: (s) => {
    let inWord = false;
    let out = '';
    for (const c of str(s)) {
      if (isSpace(c)) { inWord = false; out += c; }
      else if (!inWord) { out += c.toLowerCase(); inWord = true; }
      else out += c;
    }
    return out;
  },
  substr: (start, end, s) => {
    const st = int(start), en = int(end), t = str(s), n = utf8Len(t);
    if (st < 0) { if (en > n || en < 0) fail(`runtime error: slice bounds out of range [:${en}] with length ${n}`); return byteSlice(t, 0, en); }
    if (en < 0 || en > n) { if (st > n) fail(`runtime error: slice bounds out of range [${st}:${n}]`); return byteSlice(t, st); }
    if (st > en) fail(`runtime error: slice bounds out of range [${st}:${en}]`);
    return byteSlice(t, st, en);
  },
  repeat: (count, s) => {
    const c = int(count);
    if (c < 0) fail('strings: negative Repeat count');
    return str(s).repeat(c);
  },
  trimall: (a, b) => trimSet(str(b), str(a)),
  trimAll: (a, b) => trimSet(str(b), str(a)),
  trimSuffix: (a, b) => (str(b).endsWith(str(a)) && str(a) !== '' ? str(b).slice(0, str(b).length - str(a).length) : str(b)),
  trimPrefix: (a, b) => (str(b).startsWith(str(a)) ? str(b).slice(str(a).length) : str(b)),
  nospace: (s) => Array.from(str(s)).filter((c) => !isSpace(c)).join(''),
  initials: (s) => {
    // goutils.Initials walks bytes (rune(str[i])), so non-ASCII letters come out as Latin-1 runes.
    let out = '';
    let gap = true;
    for (const byte of Buffer.from(str(s), 'utf8')) {
      const c = String.fromCharCode(byte);
      if (isSpace(c) || byte === 0x85) gap = true;
      else if (gap) { out += c; gap = false; }
    }
    return out;
  },
  swapcase: (s) => Array.from(str(s), (c) => (isUpper(c) ? c.toLowerCase() : isLower(c) ? c.toUpperCase() : c)).join(''),
  shuffle: (s) => {
    const cs = Array.from(str(s));
    for (let i = cs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [cs[i], cs[j]] = [cs[j], cs[i]];
    }
    return cs.join('');
  },
  snakecase: (s) => caseWith(str(s), '_'),
  kebabcase: (s) => caseWith(str(s), '-'),
  camelcase: (s) => pascal(str(s)),
  wrap: (l, s) => wrapCustom(str(s), int(l), '', false),
  wrapWith: (l, sep, s) => wrapCustom(str(s), int(l), str(sep), true),
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (p, s) => str(s).startsWith(str(p)),
  hasSuffix: (p, s) => str(s).endsWith(str(p)),
  quote: (...xs) => xs.filter((x) => x !== null && x !== undefined).map((x) => goQuote(strval(x))).join(' '),
  squote: (...xs) => xs.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(' '),
  cat: (...xs) => xs.filter((x) => x !== null && x !== undefined).map(strval).join(' '),
  indent: (n, s) => indent(int(n), str(s)),
  nindent: (n, s) => '\n' + indent(int(n), str(s)),
  replace: (o, n, s) => {
    // strings.Replace with an empty `old` inserts `new` around every rune.
    if (str(o) === '') return str(n) + Array.from(str(s)).join(str(n)) + (str(s) === '' ? '' : str(n));
    return str(s).split(str(o)).join(str(n));
  },
  plural: (one, many, count) => (int(count) === 1 ? str(one) : str(many)),
  toString: (v: unknown) => strval(v),
  atoi: (s) => {
    const v = parseGoInt(str(s).replace(/^\+/, ''), true);
    return v === null || /^0[xXbBoO]/.test(str(s).replace(/^[+-]/, '')) || /_/.test(str(s)) ? 0 : fromInt64(v);
  },
  int64: (v) => fromInt64(toInt64(v)),
  int: (v) => fromInt64(toInt64(v)),
  float64: (v) => goFloat(toFloat64(v)),
  seq,
  toDecimal: (v) => {
    const s = strval(v);
    if (!/^[+-]?[0-7]+$/.test(s)) return 0;
    const o = BigInt('0o' + s.replace(/^[+-]/, ''));
    return fromInt64(BigInt.asIntN(64, s.startsWith('-') ? -o : o));
  },
  split: (sep, s) => splitMap(str(s).split(str(sep))),
  splitList: (sep, s) => tagType(str(sep) === '' ? Array.from(str(s)) : str(s).split(str(sep)), '[]string'),
  splitn: (sep, n, s) => splitMap(splitN(str(s), str(sep), int(n))),
  toStrings: (v) => tagType(strslice(v), '[]string'),
  join: (sep, v) => strslice(v).join(str(sep)),
  sortAlpha: (v) => {
    if (!Array.isArray(v)) return tagType([strval(v)], '[]string');
    return tagType(strslice(v).sort(compareBytes), '[]string');
  },
  abbrev: (w, s) => (int(w) < 4 ? str(s) : abbreviateFull(str(s), 0, int(w))),
  abbrevboth: (l, r, s) => {
    const left = int(l), right = int(r);
    if (right < 4 || (left > 0 && right < 7)) return str(s);
    return abbreviateFull(str(s), left, right);
  },
  trunc: (c, s) => {
    const n = int(c), t = str(s), len = utf8Len(t);
    if (n < 0 && len + n > 0) return byteSlice(t, len + n);
    if (n >= 0 && len > n) return byteSlice(t, 0, n);
    return t;
  },
};

function indent(n: number, s: string): string {
  if (n < 0) fail('strings: negative Repeat count');
  const pad = ' '.repeat(n);
  return pad + s.replace(/\n/g, '\n' + pad);
}

/** strings.Trim(s, cutset). */
function trimSet(s: string, cutset: string): string {
  const set = new Set(Array.from(cutset));
  const cs = Array.from(s);
  let a = 0, b = cs.length;
  while (a < b && set.has(cs[a])) a++;
  while (b > a && set.has(cs[b - 1])) b--;
  return cs.slice(a, b).join('');
}
