/**
 * The merges Helmfile does, each named after what it is for (inventory §3.3):
 * state values layering (deep maps; arrays replaced, or merged element-wise when the
 * override array is sparse, i.e. holds nulls: issues #2281, #2353, #2451) and
 * `--state-values-set` paths (`a.b[1].c=x` touches only index 1).
 */

export type Plain = Record<string, unknown>;

export function isPlainMap(v: unknown): v is Plain {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** How arrays of the override layer combine with the base layer's. */
export type ArrayMerge = 'replace' | 'sparse' | 'index';

/** Deep copy of plain maps and arrays (class instances such as GoFloat are shared: they are immutable). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isPlainMap(v)) {
    const out: Plain = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/**
 * Merges `override` over `base` into a new value. Maps merge key by key; nulls in the
 * override do not delete (mergo skips empty sources); arrays follow `arrays`.
 */
export function mergeValues(base: unknown, override: unknown, arrays: ArrayMerge = 'sparse'): unknown {
  if (override === undefined) return clone(base);
  if (isPlainMap(base) && isPlainMap(override)) {
    const out: Plain = clone(base);
    for (const [k, v] of Object.entries(override)) {
      if (v === null && Object.hasOwn(out, k)) continue;
      out[k] = Object.hasOwn(out, k) ? mergeValues(out[k], v, arrays) : clone(v);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(override)) {
    const elementWise = arrays === 'index' || (arrays === 'sparse' && override.some((x) => x === null));
    if (!elementWise) return clone(override);
    const out = clone(base);
    override.forEach((v, i) => {
      if (v === null) {
        if (i >= out.length) out[i] = null;
        return;
      }
      out[i] = i < out.length ? mergeValues(out[i], v, arrays) : clone(v);
    });
    return out;
  }
  if (override === null) return clone(base);
  return clone(override);
}

/** Merges several maps in order (later wins). */
export function mergeAll(layers: readonly unknown[], arrays: ArrayMerge = 'sparse'): Plain {
  let acc: unknown = {};
  for (const l of layers) if (isPlainMap(l)) acc = mergeValues(acc, l, arrays);
  return acc as Plain;
}

/** One step of a `--state-values-set` key: a map key or an array index. */
export type PathSegment = string | number;

/** Sets `value` at `path` inside `target` (mutating), creating maps and padding arrays with null. */
export function setAtPath(target: Plain, path: readonly PathSegment[], value: unknown): void {
  let cur: unknown = target;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    const last = i === path.length - 1;
    const nextSeg = path[i + 1];
    const fresh = (): unknown => (typeof nextSeg === 'number' ? [] : {});
    if (typeof seg === 'number') {
      const arr = cur as unknown[];
      while (arr.length <= seg) arr.push(null);
      if (last) arr[seg] = value;
      else {
        const want = typeof nextSeg === 'number' ? Array.isArray(arr[seg]) : isPlainMap(arr[seg]);
        if (!want) arr[seg] = fresh();
        cur = arr[seg];
      }
    } else {
      const map = cur as Plain;
      if (last) map[seg] = value;
      else {
        const want = typeof nextSeg === 'number' ? Array.isArray(map[seg]) : isPlainMap(map[seg]);
        if (!want) map[seg] = fresh();
        cur = map[seg];
      }
    }
  }
}
