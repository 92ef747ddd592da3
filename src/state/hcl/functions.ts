/**
 * The HCL functions helmsync provides in values files: the common part of the cty
 * stdlib Helmfile registers (strings, collections, numbers, encoding).
 */
import { stringify } from 'yaml';

type Fn = (...args: unknown[]) => unknown;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown, fn: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${fn}: a string is required`);
};
const num = (v: unknown, fn: string): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) throw new Error(`${fn}: a number is required`);
  return n;
};
const list = (v: unknown, fn: string): unknown[] => {
  if (!Array.isArray(v)) throw new Error(`${fn}: a list is required`);
  return v;
};

/** Go-style %s/%d/%v formatting for `format`. */
function format(fmt: unknown, ...args: unknown[]): string {
  let i = 0;
  return str(fmt, 'format').replace(/%([%sdvqft])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(str(a, 'format'));
    if (verb === 'd') return String(Math.trunc(num(a, 'format')));
    if (verb === 'v' && (Array.isArray(a) || isObj(a))) return JSON.stringify(a);
    return str(a, 'format');
  });
}

export const HCL_FUNCTIONS: Record<string, Fn> = {
  upper: (s) => str(s, 'upper').toUpperCase(),
  lower: (s) => str(s, 'lower').toLowerCase(),
  title: (s) => str(s, 'title').replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: (s) => str(s, 'trimspace').trim(),
  trim: (s, cut) => {
    const chars = [...str(cut, 'trim')];
    let t = str(s, 'trim');
    while (t && chars.includes(t[0] as string)) t = t.slice(1);
    while (t && chars.includes(t[t.length - 1] as string)) t = t.slice(0, -1);
    return t;
  },
  trimprefix: (s, p) => (str(s, 'trimprefix').startsWith(str(p, 'trimprefix')) ? str(s, 'trimprefix').slice(str(p, 'trimprefix').length) : s),
  trimsuffix: (s, p) => (str(s, 'trimsuffix').endsWith(str(p, 'trimsuffix')) && str(p, 'trimsuffix') ? str(s, 'trimsuffix').slice(0, -str(p, 'trimsuffix').length) : s),
  replace: (s, a, b) => str(s, 'replace').split(str(a, 'replace')).join(str(b, 'replace')),
  split: (sep, s) => str(s, 'split').split(str(sep, 'split')),
  join: (sep, l) => list(l, 'join').map((x) => str(x, 'join')).join(str(sep, 'join')),
  substr: (s, off, len) => {
    const t = [...str(s, 'substr')];
    const o = num(off, 'substr');
    const l = num(len, 'substr');
    return t.slice(o, l < 0 ? undefined : o + l).join('');
  },
  strlen: (s) => [...str(s, 'strlen')].length,
  format,
  formatlist: (fmt, ...args) => {
    const n = Math.max(...args.map((a) => (Array.isArray(a) ? a.length : 1)));
    return Array.from({ length: n }, (_, i) => format(fmt, ...args.map((a) => (Array.isArray(a) ? a[i] : a))));
  },
  length: (v) => (Array.isArray(v) ? v.length : isObj(v) ? Object.keys(v).length : [...str(v, 'length')].length),
  concat: (...ls) => ls.flatMap((l) => list(l, 'concat')),
  flatten: (l) => {
    const out: unknown[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else out.push(x);
    };
    walk(list(l, 'flatten'));
    return out;
  },
  distinct: (l) => {
    const seen = new Set<string>();
    return list(l, 'distinct').filter((x) => {
      const k = JSON.stringify(x);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
  reverse: (l) => [...list(l, 'reverse')].reverse(),
  sort: (l) => list(l, 'sort').map((x) => str(x, 'sort')).sort(),
  contains: (l, v) => list(l, 'contains').some((x) => JSON.stringify(x) === JSON.stringify(v)),
  element: (l, i) => {
    const a = list(l, 'element');
    if (!a.length) throw new Error('element: cannot use element function with an empty list');
    return a[num(i, 'element') % a.length];
  },
  index: (l, v) => {
    const i = list(l, 'index').findIndex((x) => JSON.stringify(x) === JSON.stringify(v));
    if (i < 0) throw new Error('index: item not found');
    return i;
  },
  slice: (l, a, b) => list(l, 'slice').slice(num(a, 'slice'), num(b, 'slice')),
  keys: (m) => {
    if (!isObj(m)) throw new Error('keys: a map is required');
    return Object.keys(m).sort();
  },
  values: (m) => {
    if (!isObj(m)) throw new Error('values: a map is required');
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  },
  lookup: (m, k, d) => {
    if (!isObj(m)) throw new Error('lookup: a map is required');
    const key = str(k, 'lookup');
    if (Object.hasOwn(m, key)) return m[key];
    if (d === undefined) throw new Error(`lookup: key "${key}" not found`);
    return d;
  },
  merge: (...ms) => {
    const out: Record<string, unknown> = {};
    for (const m of ms) {
      if (m === null) continue;
      if (!isObj(m)) throw new Error('merge: arguments must be maps');
      Object.assign(out, m);
    }
    return out;
  },
  zipmap: (ks, vs) => {
    const k = list(ks, 'zipmap');
    const v = list(vs, 'zipmap');
    return Object.fromEntries(k.map((x, i) => [str(x, 'zipmap'), v[i]]));
  },
  range: (...a) => {
    const n = a.map((x) => num(x, 'range'));
    const [start, end, step] = n.length === 1 ? [0, n[0] as number, 1] : [n[0] as number, n[1] as number, n[2] ?? 1];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  coalesce: (...a) => a.find((x) => x !== null && x !== '') ?? null,
  compact: (l) => list(l, 'compact').filter((x) => x !== null && x !== ''),
  abs: (n) => Math.abs(num(n, 'abs')),
  ceil: (n) => Math.ceil(num(n, 'ceil')),
  floor: (n) => Math.floor(num(n, 'floor')),
  min: (...a) => Math.min(...a.map((x) => num(x, 'min'))),
  max: (...a) => Math.max(...a.map((x) => num(x, 'max'))),
  pow: (a, b) => num(a, 'pow') ** num(b, 'pow'),
  parseint: (s, b) => parseInt(str(s, 'parseint'), num(b, 'parseint')),
  tostring: (v) => (v === null ? null : str(v, 'tostring')),
  tonumber: (v) => (v === null ? null : num(v, 'tonumber')),
  tobool: (v) => {
    if (v === null || typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new Error('tobool: a bool is required');
  },
  tolist: (v) => list(v, 'tolist'),
  toset: (v) => HCL_FUNCTIONS.distinct?.(v),
  tomap: (v) => {
    if (!isObj(v)) throw new Error('tomap: a map is required');
    return v;
  },
  jsonencode: (v) => JSON.stringify(v),
  jsondecode: (s) => JSON.parse(str(s, 'jsondecode')) as unknown,
  yamlencode: (v) => stringify(v),
  base64encode: (s) => Buffer.from(str(s, 'base64encode'), 'utf8').toString('base64'),
  base64decode: (s) => Buffer.from(str(s, 'base64decode'), 'base64').toString('utf8'),
};
