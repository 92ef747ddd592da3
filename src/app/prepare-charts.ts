/**
 * Chart preparation before rendering (Helmfile `PrepareCharts`): resolve each
 * release's chart, then `helm dependency build` once per local chart directory,
 * sequentially (concurrent builds on one chart fail: roboll/helmfile#1438, #1521).
 */
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import type { HelmClient } from '../helm/helm.js';
import { releaseId } from '../helm/helm.js';
import type { LoadedState, Release } from '../state/types.js';
import { chartDisplay, type ChartResolver, type ResolvedChart } from './chart-resolver.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';
import { fieldLocation } from '../state/field-location.js';

export interface PreparedRelease {
  release: Release;
  chart: ResolvedChart;
}

export async function prepareCharts(
  releases: Release[],
  state: LoadedState,
  helm: HelmClient,
  resolver: ChartResolver,
  opts: Pick<CommonOptions, 'skipDeps' | 'skipRefresh'>,
  deps: Deps,
): Promise<PreparedRelease[]> {
  const prepared: PreparedRelease[] = [];
  for (const release of releases) {
    const file = state.files[release.fileIndex]!;
    // A path-like chart that is not there would only surface as helm's "path not found";
    // say where it was written and where it was looked for.
    if (/^(\.{1,2}\/|\/)/.test(release.chart)) {
      const abs = isAbsolute(release.chart) ? release.chart : resolve(release.baseDir, release.chart);
      if (!deps.fs.exists(abs)) {
        throw new UserError(`chart ${release.chart} does not exist`, {
          release: releaseId(release),
          location: fieldLocation(release, 'chart'),
          hint: `looked for ${abs}; chart paths are relative to the releases file`,
        });
      }
    }
    prepared.push({ release, chart: await resolver.resolve(release, file, deps) });
  }
  const built = new Set<string>();
  for (const p of prepared) {
    const file = state.files[p.release.fileIndex]!;
    const d = file.helmDefaults;
    const s = p.release.spec;
    const skipDeps = opts.skipDeps || (s.skipDeps ?? d.skipDeps ?? false);
    if (!p.chart.local || !p.chart.hasChartYaml || skipDeps) continue;
    // Helmfile logs this line for every release, so the log matches it; the build
    // itself runs once per chart directory (a second run would only redo the same work).
    deps.logger.info(`Building dependency release=${p.release.name}, chart=${chartDisplay(p.release, p.chart)}`);
    if (built.has(p.chart.ref)) continue;
    built.add(p.chart.ref);
    if (resolver.buildDependencies) {
      await resolver.buildDependencies(p.chart.ref, p.release);
      continue;
    }
    const skipRefresh = opts.skipRefresh || (s.skipRefresh ?? d.skipRefresh ?? false);
    await helm.dependencyBuild(p.chart.ref, { skipRefresh, release: releaseId(p.release), cwd: p.release.baseDir });
  }
  return prepared;
}
