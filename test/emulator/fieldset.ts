/**
 * Field sets for server-side apply: which paths of an object a manager owns,
 * their FieldsV1 rendering (`f:`, `k:{…}`, `v:…`, `.`) and the path syntax of
 * conflict messages (`.spec.template.spec.containers[name="web"].image`).
 *
 * A path is a list of elements: `f:<field>`, `k:<json key object>`,
 * `v:<json value>`. A set holds paths serialised with JSON.stringify.
 * Members are leaves (primitives, atomic lists, empty maps) and list items
 * (the `.` marker); plain map nodes are never members themselves.
 */
import { isAtomicStruct, listKindOf, ssaKeyOf } from './merge-keys.js';
import { canonical, isObj, type Obj } from './util.js';

export type FieldPath = string[];
export type FieldSet = Set<string>;

/** Top-level and metadata fields the server manages itself (never owned). */
const SKIP_TOP = new Set(['apiVersion', 'kind']);
const SKIP_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName']);

/** Context needed to know how lists merge. */
export interface SetContext {
  kind: string;
  custom?: boolean;
}

/** All member paths of `obj` (optionally only below `only`, e.g. `spec` or `status`). */
export function fieldSetOf(obj: Obj, ctx: SetContext, exclude: string[] = []): FieldSet {
  const out: FieldSet = new Set();
  for (const [k, v] of Object.entries(obj)) {
    if (SKIP_TOP.has(k) || exclude.includes(k) || v === undefined || v === null) continue;
    if (k === 'metadata' && isObj(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (SKIP_META.has(mk) || mv === undefined || mv === null) continue;
        walk(mv, ['f:metadata', `f:${mk}`], ['metadata', mk], ctx, out);
      }
      continue;
    }
    walk(v, [`f:${k}`], [k], ctx, out);
  }
  return out;
}

function walk(v: unknown, path: FieldPath, names: string[], ctx: SetContext, out: FieldSet): void {
  if (isObj(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== null && v[k] !== undefined);
    if (keys.length === 0 || isAtomicStruct(names, ctx.custom)) {
      out.add(JSON.stringify(path));
      return;
    }
    for (const k of keys) walk(v[k], [...path, `f:${k}`], [...names, k], ctx, out);
    return;
  }
  if (Array.isArray(v)) {
    const lk = listKindOf(ctx.kind, names, ctx.custom);
    if (lk.type === 'map' && v.length > 0 && v.every((i) => isObj(i) && ssaKeyOf(i, lk.ssaKeys))) {
      for (const item of v as Obj[]) {
        const itemPath = [...path, `k:${canonical(ssaKeyOf(item, lk.ssaKeys))}`];
        out.add(JSON.stringify([...itemPath, '.']));
        for (const [k, x] of Object.entries(item)) {
          if (x === null || x === undefined) continue;
          walk(x, [...itemPath, `f:${k}`], [...names, k], ctx, out);
        }
      }
      return;
    }
    if (lk.type === 'set' && v.length > 0) {
      for (const item of v) out.add(JSON.stringify([...path, `v:${JSON.stringify(item)}`]));
      return;
    }
  }
  out.add(JSON.stringify(path));
}

/** The value at a path, or undefined. A `.` marker yields the list item itself. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const el of path) {
    if (el === '.') return cur;
    if (cur === undefined) return undefined;
    if (el.startsWith('f:')) {
      cur = isObj(cur) ? cur[el.slice(2)] : undefined;
    } else if (el.startsWith('k:')) {
      const key = JSON.parse(el.slice(2)) as Obj;
      cur = Array.isArray(cur) ? cur.find((i) => isObj(i) && Object.entries(key).every(([k, kv]) => canonical(i[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === canonical(kv))) : undefined;
    } else if (el.startsWith('v:')) {
      const want = el.slice(2);
      cur = Array.isArray(cur) ? cur.find((i) => JSON.stringify(i) === want) : undefined;
    }
  }
  return cur;
}

/** Delete the node at a path (a map field, a keyed list item or a set value). */
export function deleteAt(obj: Obj, path: FieldPath): void {
  const p = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const parent = valueAt(obj, p.slice(0, -1));
  const last = p[p.length - 1]!;
  if (last.startsWith('f:') && isObj(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const target = valueAt(obj, p);
    const idx = parent.indexOf(target);
    if (idx >= 0) parent.splice(idx, 1);
  }
}

/** FieldsV1 JSON of a set. */
export function encodeFieldsV1(set: FieldSet): Obj {
  const root: Obj = {};
  const paths = [...set].map((s) => JSON.parse(s) as FieldPath);
  for (const p of paths) {
    let node = root;
    for (const el of p) {
      node[el] ??= {};
      node = node[el] as Obj;
    }
  }
  return sortTree(root);
}

function sortTree(n: Obj): Obj {
  const out: Obj = {};
  const keys = Object.keys(n).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) out[k] = sortTree(n[k] as Obj);
  return out;
}

/** Parse FieldsV1 JSON back into a set: leaves and `.` markers are members. */
export function decodeFieldsV1(tree: unknown): FieldSet {
  const out: FieldSet = new Set();
  const visit = (n: Obj, path: FieldPath): void => {
    const keys = Object.keys(n);
    if (keys.length === 0 && path.length > 0) {
      out.add(JSON.stringify(path));
      return;
    }
    for (const k of keys) {
      if (k === '.') out.add(JSON.stringify([...path, '.']));
      else visit(isObj(n[k]) ? n[k] : {}, [...path, k]);
    }
  };
  if (isObj(tree)) visit(tree, []);
  return out;
}

/** Conflict-message form of a path: `.spec.containers[name="web"].image`. */
export function pathString(path: FieldPath): string {
  let s = '';
  for (const el of path) {
    if (el === '.') continue;
    if (el.startsWith('f:')) s += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) {
      const key = JSON.parse(el.slice(2)) as Obj;
      s += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (el.startsWith('v:')) s += `[=${el.slice(2)}]`;
  }
  return s;
}

/** True when `path` is a list-item marker (never conflicts on value, T11). */
export function isMarker(path: FieldPath): boolean {
  return path[path.length - 1] === '.';
}

/** Does `prefix` contain `path` (same or ancestor)? */
export function isPrefix(prefix: FieldPath, path: FieldPath): boolean {
  const p = prefix[prefix.length - 1] === '.' ? prefix.slice(0, -1) : prefix;
  return p.length <= path.length && p.every((e, i) => e === path[i]);
}
