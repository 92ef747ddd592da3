/**
 * Strategic merge patch for built-in kinds: merge keys from merge-keys.ts and
 * the directives kubectl and helm 3 send — `$patch: replace|delete|merge`,
 * `$retainKeys`, `$deleteFromPrimitiveList/<f>`, `$setElementOrder/<f>`
 * (apimachinery `strategicpatch/patch.go`). Helm 3's rollback carries
 * `$setElementOrder/env`; without it the env order came back wrong (§6).
 */
import { listKindOf } from './merge-keys.js';
import { badRequest } from './status.js';
import { clone, deepEqual, isObj, type Obj } from './util.js';

const SEO = '$setElementOrder/';
const DFPL = '$deleteFromPrimitiveList/';

/** Remove directive keys from a value that is inserted verbatim. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((i) => !(isObj(i) && i.$patch !== undefined && Object.keys(i).length === 1)).map(strip);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(SEO) || k.startsWith(DFPL)) continue;
    if (x === null) continue;
    out[k] = strip(x);
  }
  return out;
}

/** Apply a strategic merge patch to `original` (an object of `kind`). */
export function strategicMergePatch(original: Obj, patch: unknown, kind: string): Obj {
  if (!isObj(patch)) throw badRequest('strategic merge patch must be a JSON object');
  const out = mergeMap(original, patch, kind, []);
  return out ?? {};
}

function mergeMap(orig: Obj | undefined, patch: Obj, kind: string, path: string[]): Obj | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return strip(patch) as Obj;
  const out: Obj = isObj(orig) ? clone(orig) : {};
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith(SEO)) {
      orders.push([key.slice(SEO.length), value as unknown[]]);
      continue;
    }
    if (key.startsWith(DFPL)) {
      const field = key.slice(DFPL.length);
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !(value as unknown[]).some((d) => deepEqual(d, x)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    if (isObj(value)) {
      const merged = mergeMap(isObj(out[key]) ? out[key] : undefined, value, kind, [...path, key]);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else if (Array.isArray(value)) {
      out[key] = mergeList(out[key], value, kind, [...path, key]);
    } else out[key] = value;
  }
  for (const [field, order] of orders) {
    if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], order, kind, [...path, field]);
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

function mergeList(orig: unknown, patch: unknown[], kind: string, path: string[]): unknown[] {
  if (patch.some((i) => isObj(i) && i.$patch === 'replace')) return strip(patch) as unknown[];
  const lk = listKindOf(kind, path);
  const base = Array.isArray(orig) ? clone(orig) : [];
  if (lk.type === 'set') {
    const out = [...base];
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(v);
    return out;
  }
  if (lk.type === 'map' && patch.every(isObj)) {
    const key = lk.smpKey;
    const out = base as Obj[];
    for (const item of patch as Obj[]) {
      const idx = out.findIndex((o) => isObj(o) && deepEqual(o[key], item[key]));
      if (item.$patch === 'delete') {
        if (idx >= 0) out.splice(idx, 1);
        continue;
      }
      if (idx >= 0) {
        const merged = mergeMap(out[idx], item, kind, path);
        if (merged === undefined) out.splice(idx, 1);
        else out[idx] = merged;
      } else out.push(strip(item) as Obj);
    }
    return out;
  }
  return strip(patch) as unknown[];
}

/**
 * `$setElementOrder`: listed items first, in the given order; items the
 * patch did not mention keep their relative order after them.
 */
function reorder(list: unknown[], order: unknown[], kind: string, path: string[]): unknown[] {
  const lk = listKindOf(kind, path);
  const keyOf = (v: unknown): unknown => (lk.type === 'map' && isObj(v) ? v[lk.smpKey] : v);
  const rank = (v: unknown): number => order.findIndex((o) => deepEqual(keyOf(o), keyOf(v)));
  const listed = list.filter((v) => rank(v) >= 0).sort((a, b) => rank(a) - rank(b));
  const rest = list.filter((v) => rank(v) < 0);
  return [...listed, ...rest];
}
