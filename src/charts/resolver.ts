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
import type { Deps } from '../app/deps.js';
import type { LoadedState, LoadedStateFile, Release, RepositorySpec } from '../state/types.js';
import { type ChartRef, parseChartRef } from './chart-ref.js';
import { ChartCache, ociCacheKey } from './chart-cache.js';
import { prereleaseScopeFor, type PrereleaseScope } from './constraint.js';
import { type ChartCounters, createCounters } from './counters.js';
import { chartNotInRepository, noMatchingVersion, ociLatest, releaseLabel, staleLock, wrapConstraint } from './errors.js';
import { chartCacheHome, createHelmHomes, type HelmHomes } from './helm-env.js';
import { runHelm, type HelmRunContext } from './helm-run.js';
import { dependencyUpdateArgv } from './helm-argv.js';
import { LocalDependencyBuilder, readLocalChart } from './local-chart.js';
import { findLockedVersion, type LockFile, lockFilePathFor, readLockFile } from './lock-file.js';
import { OciAuthRequired, OciTagLister, type OciTarget } from './oci-tags.js';
import { RepoIndexCache, type IndexEntry } from './repo-index.js';
import { bump } from './counters.js';
import { addRepositories } from './add-repositories.js';
import { repoBaseUrl, repositoryCredentials } from './repository.js';
import { ociVersionIsLiteral, satisfies, selectOciTag, selectVersion, type VersionRequest } from './select-version.js';
import { BugError, ExternalCommandError, UserError } from '../errors/index.js';
import { detectHelmVersion } from '../helm/version.js';

export type ChartSourceKind = 'local' | 'repo' | 'oci' | 'external';

/**
 * A resolved chart. The first four fields are src/app's ResolvedChart
 * (ref/version/local/hasChartYaml); the rest say where it came from.
 */
export interface ResolvedChart {
  /** CHART for helm argv: a local directory, a cached .tgz, a cached OCI chart directory, or the chart as written (external). */
  ref: string;
  /** The exact version chosen ('' when unknown: external charts without version, local charts without Chart.yaml). */
  version: string;
  /** True only for the user's own chart directory (dependency builds apply). */
  local: boolean;
  /** The local directory has a Chart.yaml (false for plain-manifest dirs and for fetched charts). */
  hasChartYaml: boolean;
  kind: ChartSourceKind;
  /** Chart name (Chart.yaml name for local charts, the last path segment otherwise). */
  chartName: string;
  /** What Helmfile prints as `chart=` in its log lines. */
  display: string;
  /** The chart is on disk at `ref` (local, or fetched into the cache). */
  onDisk: boolean;
  /** Repository URL (`http…/` or `oci://host/path`), when known. */
  repository?: string;
  /** The declared repository's name, when the chart came through `repositories:`. */
  repoName?: string;
  /** The version came from the lock file. */
  locked: boolean;
  /** The release's constraint as written ('' when none). */
  constraint: string;
}

export interface ChartResolverOptions {
  /** helm executable for pulls, repo add, registry login, dependency builds. Default `helm`. */
  helmBinary?: string;
  /** Helm version: output differs between majors; constraint prerelease rules changed in helm 3.19. */
  helmVersion?: { major: 3 | 4; minor?: number };
  /** `--skip-deps`: no dependency builds, no refresh (cached indexes are used when present). */
  skipDeps?: boolean;
  /** `--skip-refresh`: cached indexes are used when present. */
  skipRefresh?: boolean;
  /** `--oci-plain-http`: talk plain HTTP to every OCI registry. */
  ociPlainHttp?: boolean;
  /** Cache root (default HELMSYNC_CACHE_HOME / HELMFILE_CACHE_HOME / ~/.cache/helmsync). */
  cacheHome?: string;
  /** Resolve against the sources even when a lock exists (the `deps` command). */
  ignoreLock?: boolean;
  /** Resolve versions only; do not download charts (deps, list). */
  noFetch?: boolean;
  /**
   * Add the declared repositories to helm (isolated homes) before the first
   * chart is resolved, as Helmfile's SyncReposOnce does — local chart
   * dependency builds need them. Default true; never with skipDeps/skipRefresh.
   * The index `helm repo add` downloads is reused, so each repository is still read once.
   */
  syncRepos?: boolean;
  signal?: AbortSignal;
}

/** What {@link createChartResolver} returns. */
export interface ChartResolverHandle {
  /** Resolves (and fetches) a release's chart. `file` defaults to `state.files[release.fileIndex]`. */
  resolve(release: Release, file?: LoadedStateFile, deps?: Deps): Promise<ResolvedChart>;
  /** `helm dependency build` for a local chart directory, once per run and only when needed; true when it ran. */
  buildDependencies(dir: string, release?: Release): Promise<boolean>;
  /** `helm dependency update` on a local chart that declares dependencies (the `deps` command); true when it ran. */
  updateDependencies(dir: string, release?: Release, opts?: { skipRepos?: boolean }): Promise<boolean>;
  /** `helm repo add` / `helm registry login` for every repository of the state, once per run. */
  addRepositories(): Promise<void>;
  /** Index reads, tag listings, pulls and dependency builds so far. */
  counters: ChartCounters;
  /** The helm environment chart-source helm calls use (isolated homes). */
  helmEnv: Record<string, string>;
  /** Removes per-run temp dirs. */
  dispose(): void;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * Creates the per-run chart resolver. `state` may be undefined when the caller
 * only has files at resolve time (src/app's ChartResolver seam passes the file
 * with each release); repositories are then collected from the files seen.
 */
export function createChartResolver(state: LoadedState | undefined, deps: Deps, opts: ChartResolverOptions = {}): ChartResolverHandle {
  const seenFiles = new Set<LoadedStateFile>();
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
  const builder = new LocalDependencyBuilder(deps.fs, helm, counters);
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
          const copy = join(homes.cacheHome, 'repository', `${a.name}-index.yaml`);
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
    const v = wrapConstraint(release, () => findLockedVersion(lock, lockName, release.version, repository, scope()));
    if (v === undefined) throw staleLock(release, path, lockName, release.version);
    return v;
  };

  async function resolveRepo(release: Release, file: LoadedStateFile, ref: Extract<ChartRef, { kind: 'repo' }>): Promise<ResolvedChart> {
    const insecure = release.spec.insecureSkipTLSVerify ?? file.helmDefaults.insecureSkipTLSVerify;
    const s = skipsOf(file, release);
    const index = await indexes.get(ref.repo, { insecureSkipTLSVerify: insecure, offline: s.skipDeps || s.skipRefresh });
    const entries = index.entries.get(ref.chart);
    if (!entries || entries.length === 0) throw chartNotInRepository(release, ref.chart, ref.repo.name, ref.repo.url, [...index.entries.keys()]);
    const locked = lockedVersion(release, file, ref.chart, ref.repo.url);
    let version: string;
    if (locked !== undefined) {
      version = locked;
    } else {
      const pick = wrapConstraint(release, () => selectVersion(entries.map((e) => e.version), request(release, file)));
      if (!pick.ok) throw noMatchingVersion(release, `chart "${ref.chart}" in repository "${ref.repo.name}" (${ref.repo.url})`, pick.constraint, pick.nearest);
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

  async function resolveOci(release: Release, file: LoadedStateFile, ref: Extract<ChartRef, { kind: 'oci' }>): Promise<ResolvedChart> {
    const chartText = release.chart;
    let wanted = release.version.trim();
    let digest = ref.digest;
    // `version: 1.0.0@sha256:…` carries a digest; Helmfile strips it out of --version.
    const at = wanted.indexOf('@');
    if (at >= 0) {
      digest = wanted.slice(at + 1);
      wanted = wanted.slice(0, at);
    }
    if (ref.tag) {
      if (wanted && wanted !== ref.tag) {
        throw new UserError(`chart ${chartText} names tag ${ref.tag} but version says ${wanted}`, {
          release: releaseLabel(release),
          location: release.source,
          hint: 'give the version in one place only',
        });
      }
      wanted = ref.tag;
    }
    if (wanted === 'latest') throw ociLatest(release, chartText);
    const plainHttp = Boolean(opts.ociPlainHttp || ref.repo?.plainHttp || release.spec.plainHttp || file.helmDefaults.plainHttp || LOOPBACK.test(ref.registry));
    const insecure = Boolean(ref.repo?.skipTLSVerify || release.spec.insecureSkipTLSVerify || file.helmDefaults.insecureSkipTLSVerify);
    const target: OciTarget = {
      registry: ref.registry,
      repository: ref.repository,
      plainHttp,
      insecureSkipTLSVerify: insecure,
      credentials: ref.repo ? repositoryCredentials(ref.repo, deps.env) : registryLogin(deps, homes.registryConfig, ref.registry),
      repoName: ref.repo?.name,
    };
    const repoUrl = `oci://${ref.registry}/${ref.repository.slice(0, Math.max(0, ref.repository.lastIndexOf('/')))}`.replace(/\/$/, '');
    const locked = ref.repo ? lockedVersion(release, file, ref.chartName, repoUrl) : undefined;
    let version = locked ?? wanted;
    // helm uses a version that parses as semver verbatim as the tag; only constraints need the tag list.
    if (locked === undefined && !digest && !ociVersionIsLiteral(wanted)) {
      const req = { ...request(release, file), version: wanted };
      let available: string[];
      try {
        available = await tags.list(target);
      } catch (e) {
        if (e instanceof OciAuthRequired) {
          throw new UserError(`${e.message}, which is needed to resolve version "${wanted || '*'}"`, {
            release: releaseLabel(release),
            location: release.source,
            hint: ref.repo
              ? `set username/password on repository "${ref.repo.name}" or its _USERNAME/_PASSWORD env vars`
              : `run \`helm registry login ${ref.registry}\`, or pin an exact version`,
          });
        }
        throw e;
      }
      const pick = wrapConstraint(release, () => selectOciTag(available, req));
      if (!pick.ok) throw noMatchingVersion(release, `OCI chart oci://${ref.registry}/${ref.repository}`, pick.constraint, pick.nearest);
      version = pick.version;
    }
    const base = {
      version,
      local: false,
      hasChartYaml: false,
      kind: 'oci' as const,
      chartName: ref.chartName,
      repository: repoUrl,
      repoName: ref.repo?.name,
      locked: locked !== undefined,
      constraint: release.version,
    };
    const ociRef = `oci://${ref.registry}/${ref.repository}`;
    if (opts.noFetch) return { ...base, ref: ociRef, display: ociRef, onDisk: false };
    if (ref.repo && target.credentials) await loginOnce(ref.repo);
    const repoPrefix = ref.repo ? ref.repo.url.replace(/^oci:\/\//, '').replace(/\/+$/, '') : '';
    const cachePath = ref.repo ? `${ref.registry}/${ref.repository}`.slice(repoPrefix.length + 1) : ref.repository;
    const dir = await cache
      .oci({
      registry: ref.registry,
      repository: ref.repository,
      chartName: ref.chartName,
      version,
      digest,
      cacheKey: ref.repo ? ref.repo.name : ociCacheKey(ref.registry),
      cachePath: cachePath || ref.chartName,
      plainHttp,
      insecureSkipTLSVerify: insecure,
      caFile: ref.repo?.caFile,
      certFile: ref.repo?.certFile,
      keyFile: ref.repo?.keyFile,
      })
      .catch(async (e: unknown) => {
        // helm's own "not found" says little: name the versions that do exist.
        if (!(e instanceof ExternalCommandError) || digest) throw e;
        const available = await tags.list(target).catch(() => undefined);
        if (available && !available.includes(version)) {
          if (locked !== undefined) {
            throw new UserError(`the locked version ${version} of OCI chart oci://${ref.registry}/${ref.repository} is no longer in the registry`, {
              release: releaseLabel(release),
              location: release.source,
              hint: 'run `helmsync deps` to update the lock file',
            });
          }
          const pick = selectOciTag(available, { version, scope: scope() });
          if (!pick.ok) throw noMatchingVersion(release, `OCI chart oci://${ref.registry}/${ref.repository}`, version, pick.nearest);
        }
        throw e;
      });
    return { ...base, ref: dir, display: dir, onDisk: true };
  }

  async function resolve(release: Release, fileArg?: LoadedStateFile): Promise<ResolvedChart> {
    const file = fileArg ?? state?.files[release.fileIndex];
    if (!file) throw new BugError(`chart resolver: no state file for release ${release.id}`);
    seenFiles.add(file);
    await prepare(file);
    const ref = parseChartRef(release.chart, release.baseDir, file.repositories, deps.fs);
    switch (ref.kind) {
      case 'local': {
        const meta = readLocalChart(deps.fs, ref.path);
        warnLocalVersion(release, meta?.version, deps);
        return {
          ref: ref.path,
          version: meta?.version ?? '',
          local: true,
          hasChartYaml: meta !== undefined,
          kind: 'local',
          chartName: meta?.name || ref.path.slice(ref.path.lastIndexOf('/') + 1),
          // Helmfile prints a local chart as written in the releases file.
          display: release.chart,
          onDisk: true,
          locked: false,
          constraint: release.version,
        };
      }
      case 'repo':
        await ready();
        return resolveRepo(release, file, ref);
      case 'oci':
        await ready();
        return resolveOci(release, file, ref);
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
      return builder.ensure(dir, { skipRefresh, release: release ? releaseLabel(release) : undefined });
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
    dispose: () => homes.dispose(),
  };
}

/**
 * helm ignores --version for a chart directory; say so when the release asks
 * for a version its local chart does not have (instead of silently rendering another).
 */
function warnLocalVersion(release: Release, actual: string | undefined, deps: Pick<Deps, 'logger'>): void {
  const wanted = release.version.trim();
  if (!wanted || actual === undefined) return;
  let ok = wanted === actual;
  try {
    ok ||= satisfies(actual, { version: wanted });
  } catch {
    ok = false;
  }
  if (!ok) deps.logger.warn(`release ${releaseLabel(release)}: version "${wanted}" is ignored for local chart ${release.chart}, which is version ${actual}`);
}

/** Credentials `helm registry login` stored for a host (docker config.json `auths`). */
function registryLogin(deps: Pick<Deps, 'fs'>, configPath: string, host: string): { username: string; password: string } | undefined {
  try {
    if (!deps.fs.exists(configPath)) return undefined;
    const doc = JSON.parse(deps.fs.readFile(configPath)) as { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
    const a = doc.auths?.[host];
    if (!a) return undefined;
    if (a.username && a.password) return { username: a.username, password: a.password };
    if (a.auth) {
      const text = Buffer.from(a.auth, 'base64').toString('utf8');
      const i = text.indexOf(':');
      if (i > 0) return { username: text.slice(0, i), password: text.slice(i + 1) };
    }
  } catch {
    // An unreadable registry config just means no stored login.
  }
  return undefined;
}
