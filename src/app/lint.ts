/**
 * `helmsync lint`: `helm lint` on every selected release's chart with its values
 * (Helmfile `LintReleases`). helm lint needs the chart on disk; repository
 * charts come through the chart resolver.
 */
import { UserError } from '../errors/index.js';
import { releaseId } from '../helm/helm.js';
import { splitArgs } from '../helm/argv-common.js';
import { loadState } from '../state/load.js';
import { buildReleaseValues } from '../values/release-values.js';
import type { Deps } from '../ports/index.js';
import { createHelmClient } from './helm-client.js';
import { toHelmDefaults, toHelmRelease, toHelmValues } from './helm-mapping.js';
import type { CommonOptions } from './options.js';
import { prepareCharts } from './prepare-charts.js';
import { openChartResolver } from './chart-resolver.js';
import { releaseHooks } from './release-hooks.js';

export interface LintOptions extends CommonOptions {
  write: (text: string) => void;
  args?: string;
  set?: string[];
  values?: string[];
  skipCleanup?: boolean;
}

export interface LintResult {
  linted: string[];
}

/** `helm lint` on each selected release's chart with its values; helm's report goes to `options.write`. */
export async function lint(options: LintOptions, deps: Deps): Promise<LintResult> {
  const state = await loadState(options.load, deps);
  const helm = await createHelmClient(options, state, deps);
  const linted: string[] = [];
  const charts = openChartResolver(options, state, helm, deps);
  const hooks = await releaseHooks(state, 'lint', deps);
  try {
    for (const file of state.files) {
      const releases = file.selected.filter((r) => r.installed);
      if (!releases.length) continue;
      for (const r of releases) await hooks(r, 'prepare');
      const prepared = await prepareCharts(releases, state, helm, charts, options, deps);
      for (const { release, chart } of prepared) {
        if (!chart.onDisk && !chart.local) {
          throw new UserError(`cannot lint ${release.chart}: helm lint needs the chart on disk`, {
            release: releaseId(release),
            location: release.source,
            hint: 'run `helmsync fetch` and lint the fetched chart, or use a local chart path',
          });
        }
        const v = await buildReleaseValues(release, state, deps, { merge: false });
        try {
          deps.logger.info(`Linting release=${release.name}, chart=${release.chart}`);
          const out = await helm.lint(
            toHelmRelease(release, chart),
            toHelmDefaults(file.helmDefaults),
            toHelmValues(v, release.baseDir, options.values, options.set),
            options.args !== undefined ? splitArgs(options.args) : undefined,
            { cwd: release.baseDir },
          );
          options.write(out);
          linted.push(release.id);
        } finally {
          if (!options.skipCleanup) v.cleanup();
        }
        await hooks(release, 'cleanup');
      }
    }
  } finally {
    charts.dispose?.();
  }
  return { linted };
}
