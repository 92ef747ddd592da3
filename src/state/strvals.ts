/**
 * `--state-values-set` / `--state-values-set-string` parsing as Helmfile does it
 * (pkg/config NewCLIConfigImpl + maputil.ParseKey/Set): assignments split on commas not
 * escaped by an odd number of backslashes, `\,` unescaped (other backslashes kept), keys
 * `a.b[0].c` with `\.` for a literal dot, values typed like Helm's strvals (`true`,
 * `false`, `null`, integers without a leading zero) unless set-string.
 */
import { UserError } from '../errors/index.js';
import type { PathSegment } from './merge.js';

/** One assignment parsed from a set expression. */
export interface SetAssignment {
  path: PathSegment[];
  value: unknown;
}

function typed(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null') return null;
  if (s === '0') return 0;
  if (!s.startsWith('0') && /^[+-]?[0-9]+$/.test(s)) {
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
    return BigInt(s);
  }
  return s;
}

const bad = (item: string): UserError =>
  new UserError(`invalid assignment "${item}": expected <key>=<value>`, { hint: 'use --state-values-set KEY=VALUE, e.g. a.b[0]=x (escape commas in values as \\,)' });

/** Helmfile's splitOnUnescapedCommas: a comma after an odd run of backslashes is literal. */
export function splitOnUnescapedCommas(s: string, quotes = false): string[] {
  const out: string[] = [];
  let cur = '';
  let backslashes = 0;
  let quote: string | undefined;
  for (const c of s) {
    if (quotes && quote) {
      cur += c;
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === ',' && backslashes % 2 === 0) {
      out.push(cur);
      cur = '';
      backslashes = 0;
      continue;
    }
    // set-string: a value starting with a quote runs to the closing quote.
    if (quotes && (c === '"' || c === "'") && cur.endsWith('=')) quote = c;
    backslashes = c === '\\' ? backslashes + 1 : 0;
    cur += c;
  }
  out.push(cur);
  return out;
}

/** Removes the backslash of `\,` only (an odd run before a comma loses one backslash). */
export function unescapeCommas(s: string): string {
  return s.replace(/(\\+),/g, (_m, run: string) => (run.length % 2 === 1 ? `${run.slice(1)},` : `${run},`));
}

/** maputil.ParseKey: `a.b[0].c`, `\.` is a literal dot. */
function parseKey(key: string, item: string): PathSegment[] {
  const out: PathSegment[] = [];
  let cur = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i] as string;
    if (c === '\\' && key[i + 1] === '.') {
      cur += '.';
      i++;
    } else if (c === '.') {
      if (cur !== '') out.push(cur);
      cur = '';
    } else if (c === '[') {
      const end = key.indexOf(']', i);
      const idx = end < 0 ? '' : key.slice(i + 1, end);
      if (!/^[0-9]+$/.test(idx)) {
        cur += c;
        continue;
      }
      if (cur !== '') out.push(cur);
      cur = '';
      const n = Number(idx);
      if (n > 65536) throw new UserError(`invalid assignment "${item}": index ${n} is too large`);
      out.push(n);
      i = end;
    } else cur += c;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Parses one `--state-values-set` (or `-string`) argument into assignments, in order. */
export function parseSetExpression(expr: string, asString = false): SetAssignment[] {
  const out: SetAssignment[] = [];
  for (const raw of splitOnUnescapedCommas(expr, asString)) {
    const item = unescapeCommas(raw);
    const eq = item.indexOf('=');
    if (eq <= 0) throw bad(item);
    const path = parseKey(item.slice(0, eq), item);
    if (!path.length) throw bad(item);
    const v = item.slice(eq + 1);
    out.push({ path, value: asString ? v : typed(v) });
  }
  return out;
}
