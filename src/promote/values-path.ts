/**
 * Key paths into environment values: reading, comparing and printing the values
 * a promotion moves. Values come from src/state's decoder (go-yaml's model: an
 * integral float is a GoFloat, kept apart from the int of the same number).
 */
import { GoFloat } from '../gotemplate/value.js';
import { isPlainMap } from '../state/merge.js';

/** One step: a map key or a list index. */
export type PathSegment = string | number;

/** `apps.web.imageTag`, `list[0].name`: keys joined by dots, indexes in brackets; odd keys quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `${out ? '.' : ''}${JSON.stringify(s)}`;
  }
  return out;
}

/** The value at `path`, or `{ found: false }`. */
export function getAt(root: unknown, path: readonly PathSegment[]): { found: true; value: unknown } | { found: false } {
  let cur: unknown = root;
  for (const s of path) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur) || s >= cur.length) return { found: false };
      cur = cur[s];
    } else {
      if (!isPlainMap(cur) || !Object.hasOwn(cur, s)) return { found: false };
      cur = cur[s];
    }
  }
  return { found: true, value: cur };
}

/** Deep equality in go-yaml's model: `1.0` (float) differs from `1` (int), `"1"` from `1`. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof GoFloat || b instanceof GoFloat) {
    return a instanceof GoFloat && b instanceof GoFloat ? a.value === b.value : false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isPlainMap(a) || isPlainMap(b)) {
    if (!isPlainMap(a) || !isPlainMap(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  return Object.is(a, b) || (a === 0 && b === 0);
}

/** How a value reads in tables, summaries and commit messages: scalars as YAML would print them, others as flow JSON. */
export function displayValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (v === null) return 'null';
  if (v instanceof GoFloat) return Number.isFinite(v.value) ? `${v.value}.0` : String(v.value);
  if (typeof v === 'string') return v === '' || /^\s|\s$|[\n\r\t]/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof GoFloat ? x.value : typeof x === 'bigint' ? String(x) : x));
}

/** The value as JSON data (`--output json`): GoFloat as its number. */
export function jsonValue(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof GoFloat ? x.value : typeof x === 'bigint' ? String(x) : x)) ?? 'null');
}

/** The first path where two values differ (`[]` when they differ at the top), or undefined when they are the same. */
export function firstDifference(a: unknown, b: unknown, path: PathSegment[] = []): PathSegment[] | undefined {
  if (sameValue(a, b)) return undefined;
  if (isPlainMap(a) && isPlainMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], [...path, k]);
      if (d) return d;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], [...path, i]);
      if (d) return d;
    }
  }
  return path;
}
