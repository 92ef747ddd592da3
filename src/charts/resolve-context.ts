/**
 * The types chart resolution shares: what a resolved chart is, the resolver's
 * options and handle, and the per-run context the source-specific resolvers
 * (resolve-repo.ts, resolve-oci.ts) work with.
 */
import type { Deps } from '../ports/index.js';
import type { SourceLocation } from '../errors/index.js';
import type { LoadedStateFile, Release, RepositorySpec } from '../state/types.js';
import type { ChartCache } from './chart-cache.js';
import type { PrereleaseScope } from './constraint.js';
import type { ChartCounters } from './counters.js';
import type { HelmHomes } from './helm-env.js';
import type { OciTagLister } from './oci-tags.js';
import type { RepoIndexCache } from './repo-index.js';
import type { VersionRequest } from './select-version.js';

export type ChartSourceKind = 'local' | 'repo' | 'oci' | 'external';

/**
 * A resolved chart. src/app's ResolvedChart is ref/version/local/hasChartYaml
 * (and display/onDisk when known) of it; the rest say where it came from.
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

/** Shared per-run state handed to the source-specific resolvers. */
export interface ResolveContext {
  deps: Deps;
  opts: ChartResolverOptions;
  homes: HelmHomes;
  indexes: RepoIndexCache;
  tags: OciTagLister;
  cache: ChartCache;
  /** Prerelease semantics of the helm in use. */
  scope(): PrereleaseScope;
  /** Flags merged with helmDefaults / the release (Helmfile #2269). */
  skipsOf(file?: LoadedStateFile, release?: Release): { skipDeps: boolean; skipRefresh: boolean };
  /** The release's version request (version, devel, scope). */
  request(release: Release, file: LoadedStateFile): VersionRequest;
  /** The locked version, undefined without a lock; throws when the lock is stale. */
  lockedVersion(release: Release, file: LoadedStateFile, lockName: string, repository: string): string | undefined;
  /** `helm registry login` once per repository with credentials. */
  loginOnce(repo: RepositorySpec): Promise<unknown>;
  /** Where the release's `version:` is written (for errors about it). */
  versionAt(release: Release): SourceLocation | undefined;
}
