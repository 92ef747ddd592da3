/**
 * Small JSON helpers shared by the emulator modules. Kubernetes objects are
 * handled as plain JSON (`Obj`); the real API server round-trips them through
 * Go structs, so comparisons here are canonical (key order never matters, T8).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** True for a plain JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** JSON text with object keys sorted, so equal values give equal strings. */
export function canonical(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/** Canonical deep equality of two JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Current time as the API server prints it (RFC 3339, whole seconds). */
export function nowRfc3339(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Short stable hash (FNV-1a, base36), used for pod-template-hash and OpenAPI hashes. */
export function shortHash(s: string, len = 10): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x85ebca6b) >>> 0;
  }
  // Map to the consonant-heavy alphabet Kubernetes uses for generated suffixes.
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let n = BigInt(h1) * 4294967296n + BigInt(h2);
  while (out.length < len) {
    out += alphabet[Number(n % 27n)];
    n = n / 27n;
    if (n === 0n) n = BigInt(h1 ^ h2) + 7n;
  }
  return out;
}

/** Random lowercase suffix for generateName. */
export function randomSuffix(len = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < len; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

/** Random UUID (v4) for metadata.uid. */
export function uuid(): string {
  return globalThis.crypto.randomUUID();
}
