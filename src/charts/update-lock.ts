/**
 * `deps`: resolve every lockable release of a state file against its sources
 * (ignoring the current lock) and write the lock in Helmfile's format. Lockable
 * = `repo/chart` whose repo is declared in `repositories:` (HTTP or `oci: true`),
 * as in Helmfile's getUnresolvedDependencies; local charts and direct `oci://`
 * URLs are not locked. Natively, without Helmfile's temp chart + `helm
 * dependency update`. The file is rewritten only when its content changes, so
 * `generated:` does not churn in version control.
 */
import type { Deps } from '../ports/index.js';
import type { LoadedStateFile, Release } from '../state/types.js';
import { parseChartRef } from './chart-ref.js';
import { formatLockFile, lockDigest, lockFilePathFor, readLockFile, type LockedDependency, type LockFile, type LockRequirement } from './lock-file.js';
import type { ChartResolverHandle } from './resolver.js';

export interface LockUpdate {
  /** Absolute path of the lock file. */
  path: string;
  /** False when nothing changed (or nothing is lockable). */
  written: boolean;
  dependencies: LockedDependency[];
  /** Set when the file has no lockable release (Helmfile warns, writes nothing). */
  nothingToLock?: boolean;
}

/** Releases of `file` that a lock covers. */
export function lockableReleases(file: LoadedStateFile, deps: Pick<Deps, 'fs'>): Release[] {
  return file.releases.filter((r) => {
    const ref = parseChartRef(r.chart, r.baseDir, file.repositories, deps.fs);
    return ref.kind === 'repo' || (ref.kind === 'oci' && ref.repo !== undefined);
  });
}

/**
 * Resolves and writes the lock of one state file. `resolver` must be created
 * with `ignoreLock: true` (and usually `noFetch: true`).
 */
export async function updateLockFile(
  file: LoadedStateFile,
  resolver: ChartResolverHandle,
  deps: Pick<Deps, 'fs' | 'clock' | 'logger'>,
  opts: { toolVersion?: string } = {},
): Promise<LockUpdate> {
  const path = lockFilePathFor(file);
  const releases = lockableReleases(file, deps);
  if (releases.length === 0) {
    deps.logger.warn(
      `${file.path}: no release uses a chart from a declared repository, so there is nothing to lock (local charts and oci:// URLs are not locked)`,
    );
    return { path, written: false, dependencies: [], nothingToLock: true };
  }
  const reqs: LockRequirement[] = [];
  const locked: LockedDependency[] = [];
  for (const r of releases) {
    const chart = await resolver.resolve(r, file);
    const repository = chart.kind === 'oci' ? chart.repository! : (file.repositories.find((x) => x.name === chart.repoName)?.url ?? chart.repository!);
    reqs.push({ name: chart.chartName, repository, version: r.version.trim() || '*', alias: `${r.namespace}-${r.name}` });
    locked.push({ name: chart.chartName, repository, version: chart.version });
  }
  const order = (a: { name: string; alias?: string }, b: { name: string; alias?: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : (a.alias ?? '') < (b.alias ?? '') ? -1 : (a.alias ?? '') > (b.alias ?? '') ? 1 : 0;
  reqs.sort(order);
  const seen = new Set<string>();
  const byNameRepoVersion = (a: LockedDependency, b: LockedDependency) =>
    a.name.localeCompare(b.name, 'en') || a.repository.localeCompare(b.repository, 'en') || a.version.localeCompare(b.version, 'en');
  const deduped = [...locked].sort(byNameRepoVersion).filter((d) => {
    const k = `${d.name}|${d.repository}|${d.version}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const digest = lockDigest(reqs, deduped);
  const previous = readLockFile(deps.fs, path);
  const next: LockFile = {
    version: opts.toolVersion ?? '0.1.0',
    dependencies: deduped,
    digest,
    generated: previous && previous.digest === digest && previous.generated ? previous.generated : new Date(deps.clock.now()).toISOString(),
  };
  const text = formatLockFile(next);
  const unchanged = deps.fs.exists(path) && deps.fs.readFile(path) === text;
  if (!unchanged) deps.fs.writeFile(path, text);
  return { path, written: !unchanged, dependencies: deduped };
}
