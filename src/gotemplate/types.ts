/**
 * Reflection over the value model (see value.ts) as the engine needs it: Go type names
 * (`%T`, error texts), basic kinds for comparisons, truthiness, and UTF-8 helpers.
 */
import { goTypeOf as taggedGoTypeOf } from './functions/index.js';
import { GoComplex, GoFloat, GoTyped, isGoMap, isGoObject, type GoFunc } from './value.js';

const TWO63 = 9223372036854775808;

/**
 * An integral JS number is a Go int unless it lies outside int64, where it can only have
 * been a float64 (e.g. JSON `1e+20`).
 */
export function isIntNumber(n: number): boolean {
  return Number.isInteger(n) && n < TWO63 && n >= -TWO63;
}

/** Go's `%T` / reflect.Type.String() for a value. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return isIntNumber(v) ? 'int' : 'float64';
    case 'bigint':
      return 'int';
    case 'function':
      return normalizeType((v as GoFunc).goSig ?? 'func()');
  }
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof GoTyped) return v.goType;
  // Collections may carry a concrete Go type set by the function that built them ([]string…).
  if (Array.isArray(v)) return taggedGoTypeOf(v);
  if (isGoObject(v)) return v.goType;
  if (isGoMap(v)) return taggedGoTypeOf(v);
  return 'interface {}';
}

/** Canonical Go spelling of a type written in a signature (`any` → `interface {}`). */
export function normalizeType(t: string): string {
  return t
    .trim()
    .replace(/\binterface\s*\{\s*\}/g, 'interface {}')
    .replace(/\bany\b/g, 'interface {}');
}

/** Basic kinds used by eq/lt (text/template funcs.go `basicKind`). */
export type BasicKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string';

export function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return isIntNumber(v) ? 'int' : 'float';
  }
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoComplex) return 'complex';
  if (v instanceof GoTyped) {
    const k = v.kind;
    if (k.startsWith('uint')) return 'uint';
    if (k.startsWith('int')) return 'int';
    if (k.startsWith('float')) return 'float';
    if (k.startsWith('complex')) return 'complex';
    if (k === 'string') return 'string';
    if (k === 'bool') return 'bool';
  }
  return 'invalid';
}

/** Integer value (int or uint kinds) as a bigint. */
export function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (v instanceof GoTyped) return toBigInt(v.value);
  return 0n;
}

/** Float value of a float-kind value. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoFloat) return v.value;
  if (v instanceof GoTyped) return Number(v.value);
  if (typeof v === 'bigint') return Number(v);
  return NaN;
}

/** The primitive inside a GoTyped (string, bool…), or the value itself. */
export function unboxTyped(v: unknown): unknown {
  return v instanceof GoTyped ? v.value : v;
}

/** Length of a map, slice or string (UTF-8 bytes) — undefined when it has none. */
export function goLen(v: unknown): number | undefined {
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (isGoMap(v)) return Object.keys(v).length;
  if (v instanceof GoTyped) return goLen(v.value);
  return undefined;
}

/** text/template's isTrue: the zero value of its type is false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'function':
      return true;
  }
  if (v instanceof GoFloat) return v.value !== 0;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  if (v instanceof GoTyped) return v.kind === 'struct' ? true : isTrue(v.value);
  if (Array.isArray(v)) return v.length > 0;
  if (isGoObject(v)) return true;
  if (isGoMap(v)) {
    for (const k in v) if (Object.hasOwn(v, k)) return true;
    return false;
  }
  return true;
}

/** Number of UTF-8 bytes in a JS string. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 1; // surrogate pair: 4 bytes for 2 units
      i++;
    } else n += 2;
  }
  return n;
}

/** Go string ordering (UTF-8 bytes = code points). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+10000+) sort after U+E000–U+FFFF in UTF-8 but before in UTF-16.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Map keys in fmtsort order (strings by bytes). */
export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

/**
 * reflect.Zero of a map's element type, from the map's Go type (`map[string]string` → "").
 * Plain maps are map[string]interface {}, whose zero element is a nil interface (null).
 */
export function zeroOfMapElem(m: object): unknown {
  const t = goTypeName(m);
  const elem = t.startsWith('map[string]') ? t.slice('map[string]'.length) : 'interface {}';
  switch (elem) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'int64':
    case 'int32':
    case 'uint':
    case 'uint64':
      return 0;
    case 'float64':
    case 'float32':
      return new GoFloat(0);
  }
  return null;
}
