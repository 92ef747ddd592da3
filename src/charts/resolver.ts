/**
 * The chart resolver use cases call (the ChartResolver seam of src/app):
 * release → which chart, which exact version, and where it is on disk.
 *
 *   local dir      → the directory; version from its Chart.yaml
 *   repo/chart     → version from the repository's index.yaml (read once per run)
 *                    or from the lock; archive downloaded into the cache once
 *   oci (both forms) → version from the tag list (or exact/tag/digest) or the lock;
 *                    pulled with `helm pull --untar` into the cache once
 *   anything else  → passed to helm as written
 */
import { join } from 'node:path';
import type { Deps } from '../ports/index.js';
import { BugError } from '../errors/index.js';
import { detectHelmVersion } from '../helm/version.js';
import type { LoadedState, LoadedStateFile, Release, RepositorySpec } from '../state/types.js';
import { addRepositories } from './add-repositories.js';
import { chartWithAdhocDependencies } from './adhoc-dependencies.js';
import { ChartCache } from './chart-cache.js';
import { parseChartRef } from './chart-ref.js';
import { fetchRemote, isRemote } from '../state/remote-source.js';
import { prereleaseScopeFor, type PrereleaseScope } from './constraint.js';
import { bump, createCounters } from './counters.js';
import { releaseLabel, staleLock, wrapConstraint } from './errors.js';
import { dependencyUpdateArgv } from './helm-argv.js';
import { chartCacheHome, createHelmHomes, type HelmHomes } from './helm-env.js';
import { runHelm, type HelmRunContext } from './helm-run.js';
import { LocalDependencyBuilder, readLocalChart, warnLocalVersion } from './local-chart.js';
import { findLockedVersion, type LockFile, lockFilePathFor, readLockFile } from './lock-file.js';
import { OciTagLister } from './oci-tags.js';
import { RepoIndexCache } from './repo-index.js';
import { repoBaseUrl } from './repository.js';
import type { ChartResolverHandle, ChartResolverOptions, ResolveContext, ResolvedChart } from './resolve-context.js';
import { resolveOciChart } from './resolve-oci.js';
import { resolveRepoChart } from './resolve-repo.js';
import { versionFieldLocation } from './version-location.js';
import type { VersionRequest } from './select-version.js';

export type { ChartResolverHandle, ChartResolverOptions, ChartSourceKind, ResolvedChart } from './resolve-context.js';

/**
 * Creates the per-run chart resolver. `state` may be undefined when the caller
 * only has files at resolve time (src/app's ChartResolver seam passes the file
 * with each release); repositories are then collected from the files seen.
 */
export function createChartResolver(state: LoadedState | undefined, deps: Deps, opts: ChartResolverOptions = {}): ChartResolverHandle {
  const seenFiles = new Set<LoadedStateFile>();
  /** Chartify copies made outside CHARTIFY_TEMPDIR, removed by dispose(). */
  const tempRoots: string[] = [];
  const counters = createCounters();
  const cacheHome = opts.cacheHome ?? chartCacheHome(deps.env);
  const homes: HelmHomes = createHelmHomes(deps, cacheHome);
  const helm: HelmRunContext = { binary: opts.helmBinary ?? 'helm', env: homes.env, deps, signal: opts.signal };
  const offline = Boolean(opts.skipRefresh || opts.skipDeps);
  const indexes = new RepoIndexCache(deps, counters, { copiesDir: join(cacheHome, 'index'), offline });
  const tags = new OciTagLister(deps, counters);
  let helmVersion = opts.helmVersion;
  const cache = new ChartCache(deps, counters, helm, cacheHome, { helmMajor: helmVersion?.major });
  // The helm version decides output details and the constraint flavour; asked once, only when a remote chart needs it.
  let detected: Promise<void> | undefined;
  const ready = () =>
    (detected ??= helmVersion
      ? Promise.resolve()
      : detectHelmVersion(deps.runner, helm.binary, homes.env).then((v) => {
          helmVersion = { major: v.major, minor: v.minor };
          cache.setHelmMajor(v.major);
        }));
  const scope = (): PrereleaseScope => prereleaseScopeFor(helmVersion);
  const builder = new LocalDependencyBuilder(deps.fs, helm, counters, deps.logger);
  const locks = new Map<string, LockFile | undefined>();
  let reposAdded: Promise<void> | undefined;
  const logins = new Map<string, Promise<unknown>>();
  /** `helm registry login` once per repository with credentials, so `helm pull` may fetch. */
  const loginOnce = (repo: RepositorySpec) => {
    let p = logins.get(repo.name);
    if (!p) {
      p = ready().then(() => addRepositories([repo], helm, deps, { ociPlainHttp: opts.ociPlainHttp, helmMajor: helmVersion?.major }));
      logins.set(repo.name, p);
    }
    return p;
  };

  const lockFor = (file: LoadedStateFile): { path: string; lock?: LockFile } => {
    const path = lockFilePathFor(file);
    if (!locks.has(path)) locks.set(path, readLockFile(deps.fs, path));
    return { path, lock: locks.get(path) };
  };

  const allRepositories = (): RepositorySpec[] => {
    const seen = new Map<string, RepositorySpec>();
    for (const f of [...(state?.files ?? []), ...seenFiles]) for (const r of f.repositories) if (!seen.has(r.name)) seen.set(r.name, r);
    return [...seen.values()];
  };

  const addRepos = () =>
    (reposAdded ??= ready()
      .then(() => {
        const repos = allRepositories();
        for (const r of repos) if (r.oci) logins.set(r.name, Promise.resolve());
        return addRepositories(repos, helm, deps, { ociPlainHttp: opts.ociPlainHttp, helmMajor: helmVersion?.major });
      })
      .then((added) => {
        for (const a of added) {
          if (a.action !== 'added') continue;
          const copy = join(homes.env.HELM_REPOSITORY_CACHE ?? join(homes.cacheHome, 'repository'), `${a.name}-index.yaml`);
          const repo = allRepositories().find((r) => r.name === a.name);
          if (repo && deps.fs.exists(copy)) {
            bump(counters.indexReads, repoBaseUrl(repo.url));
            indexes.seed(repo, deps.fs.readFile(copy));
          }
        }
      }));
  // helmDefaults.skipDeps/skipRefresh act like the flags (Helmfile #2269, #2296).
  const skipsOf = (file?: LoadedStateFile, release?: Release) => ({
    skipDeps: Boolean(opts.skipDeps || (release?.spec.skipDeps ?? file?.helmDefaults.skipDeps)),
    skipRefresh: Boolean(opts.skipRefresh || (release?.spec.skipRefresh ?? file?.helmDefaults.skipRefresh)),
  });
  const prepare = async (file: LoadedStateFile) => {
    const s = skipsOf(file);
    if (opts.syncRepos !== false && !s.skipDeps && !s.skipRefresh && file.repositories.length > 0) await addRepos();
  };

  const request = (release: Release, file: LoadedStateFile): VersionRequest => ({
    version: release.version,
    devel: release.spec.devel ?? file.helmDefaults.devel ?? false,
    scope: scope(),
  });

  /** The locked version for a lockable release, or undefined when there is no lock. Throws when the lock is stale. */
  const lockedVersion = (release: Release, file: LoadedStateFile, lockName: string, repository: string): string | undefined => {
    if (opts.ignoreLock) return undefined;
    const { path, lock } = lockFor(file);
    if (!lock) return undefined;
    const at = versionFieldLocation(release, deps.fs);
    const v = wrapConstraint(release, () => findLockedVersion(lock, lockName, release.version, repository, scope()), at);
    if (v === undefined) throw staleLock(release, path, lockName, release.version, at);
    return v;
  };

  const versionAt = (release: Release) => versionFieldLocation(release, deps.fs);
  const ctx: ResolveContext = { deps, opts, homes, indexes, tags, cache, scope, skipsOf, request, lockedVersion, loginOnce, versionAt };

  async function resolve(release: Release, fileArg?: LoadedStateFile): Promise<ResolvedChart> {
    const file = fileArg ?? state?.files[release.fileIndex];
    if (!file) throw new BugError(`chart resolver: no state file for release ${release.id}`);
    seenFiles.add(file);
    await prepare(file);
    // A go-getter chart (git::…@path?ref=…) is fetched into the cache and used as a local chart (Helmfile's helmx.go).
    const chartPath = isRemote(release.chart) ? fetchRemote(deps, release.chart, { what: `release ${release.id} chart`, location: release.source }) : release.chart;
    const ref = parseChartRef(chartPath, release.baseDir, file.repositories, deps.fs);
    switch (ref.kind) {
      case 'local': {
        // Ad-hoc `dependencies:` turn the chart into a modified copy (Helmfile's chartify).
        const adhoc = (release.spec.dependencies?.length ?? 0) > 0 && deps.fs.exists(join(ref.path, 'Chart.yaml'));
        let dir = ref.path;
        if (adhoc) {
          const made = chartWithAdhocDependencies(ref.path, release, file, deps);
          dir = made.dir;
          if (made.tempRoot) tempRoots.push(made.tempRoot);
        }
        const meta = readLocalChart(deps.fs, dir);
        warnLocalVersion(release, meta?.version, deps.logger);
        return {
          ref: dir,
          version: meta?.version ?? '',
          local: true,
          hasChartYaml: meta !== undefined,
          kind: 'local',
          chartName: meta?.name || ref.path.slice(ref.path.lastIndexOf('/') + 1),
          // Helmfile prints a local chart as written in the releases file (a chartified copy by its path).
          display: adhoc ? dir : release.chart,
          onDisk: true,
          locked: false,
          constraint: release.version,
        };
      }
      case 'repo':
        await ready();
        return resolveRepoChart(ctx, release, file, ref);
      case 'oci':
        await ready();
        return resolveOciChart(ctx, release, file, ref);
      case 'external':
        return {
          ref: release.chart,
          version: release.version,
          local: false,
          hasChartYaml: false,
          kind: 'external',
          chartName: release.chart.slice(release.chart.lastIndexOf('/') + 1),
          display: release.chart,
          onDisk: false,
          locked: false,
          constraint: release.version,
        };
    }
  }

  return {
    resolve: (release, file) => resolve(release, file),
    async buildDependencies(dir, release) {
      const file = release ? state?.files[release.fileIndex] : undefined;
      const { skipDeps, skipRefresh } = skipsOf(file, release);
      if (skipDeps) return false;
      if (!skipRefresh) await addRepos();
      await ready();
      return builder.ensure(dir, { skipRefresh, plainHttp: opts.ociPlainHttp, release: release ? releaseLabel(release) : undefined, relayStderr: helmVersion?.major === 4 });
    },
    async updateDependencies(dir, release, o = {}) {
      const meta = readLocalChart(deps.fs, dir);
      if (!meta || meta.dependencies.length === 0) return false;
      if (!o.skipRepos) await addRepos();
      await runHelm(helm, dependencyUpdateArgv(dir, opts.skipRefresh), { cwd: dir, release: release ? releaseLabel(release) : undefined });
      return true;
    },
    addRepositories: addRepos,
    counters,
    helmEnv: homes.env,
    dispose: () => {
      homes.dispose();
      for (const d of tempRoots.splice(0)) deps.fs.remove(d);
    },
  };
}
