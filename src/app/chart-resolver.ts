/**
 * The seam between use cases and chart sources. By default src/charts'
 * resolver is used (repository index / OCI tags / lock file / chart cache, local
 * charts in place); tests or other callers may pass their own.
 */
import { createChartResolver, type ChartResolverOptions, type ResolvedChart as SourceResolvedChart } from '../charts/resolver.js';
import type { HelmClient } from '../helm/helm.js';
import type { LoadedState, LoadedStateFile, Release } from '../state/types.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

/**
 * What use cases need of a resolved chart: src/charts' ResolvedChart, of which
 * a caller's own resolver may leave out `display` and `onDisk`.
 */
export type ResolvedChart = Pick<SourceResolvedChart, 'ref' | 'version' | 'local' | 'hasChartYaml'> & Partial<Pick<SourceResolvedChart, 'display' | 'onDisk'>>;

export interface ChartResolver {
  resolve(release: Release, file: LoadedStateFile, deps: Deps): Promise<ResolvedChart>;
  /** `helm dependency build` for a local chart when needed; when absent, the use case runs helm itself. */
  buildDependencies?(dir: string, release?: Release): Promise<boolean>;
  dispose?(): void;
}

/** The helm src/charts' resolver runs (pull, dependency build) and the version its flags depend on. */
export function helmOfResolver(helm: HelmClient): Pick<ChartResolverOptions, 'helmBinary' | 'helmVersion'> {
  return { helmBinary: helm.binary, helmVersion: { major: helm.version.major, minor: helm.version.minor } };
}

/** The resolver for one run: the caller's, else src/charts' (disposed by the caller via `dispose`). */
export function openChartResolver(
  options: Pick<CommonOptions, 'chartResolver' | 'skipDeps' | 'skipRefresh' | 'ociPlainHttp'>,
  state: LoadedState,
  helm: HelmClient,
  deps: Deps,
  extra: Pick<ChartResolverOptions, 'syncRepos'> = {},
): ChartResolver {
  if (options.chartResolver) return options.chartResolver;
  const handle = createChartResolver(state, deps, {
    ...extra,
    ...helmOfResolver(helm),
    skipDeps: options.skipDeps,
    skipRefresh: options.skipRefresh,
    ociPlainHttp: options.ociPlainHttp,
  });
  return {
    resolve: (release, file, d) => handle.resolve(release, file, d),
    buildDependencies: (dir, release) => handle.buildDependencies(dir, release),
    dispose: () => handle.dispose(),
  };
}

/** The `chart=` Helmfile prints: a local chart as written in the file, others as the resolver says. */
export function chartDisplay(release: Release, chart: ResolvedChart): string {
  return chart.display ?? release.chart;
}
