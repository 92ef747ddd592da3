/**
 * The state file's closed string sets, checked after the shape is decoded
 * (src/state/schema.ts). The JSON Schema (src/state/json-schema.ts) reads the
 * same constants and paths, so the editor and the loader refuse the same values.
 */
import { UserError } from '../errors/index.js';
import type { StateSpec } from './types.js';
import type { YamlSource } from './yaml-source.js';

/** `missingFileHandler` values (Helmfile's state.go). */
export const MISSING_FILE_HANDLERS: readonly string[] = ['Error', 'Warn', 'Info', 'Debug'];
/** `environments.<env>.mergeStrategy` values. */
export const MERGE_STRATEGIES: readonly string[] = ['override', 'fallback'];
/** What `helmfiles[].inherits` may name. */
export const INHERITABLE_KEYS: readonly string[] = ['repositories', 'helmDefaults', 'commonLabels', 'apiVersions', 'kubeVersion', 'templates', 'environments'];

/** Refuses a value outside its set, at its line. */
export function validateEnums(spec: StateSpec, raw: unknown, src: YamlSource, file: string): void {
  const rawObj = (raw ?? {}) as Record<string, unknown>;
  const check = (v: unknown, allowed: readonly string[], what: string, container: unknown, key: string | number): void => {
    if (v !== undefined && !allowed.includes(v as string)) {
      throw new UserError(`${what} must be one of ${allowed.join(', ')}, got "${String(v)}"`, { location: src.locate(container, key) });
    }
  };
  check(spec.missingFileHandler, MISSING_FILE_HANDLERS, 'missingFileHandler', rawObj, 'missingFileHandler');
  const rawEnvs = (rawObj.environments ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [name, e] of Object.entries(spec.environments ?? {})) {
    check(e.missingFileHandler, MISSING_FILE_HANDLERS, `environments.${name}.missingFileHandler`, rawEnvs[name], 'missingFileHandler');
    check(e.mergeStrategy, MERGE_STRATEGIES, `environments.${name}.mergeStrategy`, rawEnvs[name], 'mergeStrategy');
  }
  const rawRels = (rawObj.releases ?? []) as unknown[];
  spec.releases?.forEach((r, i) => check(r.missingFileHandler, MISSING_FILE_HANDLERS, 'missingFileHandler', rawRels[i], 'missingFileHandler'));
  // v0-era `charts:` entries become releases (deprecated-keys.ts): the same rule, at their own line.
  const rawCharts = (rawObj.charts ?? []) as unknown[];
  spec.charts?.forEach((r, i) => check(r.missingFileHandler, MISSING_FILE_HANDLERS, 'missingFileHandler', rawCharts[i], 'missingFileHandler'));
  // A template's settings become its releases' own: refused where written, used or not.
  const rawTpls = (rawObj.templates ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [name, t] of Object.entries(spec.templates ?? {})) {
    check(t.missingFileHandler, MISSING_FILE_HANDLERS, `templates.${name}.missingFileHandler`, rawTpls[name], 'missingFileHandler');
  }
  const rawHf = (rawObj.helmfiles ?? []) as unknown[];
  spec.helmfiles?.forEach((h, i) => {
    for (const k of h.inherits ?? []) {
      if (!INHERITABLE_KEYS.includes(k)) {
        throw new UserError(`invalid inherits entry "${k}" in helmfiles[${i}] of ${file}`, {
          location: src.locate(rawHf[i], 'inherits'),
          hint: `allowed: ${INHERITABLE_KEYS.join(', ')}`,
        });
      }
    }
  });
}
