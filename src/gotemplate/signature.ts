/**
 * Go function signatures (`func(fmt string, args ...interface{}) (string, error)`) parsed
 * into what the executor needs for Go's reflect-based call checks: parameter types, whether
 * the last one is variadic, and the result count.
 */
import { normalizeType } from './types.js';

export interface Signature {
  /** Canonical Go type of each parameter; the variadic one is listed as its element type. */
  params: string[];
  variadic: boolean;
  /** Result types (1, or 2 with `error` last). */
  results: string[];
}

const cache = new Map<string, Signature>();

/** Signature used when a function carries no goSig: `func(...interface {}) interface {}`. */
export const LOOSE_SIGNATURE: Signature = { params: ['interface {}'], variadic: true, results: ['interface {}'] };

/** Split on commas that are not nested in brackets, braces or parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** Index of the parenthesis closing the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

const typeStarts = /^(\.\.\.|\*|\[|map\[|func\(|chan\b|interface\b|struct\b)/;

/** Parameter list entries → types (handles `a, b string` and unnamed lists). */
function paramTypes(list: string): string[] {
  const entries = splitTop(list);
  // Named when some entry is "<ident> <type>" (a space outside brackets, not a type keyword).
  const named = entries.some((e) => {
    const m = /^([A-Za-z_]\w*)\s+(\S.*)$/.exec(e);
    return m !== null && !['chan', 'interface', 'struct', 'func', 'map'].includes(m[1]);
  });
  if (!named) return entries.map(normalizeType);
  const types: string[] = [];
  let pending = 0;
  for (const e of entries) {
    const m = /^([A-Za-z_]\w*)\s+(\S.*)$/.exec(e);
    if (m && !typeStarts.test(e)) {
      const t = normalizeType(m[2]);
      for (; pending > 0; pending--) types.push(t);
      types.push(t);
    } else pending++;
  }
  return types;
}

/** The signature of a function value: its goSig, or the loose one when absent or unreadable. */
export function signatureOf(fn: { goSig?: string }): Signature {
  if (!fn.goSig) return LOOSE_SIGNATURE;
  try {
    return parseSignature(fn.goSig);
  } catch {
    return LOOSE_SIGNATURE;
  }
}

/** Parse a Go func type; throws on text that is not one. */
export function parseSignature(sig: string): Signature {
  const hit = cache.get(sig);
  if (hit) return hit;
  const s = sig.trim();
  if (!s.startsWith('func(')) throw new Error(`not a Go func signature: ${sig}`);
  const close = closing(s, 4);
  const params = paramTypes(s.slice(5, close));
  let rest = s.slice(close + 1).trim();
  let results: string[];
  if (rest === '') results = [];
  else if (rest.startsWith('(')) {
    rest = rest.slice(1, closing(rest, 0));
    results = paramTypes(rest);
  } else results = [normalizeType(rest)];
  let variadic = false;
  if (params.length > 0 && params[params.length - 1].startsWith('...')) {
    variadic = true;
    params[params.length - 1] = normalizeType(params[params.length - 1].slice(3));
  }
  const out: Signature = { params, variadic, results };
  cache.set(sig, out);
  return out;
}
