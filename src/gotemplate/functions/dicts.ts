/** sprig dict functions (dict.go) and mergo's Merge semantics behind merge/mergeOverwrite. */
import { isGoMap } from '../value.js';
import { fail, setKey, str, type Impl } from './define.js';
import { isEmpty, strval } from './convert.js';
import { compareBytes } from './go-fmt.js';
import { tagType } from './reflect.js';

type Dict = Record<string, unknown>;

function asDict(v: unknown): Dict {
  if (isGoMap(v)) return v;
  fail(`wrong type for value; expected map[string]interface {}; got ${v === null || v === undefined ? '<nil>' : typeof v}`);
}

/**
 * dario.cat/mergo deepMerge for map[string]interface{}: mutates `dst`.
 * Without overwrite src only fills missing or empty dst keys; with overwrite src wins,
 * empty values ("", false, 0, nil) included: mergo's map branch sets any valid src
 * element under overwrite (checked against Go, test/gotemplate/functions/merge-oracle.test.ts).
 */
export function mergeInto(dst: Dict, src: Dict, overwrite: boolean): Dict {
  for (const key of Object.keys(src)) {
    const s = src[key];
    const has = Object.hasOwn(dst, key);
    const d = has ? dst[key] : undefined;
    if (s === null || s === undefined) {
      if (overwrite) setKey(dst, key, null);
      continue;
    }
    if (isGoMap(s)) {
      if (isGoMap(d)) {
        mergeInto(d, s, overwrite);
        if (!isEmpty(d)) continue;
      }
      if (!has || isEmpty(d) || overwrite) setKey(dst, key, s);
      continue;
    }
    if (Array.isArray(s)) {
      if (overwrite || !has || isEmpty(d)) setKey(dst, key, s);
      continue;
    }
    if (!has || isEmpty(d) || overwrite) setKey(dst, key, s);
  }
  return dst;
}

/** copystructure-like deep copy of maps and slices. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isGoMap(v)) {
    const out: Dict = {};
    for (const k of Object.keys(v)) setKey(out, k, deepCopy(v[k]));
    return out as T;
  }
  return v;
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) fail('dig needs at least three arguments');
  let dict = ps[ps.length - 1];
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, ps.length - 2).map((k) => {
    if (typeof k !== 'string') fail(`interface conversion: interface {} is ${typeof k}, not string`);
    return k;
  });
  for (let i = 0; i < keys.length; i++) {
    const d = asDict(dict);
    if (!Object.hasOwn(d, keys[i])) return def;
    dict = d[keys[i]];
    if (i === keys.length - 1) return dict;
    if (!isGoMap(dict)) fail(`interface conversion: interface {} is not map[string]interface {}`);
  }
  return def;
}

// A nil dst map (YAML null) merges into a fresh map, as mergo's result prints `map[]`.
const merge = (dst: unknown, ...srcs: unknown[]): unknown => {
  const d = dst === null || dst === undefined ? {} : asDict(dst);
  for (const s of srcs) if (s !== null && s !== undefined) mergeInto(d, asDict(s), false);
  return d;
};
const mergeOverwrite = (dst: unknown, ...srcs: unknown[]): unknown => {
  const d = dst === null || dst === undefined ? {} : asDict(dst);
  for (const s of srcs) if (s !== null && s !== undefined) mergeInto(d, asDict(s), true);
  return d;
};

export const dictFuncs: Record<string, Impl> = {
  dict: (...v) => {
    const out: Dict = {};
    for (let i = 0; i < v.length; i += 2) setKey(out, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
    return out;
  },
  get: (d, key) => { const m = asDict(d); return Object.hasOwn(m, str(key)) ? m[str(key)] : ''; },
  set: (d, key, value) => { setKey(asDict(d), str(key), value); return d; },
  unset: (d, key) => { delete asDict(d)[str(key)]; return d; },
  hasKey: (d, key) => Object.hasOwn(asDict(d), str(key)),
  pluck: (key, ...ds) => ds.map(asDict).filter((m) => Object.hasOwn(m, str(key))).map((m) => m[str(key)]),
  keys: (...ds) => tagType(ds.flatMap((m) => Object.keys(asDict(m)).sort(compareBytes)), '[]string'),
  pick: (d, ...keys) => {
    const m = asDict(d);
    const out: Dict = {};
    for (const k of keys.map(str)) if (Object.hasOwn(m, k)) setKey(out, k, m[k]);
    return out;
  },
  omit: (d, ...keys) => {
    const m = asDict(d);
    const drop = new Set(keys.map(str));
    const out: Dict = {};
    for (const k of Object.keys(m)) if (!drop.has(k)) setKey(out, k, m[k]);
    return out;
  },
  values: (d) => { const m = asDict(d); return Object.keys(m).sort(compareBytes).map((k) => m[k]); },
  merge,
  mergeOverwrite,
  mustMerge: merge,
  mustMergeOverwrite: mergeOverwrite,
  dig,
  deepCopy: (v) => { if (v === null || v === undefined) fail('must pass a value to deepCopy'); return deepCopy(v); },
  mustDeepCopy: (v) => { if (v === null || v === undefined) fail('must pass a value to deepCopy'); return deepCopy(v); },
};
