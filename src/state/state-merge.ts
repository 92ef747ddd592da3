/**
 * Merging state specs: `---` parts (mergo.WithOverride: later scalars and non-empty lists
 * replace) and `bases:` layers (lists appended, environments merged deeply with their
 * values lists concatenated, as create.go mergeEnvironments does).
 */
import type { EnvironmentSpec, StateSpec } from './types.js';

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0);

function mergeEnvs(a: Record<string, EnvironmentSpec> | undefined, b: Record<string, EnvironmentSpec>, deep: boolean): Record<string, EnvironmentSpec> {
  const out: Record<string, EnvironmentSpec> = { ...(a ?? {}) };
  for (const [name, env] of Object.entries(b)) {
    const prev = out[name];
    if (!deep || !prev) {
      out[name] = env;
      continue;
    }
    const merged: EnvironmentSpec = { ...prev };
    for (const [k, v] of Object.entries(env) as [keyof EnvironmentSpec, unknown][]) {
      if (k === 'values' || k === 'secrets') {
        merged[k] = [...(prev[k] ?? []), ...((v as EnvironmentSpec['values']) ?? [])];
      } else if (!isEmpty(v)) {
        (merged as Record<string, unknown>)[k] = v;
      }
    }
    out[name] = merged;
  }
  return out;
}

/**
 * Merges `next` over `base` (new object; inputs untouched).
 * @param mode `parts`: later non-empty lists replace; `bases`: lists concatenate.
 */
export function mergeStateSpecs(base: StateSpec, next: StateSpec, mode: 'parts' | 'bases'): StateSpec {
  const out: Record<string, unknown> = { ...base };
  for (const [key, v] of Object.entries(next)) {
    const prev = out[key];
    if (key === 'environments') {
      out[key] = mergeEnvs(prev as Record<string, EnvironmentSpec> | undefined, v as Record<string, EnvironmentSpec>, mode === 'bases');
    } else if (key === 'templates' || key === 'commonLabels') {
      out[key] = { ...((prev as object | undefined) ?? {}), ...(v as object) };
    } else if (key === 'helmDefaults') {
      const merged: Record<string, unknown> = { ...((prev as object | undefined) ?? {}) };
      for (const [k, x] of Object.entries(v as object)) if (!isEmpty(x) || !(k in merged)) merged[k] = x;
      out[key] = merged;
    } else if (Array.isArray(v)) {
      if (key === 'bases') continue;
      if (mode === 'bases' || key === 'values') out[key] = [...((prev as unknown[] | undefined) ?? []), ...v];
      else if (v.length || prev === undefined) out[key] = v;
    } else if (!isEmpty(v) || prev === undefined) {
      out[key] = v;
    }
  }
  return out as StateSpec;
}
