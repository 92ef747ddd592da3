/**
 * Go reflection over the template value model: `%T` names, reflect Kinds, DeepEqual, and
 * element-type tags for slices/maps that sprig returns with a concrete Go type (`[]string`…).
 */
import { GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { isIntNumber } from './go-fmt.js';

const sliceTypes = new WeakMap<object, string>();

/**
 * Remember the Go type of a collection a function built (`[]string` from splitList,
 * `map[string]string` from split, `[]int` from until). Untagged arrays are `[]interface {}`.
 */
export function tagType<T extends object>(value: T, goType: string): T {
  sliceTypes.set(value, goType);
  return value;
}

const nilSlices = new WeakSet<object>();

/**
 * An empty slice that is Go's nil slice (sprig's `rest`/`initial`/`concat` of nothing): it prints
 * and marshals to YAML as `[]` but to JSON as `null`.
 */
export function nilSlice(): unknown[] {
  const a: unknown[] = [];
  nilSlices.add(a);
  return a;
}

export function isNilSlice(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0 && nilSlices.has(v);
}

/** The tagged Go type of a collection, if any. */
export function taggedType(value: object): string | undefined {
  return sliceTypes.get(value);
}

/** Go's `%T` for a value of the model. */
export function goTypeOf(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return isIntNumber(v) ? 'int' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoTyped) return v.goType;
  if (Array.isArray(v)) return sliceTypes.get(v) ?? '[]interface {}';
  if (isGoObject(v)) return v.goType;
  if (isGoMap(v)) return sliceTypes.get(v) ?? 'map[string]interface {}';
  if (typeof v === 'function') return 'func()';
  return 'interface {}';
}

/** reflect.Kind name (`int`, `float64`, `string`, `map`, `slice`, `ptr`, `struct`, `invalid`…). */
export function goKindOf(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return isIntNumber(v) ? 'int' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoTyped) return v.kind;
  if (Array.isArray(v)) return 'slice';
  if (isGoObject(v)) return v.goKind;
  if (isGoMap(v)) return 'map';
  if (typeof v === 'function') return 'func';
  return 'invalid';
}

/** Numeric view of an int-ish value for comparisons (bigint kept exact). */
function intOf(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && isIntNumber(v)) return BigInt(v);
  return undefined;
}

/** reflect.DeepEqual: types must match (int 1 vs float64 1 differ), then values recursively. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (goTypeOf(a) !== goTypeOf(b)) return false;
  if (a === null) return true;
  const ai = intOf(a);
  const bi = intOf(b);
  if (ai !== undefined && bi !== undefined) return ai === bi;
  if (a instanceof GoFloat || typeof a === 'number') {
    const x = a instanceof GoFloat ? a.value : (a as number);
    const y = b instanceof GoFloat ? b.value : (b as number);
    return x === y;
  }
  if (a instanceof GoTyped && b instanceof GoTyped) return deepEqual(a.value, b.value);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  if (isGoObject(a) && isGoObject(b)) {
    if (a === b) return true;
    if (a.goString && b.goString) return a.goString() === b.goString();
    return false;
  }
  return a === b;
}
