/** sprig list functions (list.go): any slice kind in, []interface{} out; misuse panics. */
import { fail, int, type Impl } from './define.js';
import { isEmpty, toInt64 } from './convert.js';
import { deepEqual, goKindOf, nilSlice } from './reflect.js';

/** The list or a Go-like panic `Cannot <what> on type <kind>`. */
function asList(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  fail(`Cannot ${what} type ${goKindOf(v) === 'invalid' ? '<nil>' : goKindOf(v)}`);
}

function inList(list: unknown[], needle: unknown): boolean {
  return list.some((x) => deepEqual(x, needle));
}

/** A pair of (panicking, must*) implementations sharing one body. */
function both(name: string, mustName: string, body: (...a: unknown[]) => unknown): Record<string, Impl> {
  return { [name]: body, [mustName]: body };
}

export const listFuncs: Record<string, Impl> = {
  list: (...v) => v,
  tuple: (...v) => v,
  ...both('push', 'mustPush', (l, v) => [...asList(l, 'push on'), v]),
  ...both('append', 'mustAppend', (l, v) => [...asList(l, 'push on'), v]),
  ...both('prepend', 'mustPrepend', (l, v) => [v, ...asList(l, 'prepend on')]),
  ...both('first', 'mustFirst', (l) => { const a = asList(l, 'find first on'); return a.length ? a[0] : null; }),
  ...both('last', 'mustLast', (l) => { const a = asList(l, 'find last on'); return a.length ? a[a.length - 1] : null; }),
  ...both('rest', 'mustRest', (l) => { const a = asList(l, 'find rest on'); return a.length ? a.slice(1) : nilSlice(); }),
  ...both('initial', 'mustInitial', (l) => { const a = asList(l, 'find initial on'); return a.length ? a.slice(0, a.length - 1) : nilSlice(); }),
  ...both('reverse', 'mustReverse', (l) => [...asList(l, 'find reverse on')].reverse()),
  ...both('compact', 'mustCompact', (l) => asList(l, 'compact on').filter((x) => !isEmpty(x))),
  ...both('uniq', 'mustUniq', (l) => {
    const out: unknown[] = [];
    for (const x of asList(l, 'find uniq on')) if (!inList(out, x)) out.push(x);
    return out;
  }),
  ...both('without', 'mustWithout', (l, ...omit) => asList(l, 'find without on').filter((x) => !inList(omit, x))),
  ...both('has', 'mustHas', (needle, hay) => {
    if (hay === null || hay === undefined) return false;
    return inList(asList(hay, 'find has on'), needle);
  }),
  ...both('slice', 'mustSlice', (l, ...idx) => {
    if (!Array.isArray(l)) fail(`list should be type of slice or array but ${goKindOf(l)}`);
    if (l.length === 0) return null;
    const start = idx.length > 0 ? Number(toInt64(idx[0])) : 0;
    const end = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
    if (start < 0 || end > l.length || start > end) fail(`runtime error: slice bounds out of range [${start}:${end}] with capacity ${l.length}`);
    return l.slice(start, end);
  }),
  ...both('chunk', 'mustChunk', (size, l) => {
    const a = asList(l, 'chunk');
    const n = int(size);
    // Go computes the chunk count by dividing by size: 0 or less cannot allocate.
    if (n <= 0) fail('runtime error: makeslice: len out of range');
    const out: unknown[][] = [];
    for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
    return out;
  }),
  concat: (...lists) => {
    const out: unknown[] = lists.length ? [] : nilSlice();
    for (const l of lists) {
      if (!Array.isArray(l)) fail(`Cannot concat type ${goKindOf(l)} as list`);
      out.push(...l);
    }
    return out;
  },
};
