/**
 * `helmsync show-dag`: the dependency waves of the selected releases as
 * Helmfile prints them (`GROUP RELEASE DEPENDENCIES`).
 */
import { loadState } from '../state/load.js';
import { renderTable } from '../ui/table.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

export interface ShowDagOptions extends Pick<CommonOptions, 'load'> {
  output?: 'table' | 'json';
}

export interface DagRow {
  group: number;
  release: string;
  dependencies: string[];
}

export interface ShowDagResult {
  rows: DagRow[];
  text: string;
}

/** The selected releases grouped in needs order (`GROUP RELEASE DEPENDENCIES`). */
export async function showDag(options: ShowDagOptions, deps: Deps): Promise<ShowDagResult> {
  const state = await loadState(options.load, deps);
  const rows: DagRow[] = [];
  for (const file of state.files) {
    file.waves.forEach((wave, i) => {
      for (const r of wave) rows.push({ group: i + 1, release: r.id, dependencies: [...r.needs] });
    });
  }
  if (options.output === 'json') return { rows, text: `${JSON.stringify({ schemaVersion: 1, releases: rows }, null, 2)}\n` };
  const text = renderTable([['GROUP', 'RELEASE', 'DEPENDENCIES'], ...rows.map((r) => [String(r.group), r.release, r.dependencies.join(', ')])]);
  return { rows, text };
}
