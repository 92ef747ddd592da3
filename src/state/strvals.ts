/**
 * `--state-values-set` / `--state-values-set-string` parsing, following Helm's strvals
 * (which Helmfile uses): `a.b=1,c[0]=x,d={p,q}`; `\,` and `\.` escape; typed values
 * (`true`, `false`, `null`, integers) unless set-string.
 */
import { UserError } from '../errors/index.js';
import type { PathSegment } from './merge.js';

/** One assignment parsed from a set expression. */
export interface SetAssignment {
  path: PathSegment[];
  value: unknown;
}

function typed(s: string, asString: boolean): unknown {
  if (asString) return s;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null') return null;
  if (s === '0') return 0;
  // strvals: integers without a leading zero become int64; anything else stays a string.
  if (/^-?[1-9][0-9]*$/.test(s)) {
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
  }
  return s;
}

function parseKey(key: string, expr: string): PathSegment[] {
  const out: PathSegment[] = [];
  let cur = '';
  let i = 0;
  const flush = (): void => {
    if (cur !== '') out.push(cur);
    cur = '';
  };
  while (i < key.length) {
    const c = key[i] as string;
    if (c === '\\' && i + 1 < key.length) {
      cur += key[i + 1];
      i += 2;
      continue;
    }
    if (c === '.') {
      if (cur === '' && out.length === 0) throw bad(expr, 'key starts with "."');
      flush();
      i++;
      continue;
    }
    if (c === '[') {
      flush();
      const end = key.indexOf(']', i);
      if (end < 0) throw bad(expr, 'missing "]"');
      const idx = key.slice(i + 1, end);
      if (!/^[0-9]+$/.test(idx)) throw bad(expr, `invalid array index "${idx}"`);
      const n = Number(idx);
      if (n > 65536) throw bad(expr, `index ${n} is too large`);
      out.push(n);
      i = end + 1;
      continue;
    }
    cur += c;
    i++;
  }
  flush();
  if (!out.length) throw bad(expr, 'empty key');
  return out;
}

function bad(expr: string, why: string): UserError {
  return new UserError(`invalid --state-values-set "${expr}": ${why}`, { hint: 'use KEY=VALUE, e.g. a.b[0]=x' });
}

/** Splits on unescaped `sep` outside `{...}`. */
function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth = Math.max(0, depth - 1);
    if (c === sep && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

/** Parses one `--state-values-set` argument into assignments, in order. */
export function parseSetExpression(expr: string, asString = false): SetAssignment[] {
  const out: SetAssignment[] = [];
  for (const item of splitTop(expr, ',')) {
    if (item === '') continue;
    let eq = -1;
    for (let i = 0; i < item.length; i++) {
      if (item[i] === '\\') {
        i++;
        continue;
      }
      if (item[i] === '=') {
        eq = i;
        break;
      }
    }
    if (eq < 0) throw bad(expr, `"${item}" has no "="`);
    const path = parseKey(item.slice(0, eq), expr);
    const raw = item.slice(eq + 1);
    let value: unknown;
    if (raw.startsWith('{') && raw.endsWith('}')) {
      value = splitTop(raw.slice(1, -1), ',').filter((x) => x !== '').map((x) => typed(unescape(x), asString));
    } else value = typed(unescape(raw), asString);
    out.push({ path, value });
  }
  return out;
}
