/**
 * Resolution of `repo/chart` from a declared HTTP repository: the version from
 * the lock or from the index (read once per run), the archive from the cache.
 */
import type { LoadedStateFile, Release } from '../state/types.js';
import { UserError } from '../errors/index.js';
import type { ChartRef } from './chart-ref.js';
import { chartNotInRepository, noMatchingVersion, releaseLabel, wrapConstraint } from './errors.js';
import type { IndexEntry } from './repo-index.js';
import type { ResolveContext, ResolvedChart } from './resolve-context.js';
import { selectVersion } from './select-version.js';

/** Resolves (and, unless noFetch, downloads) a `repo/chart` release. */
export async function resolveRepoChart(ctx: ResolveContext, release: Release, file: LoadedStateFile, ref: Extract<ChartRef, { kind: 'repo' }>): Promise<ResolvedChart> {
  const { opts, indexes, cache } = ctx;
  const insecure = release.spec.insecureSkipTLSVerify ?? file.helmDefaults.insecureSkipTLSVerify;
  const s = ctx.skipsOf(file, release);
  const index = await indexes.get(ref.repo, { insecureSkipTLSVerify: insecure, offline: s.skipDeps || s.skipRefresh });
  const entries = index.entries.get(ref.chart);
  if (!entries || entries.length === 0) throw chartNotInRepository(release, ref.chart, ref.repo.name, ref.repo.url, [...index.entries.keys()]);
  const locked = ctx.lockedVersion(release, file, ref.chart, ref.repo.url);
  let version: string;
  if (locked !== undefined) {
    version = locked;
  } else {
    const at = ctx.versionAt(release);
    const pick = wrapConstraint(release, () => selectVersion(entries.map((e) => e.version), ctx.request(release, file)), at);
    if (!pick.ok) throw noMatchingVersion(release, `chart "${ref.chart}" in repository "${ref.repo.name}" (${ref.repo.url})`, pick.constraint, pick.nearest, at);
    version = pick.version;
  }
  const entry: IndexEntry | undefined = entries.find((e) => e.version === version);
  if (!entry) {
    throw new UserError(`the locked version ${version} of chart "${ref.chart}" is no longer in repository "${ref.repo.name}" (${ref.repo.url})`, {
      release: releaseLabel(release),
      location: release.source,
      hint: 'run `helmsync deps` to update the lock file',
    });
  }
  const base = {
    version,
    local: false,
    hasChartYaml: false,
    kind: 'repo' as const,
    chartName: ref.chart,
    display: release.chart,
    repository: index.url,
    repoName: ref.repo.name,
    locked: locked !== undefined,
    constraint: release.version,
  };
  if (opts.noFetch) return { ...base, ref: release.chart, onDisk: false };
  const path = await cache.archive(entry, ref.repo, { insecureSkipTLSVerify: insecure });
  return { ...base, ref: path, onDisk: true };
}
