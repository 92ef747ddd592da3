/**
 * The seam between use cases and chart sources. src/charts plugs in a resolver
 * for repository and OCI charts (locked versions, cache); without one, local
 * chart directories are used in place and anything else goes to helm as written
 * (helm 3+ fetches `repo/chart` and `oci://` itself with `--version`).
 */
import { isAbsolute, resolve } from 'node:path';
import type { Deps } from './deps.js';
import type { LoadedStateFile, Release } from '../state/types.js';

export interface ResolvedChart {
  /** What to pass to helm as CHART: an absolute directory, `repo/chart` or `oci://…`. */
  ref: string;
  /** Version to pass as `--version` ('' for none); a resolver may pin a locked one. */
  version: string;
  /** A chart directory on disk (dependency build applies, `--version` does not). */
  local: boolean;
  /** True when the local directory holds a Chart.yaml (a real chart, not a manifests dir). */
  hasChartYaml: boolean;
}

export interface ChartResolver {
  resolve(release: Release, file: LoadedStateFile, deps: Deps): Promise<ResolvedChart>;
}

/** Local path if the release's chart names a directory relative to its releases file. */
export function localChartPath(release: Release, deps: Deps): string | undefined {
  const chart = release.chart;
  if (!chart || /^[a-z][a-z0-9+.-]*:\/\//i.test(chart) || chart.startsWith('git::')) return undefined;
  const abs = isAbsolute(chart) ? chart : resolve(release.baseDir, chart);
  return deps.fs.stat(abs)?.isDir ? abs : undefined;
}

/** Local charts in place; the rest unchanged for helm to fetch. */
export const localChartResolver: ChartResolver = {
  async resolve(release, _file, deps) {
    const local = localChartPath(release, deps);
    if (local) {
      return { ref: local, version: release.version, local: true, hasChartYaml: deps.fs.exists(resolve(local, 'Chart.yaml')) };
    }
    return { ref: release.chart, version: release.version, local: false, hasChartYaml: false };
  },
};
