/**
 * How helm combines several `--values` files (chartutil.CoalesceTables order reversed:
 * later files win): maps merge deeply, lists and scalars replace, and a `null` removes
 * the key.
 */

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** `override` over `base` into a new value. */
export function helmMerge(base: unknown, override: unknown): unknown {
  if (!isMap(base) || !isMap(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else out[k] = Object.hasOwn(out, k) ? helmMerge(out[k], v) : v;
  }
  return out;
}
