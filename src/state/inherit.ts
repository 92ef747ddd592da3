/**
 * Release templates: `inherit: [{template, except}]`, `defaultInherit`, recursion with cycle
 * detection (state_exec_tmpl.go releaseWithInheritedTemplate). Merge rule is mergo.Merge
 * with WithAppendSlice and no override: the first non-empty scalar wins (template before
 * release), lists concatenate (template entries first), maps gain missing keys.
 */
import { UserError, type SourceLocation } from '../errors/index.js';
import { clone } from './merge.js';
import { nearest } from './levenshtein.js';
import type { InheritSpec, ReleaseSpec } from './types.js';

const EXCEPTABLE: Record<string, keyof ReleaseSpec> = {
  labels: 'labels',
  values: 'values',
  valuesTemplate: 'valuesTemplate',
  setTemplate: 'setTemplate',
  set: 'set',
  setString: 'setString',
  secrets: 'secrets',
};

const isZero = (v: unknown): boolean => v === undefined || v === null || v === '' || v === 0 || v === false;

/** mergo.Merge(dst, src, WithAppendSlice) on release specs (dst mutated). */
function mergeInto(dst: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    const cur = dst[k];
    if (Array.isArray(v)) {
      dst[k] = Array.isArray(cur) ? [...cur, ...clone(v)] : clone(v);
    } else if (typeof v === 'object' && v !== null) {
      if (typeof cur === 'object' && cur !== null && !Array.isArray(cur)) {
        const m = cur as Record<string, unknown>;
        for (const [mk, mv] of Object.entries(v)) if (isZero(m[mk])) m[mk] = clone(mv);
      } else dst[k] = clone(v);
    } else if (cur === undefined || cur === null || cur === '') {
      // Helmfile's bool/int fields are pointers: present counts as set, even false or 0.
      dst[k] = v;
    }
  }
}

/** `defaultInherit` entries first, skipping templates the release names itself. */
export function withDefaultInherit(own: readonly InheritSpec[] | undefined, defaults: readonly string[] | undefined): InheritSpec[] {
  const filtered = (own ?? []).filter((i) => i.template.trim() !== '');
  if (!defaults?.length) return filtered;
  const seen = new Set(filtered.map((i) => i.template.trim()));
  const out: InheritSpec[] = [];
  for (const d of defaults) {
    const name = d.trim();
    if (name && !seen.has(name)) {
      out.push({ template: name });
      seen.add(name);
    }
  }
  return [...out, ...filtered];
}

/**
 * The release with its templates merged in. @throws UserError for an unknown template,
 * an unknown `except` key or a cycle.
 */
export function applyInheritance(
  release: ReleaseSpec,
  templates: Record<string, ReleaseSpec>,
  defaultInherit: readonly string[] | undefined,
  location: SourceLocation | undefined,
  path: string[] = [],
): ReleaseSpec {
  const inherits = path.length === 0 ? withDefaultInherit(release.inherit, defaultInherit) : (release.inherit ?? []);
  if (!inherits.length) {
    if (release.inherit === undefined) return release;
    const r = { ...release };
    delete r.inherit;
    return r;
  }
  const merged: Record<string, unknown> = {};
  const who = release.name ?? path[path.length - 1] ?? '';
  for (const inh of inherits) {
    const name = inh.template;
    if (path.includes(name)) {
      throw new UserError(`cyclic inheritance detected: ${[...path, name].join('->')}`, { ...(location ? { location } : {}) });
    }
    const tmpl = templates[name];
    if (!tmpl) {
      const guess = nearest(name, Object.keys(templates));
      throw new UserError(`release "${who}" tried to inherit inexistent release template "${name}"`, {
        ...(location ? { location } : {}),
        hint: guess ? `did you mean "${guess}"?` : `defined templates: ${Object.keys(templates).join(', ') || '(none)'}`,
      });
    }
    const src = { ...applyInheritance(tmpl, templates, undefined, location, [...path, name]) } as Record<string, unknown>;
    for (const k of inh.except ?? []) {
      const field = EXCEPTABLE[k];
      if (!field) {
        throw new UserError(`"${k}" is not allowed under \`inherit\`. Allowed values are "set", "setTemplate", "values", "valuesTemplate", "secrets", and "labels"`, {
          ...(location ? { location } : {}),
        });
      }
      if (field === 'labels') src.labels = {};
      else delete src[field];
    }
    mergeInto(merged, src);
  }
  const own = { ...release } as Record<string, unknown>;
  delete own.inherit;
  mergeInto(merged, own);
  delete merged.inherit;
  return merged as ReleaseSpec;
}
