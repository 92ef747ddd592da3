/** Building blocks shared by the function library files. */
import type { FuncContext, FuncMap, GoFunc } from '../value.js';

/** A library function body; `this` is the engine's FuncContext. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Impl = (this: FuncContext, ...args: any[]) => unknown;

/** Attach Go signatures to implementations; a missing signature is a programming error. */
export function withSigs(impls: Record<string, Impl>, sigs: Record<string, string>): FuncMap {
  const out: FuncMap = {};
  for (const [name, impl] of Object.entries(impls)) {
    const goSig = sigs[name];
    if (!goSig) throw new Error(`BUG: no Go signature for template function ${name}`);
    const f = impl as GoFunc;
    // Functions shared between names (aliases) must not share one goSig slot.
    out[name] = f.goSig && f.goSig !== goSig ? (Object.assign(function (this: FuncContext, ...a: unknown[]) { return impl.apply(this, a); }, { goSig }) as GoFunc) : Object.assign(f, { goSig });
  }
  return out;
}

/** A Go panic / returned error surfaced to the engine (`error calling NAME: msg`). */
export function fail(msg: string): never {
  throw new Error(msg);
}

/** A JS number from an int-typed parameter. */
export function int(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  if (v && typeof v === 'object' && 'value' in v) return int((v as { value: unknown }).value);
  return Number(v) || 0;
}

/** A string parameter (the engine has type-checked it; be lenient with null). */
export function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/**
 * Set a Go map entry. A `__proto__` key (legal in YAML/JSON) must become an own property,
 * not the object's prototype.
 */
export function setKey(m: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}
