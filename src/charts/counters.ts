/**
 * What chart sources cost during one run, for benches and "once per run" tests:
 * Helmfile's most-reported slowness is repeated repo refreshes and pulls
 * (inventory §6 #1, #11), so these must stay at one per repository / chart version.
 */
export interface ChartCounters {
  /** index.yaml downloads, by repository URL. */
  indexReads: Map<string, number>;
  /** OCI tag listings, by `registry/repository`. */
  tagListings: Map<string, number>;
  /** Chart downloads/pulls, by `source|chart|version`. */
  pulls: Map<string, number>;
  /** `helm dependency build` runs, by chart directory. */
  dependencyBuilds: Map<string, number>;
}

export function createCounters(): ChartCounters {
  return { indexReads: new Map(), tagListings: new Map(), pulls: new Map(), dependencyBuilds: new Map() };
}

export function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** Sum of a counter map. */
export function total(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}
