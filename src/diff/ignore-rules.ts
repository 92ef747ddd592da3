/**
 * `ignoreDiffs`: per-release (or `helmDefaults`) rules that drop fields from
 * every diff, in the spirit of Argo CD's `ignoreDifferences`:
 *
 * ```yaml
 * helmDefaults:
 *   ignoreDiffs:
 *     - kind: Deployment            # required; matched case-insensitively
 *       group: apps                 # optional ('' = core)
 *       name: web                   # optional
 *       namespace: prod             # optional
 *       jsonPointers:               # required: RFC 6901, `*` = any one key/index
 *         - /spec/replicas          # e.g. owned by an autoscaler
 *         - /spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt
 * ```
 *
 * Ignored fields are removed from both sides before comparing, so they neither
 * show in any output nor make a release count as changed (exit code, apply).
 * They apply to desired-vs-stored diffs and to drift alike.
 */
import { UserError, type SourceLocation } from '../errors/index.js';
import { parsePointer } from './json-pointer.js';
import type { ResourceKey } from './types.js';

export interface IgnoreDiffRule {
  /** Kind the rule applies to (case-insensitive). `*` matches every kind. */
  kind: string;
  /** API group (`''` = core); any group when absent. */
  group?: string;
  /** Object name; any name when absent. */
  name?: string;
  /** Object namespace; any namespace when absent. */
  namespace?: string;
  /** Fields to ignore, as JSON pointers. */
  jsonPointers: string[];
}

/** Where a rule list came from, for error messages. */
export interface IgnoreRulesOrigin {
  location?: SourceLocation;
  release?: string;
  environment?: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates the raw `ignoreDiffs` value of a releases file. Throws a UserError
 * naming the entry and the problem.
 */
export function parseIgnoreDiffs(raw: unknown, origin: IgnoreRulesOrigin = {}): IgnoreDiffRule[] {
  if (raw === undefined || raw === null) return [];
  const fail = (msg: string): never => {
    throw new UserError(`ignoreDiffs: ${msg}`, {
      ...origin,
      hint: 'each entry needs `kind` and a list `jsonPointers` of paths starting with "/", e.g. {kind: Deployment, jsonPointers: [/spec/replicas]}',
    });
  };
  if (!Array.isArray(raw)) fail('must be a list');
  return (raw as unknown[]).map((entry, i) => {
    if (!isObj(entry)) return fail(`entry ${i + 1} must be a map`);
    for (const k of Object.keys(entry)) {
      if (!['kind', 'group', 'name', 'namespace', 'jsonPointers'].includes(k)) fail(`entry ${i + 1} has unknown key "${k}"`);
    }
    if (typeof entry.kind !== 'string' || entry.kind === '') fail(`entry ${i + 1} needs a kind`);
    for (const k of ['group', 'name', 'namespace'] as const) {
      if (entry[k] !== undefined && typeof entry[k] !== 'string') fail(`entry ${i + 1}: ${k} must be a string`);
    }
    if (!Array.isArray(entry.jsonPointers) || entry.jsonPointers.length === 0) fail(`entry ${i + 1} needs a non-empty jsonPointers list`);
    const pointers = (entry.jsonPointers as unknown[]).map((p) => {
      if (typeof p !== 'string' || !p.startsWith('/')) return fail(`entry ${i + 1}: pointer ${JSON.stringify(p)} must be a string starting with "/"`);
      return p;
    });
    return {
      kind: entry.kind as string,
      ...(entry.group !== undefined ? { group: entry.group as string } : {}),
      ...(entry.name !== undefined ? { name: entry.name as string } : {}),
      ...(entry.namespace !== undefined ? { namespace: entry.namespace as string } : {}),
      jsonPointers: pointers,
    };
  });
}

/** The pointers (as token lists, with the pointer text) that apply to one object. */
export function pointersFor(rules: readonly IgnoreDiffRule[], key: ResourceKey): { pointer: string; tokens: string[] }[] {
  const out: { pointer: string; tokens: string[] }[] = [];
  for (const r of rules) {
    if (r.kind !== '*' && r.kind.toLowerCase() !== key.kind.toLowerCase()) continue;
    if (r.group !== undefined && r.group !== key.group) continue;
    if (r.name !== undefined && r.name !== key.name) continue;
    if (r.namespace !== undefined && r.namespace !== key.namespace) continue;
    for (const p of r.jsonPointers) out.push({ pointer: p, tokens: parsePointer(p) });
  }
  return out;
}

/** `--suppress KIND`: case-insensitive kind match, as helm-diff. */
export function isSuppressed(kinds: readonly string[], key: ResourceKey): boolean {
  return kinds.some((k) => k.toLowerCase() === key.kind.toLowerCase());
}
