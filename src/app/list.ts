/**
 * `helmsync list`: the releases the state describes, as Helmfile's table
 * (`NAME NAMESPACE ENABLED INSTALLED LABELS CHART VERSION`) or JSON.
 */
import { loadState } from '../state/load.js';
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

/**
 * The releases of the state as Helmfile's `list` shows them. Without selectors every
 * release is listed, a false `condition:` as ENABLED=false; with selectors only the
 * matching enabled ones (Helmfile filters by selectors and condition together,
 * processFilteredReleases). Sorted by namespace, then name, as Helmfile >= 1.2 sorts.
 */
export async function list(options: ListOptions, deps: Deps): Promise<ListResult> {
  const state = await loadState(options.load, deps);
  const releases: ListedRelease[] = [];
  for (const file of state.files) {
    const shown = file.selectors.length ? new Set(file.selected.map((r) => r.id)) : undefined;
    for (const r of file.releases) {
      if (shown && !shown.has(r.id)) continue;
      releases.push({
        name: r.name,
        namespace: r.namespace,
        enabled: r.enabled,
        installed: r.installed,
        labels: Object.keys(r.labels).sort().map((k) => `${k}:${r.labels[k]}`).join(','),
        chart: r.chart,
        version: r.version,
      });
    }
  }
  releases.sort((a, b) => (a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const text =
    options.output === 'json'
      ? `${JSON.stringify(releases)}\n`
      : renderTable([
          ['NAME', 'NAMESPACE', 'ENABLED', 'INSTALLED', 'LABELS', 'CHART', 'VERSION'],
          ...releases.map((r) => [r.name, r.namespace, String(r.enabled), String(r.installed), r.labels, r.chart, r.version]),
        ]);
  return { releases, text };
}
