/**
 * `helmsync list`: the releases the state describes, as Helmfile's table
 * (`NAME NAMESPACE ENABLED INSTALLED LABELS CHART VERSION`) or JSON.
 */
import { loadState } from '../state/load.js';
import type { Release } from '../state/types.js';
import { renderTable } from '../ui/table.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

export interface ListOptions extends Pick<CommonOptions, 'load'> {
  output?: 'table' | 'json';
}

export interface ListedRelease {
  name: string;
  namespace: string;
  enabled: boolean;
  installed: boolean;
  /** `k:v,…` sorted by key, as Helmfile prints them. */
  labels: string;
  chart: string;
  version: string;
}

export interface ListResult {
  releases: ListedRelease[];
  /** The rendered output (table or JSON) including the trailing newline. */
  text: string;
}

/** `condition: a.b.enabled` against the state values (Helmfile `ConditionEnabled`). */
export function conditionEnabled(r: Release, values: Record<string, unknown>): boolean {
  const cond = r.spec.condition;
  if (!cond) return true;
  if (cond === 'true') return true;
  if (cond === 'false') return false;
  let v: unknown = values;
  for (const k of cond.split('.')) {
    if (v && typeof v === 'object' && k in (v as object)) v = (v as Record<string, unknown>)[k];
    else return false;
  }
  return v === true;
}

/** The selected releases as Helmfile's `list` table or JSON. */
export async function list(options: ListOptions, deps: Deps): Promise<ListResult> {
  const state = await loadState(options.load, deps);
  const releases: ListedRelease[] = [];
  for (const file of state.files) {
    const selected = new Set(file.selected.map((r) => r.id));
    for (const r of file.releases) {
      if (!selected.has(r.id)) continue;
      releases.push({
        name: r.name,
        namespace: r.namespace,
        enabled: conditionEnabled(r, file.environment.values),
        installed: r.installed,
        labels: Object.keys(r.labels).sort().map((k) => `${k}:${r.labels[k]}`).join(','),
        chart: r.chart,
        version: r.version,
      });
    }
  }
  const text =
    options.output === 'json'
      ? `${JSON.stringify(releases)}\n`
      : renderTable([
          ['NAME', 'NAMESPACE', 'ENABLED', 'INSTALLED', 'LABELS', 'CHART', 'VERSION'],
          ...releases.map((r) => [r.name, r.namespace, String(r.enabled), String(r.installed), r.labels, r.chart, r.version]),
        ]);
  return { releases, text };
}
