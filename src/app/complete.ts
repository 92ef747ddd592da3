/**
 * Shell completion's dynamic candidates (issue 15): environment names and
 * release selectors read from the releases file the command line points at
 * (-f, else discovery in the current directory). Never fails: a file that does
 * not load gives no candidates, since a completion must not print errors into
 * the user's prompt.
 */
import { loadState } from '../state/load.js';
import type { LoadOptions } from '../state/load-options.js';
import type { Deps } from '../ports/index.js';

export type CompletionKind = 'environment' | 'selector';

/** Environment names defined by the loaded files (every part, bases and sub-helmfiles), sorted. */
export async function environmentCandidates(load: LoadOptions, deps: Deps): Promise<string[]> {
  const names = new Set<string>();
  for (const opts of [load, { ...load, environment: undefined }]) {
    try {
      const state = await loadState({ ...opts, selectors: [], allowNoMatchingRelease: true }, deps);
      for (const f of state.files) for (const n of Object.keys(f.spec.environments ?? {})) names.add(n);
      break;
    } catch {
      // An environment typed wrongly earlier on the line: try once more with the default one.
    }
  }
  return [...names].sort();
}

/**
 * `k=v` pairs that select releases: `name=` for each release first, then
 * `namespace=`, then the other labels (commonLabels, chart, the user's), each
 * sorted and without duplicates.
 */
export async function selectorPairs(load: LoadOptions, deps: Deps): Promise<string[]> {
  let state;
  try {
    state = await loadState({ ...load, selectors: [], allowNoMatchingRelease: true }, deps);
  } catch {
    return [];
  }
  const byKey = new Map<string, Set<string>>();
  for (const f of state.files) {
    for (const r of f.releases) {
      for (const [k, v] of Object.entries(r.labels)) {
        if (!byKey.has(k)) byKey.set(k, new Set());
        byKey.get(k)!.add(v);
      }
    }
  }
  const rank = (k: string): number => (k === 'name' ? 0 : k === 'namespace' ? 1 : 2);
  const keys = [...byKey.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.flatMap((k) => [...byKey.get(k)!].filter((v) => v !== '').sort().map((v) => `${k}=${v}`));
}
