/**
 * `helmsync deps`: resolve every lockable release against its repository or
 * registry and write the state lock file(s) in Helmfile's format; update the
 * dependencies of local charts that declare some (Helmfile `Deps`).
 */
import { createChartResolver } from '../charts/index.js';
import { updateLockFile, type LockUpdate } from '../charts/update-lock.js';
import { loadState } from '../state/load.js';
import { helmOfResolver } from './chart-resolver.js';
import type { Deps } from '../ports/index.js';
import { createHelmClient } from './helm-client.js';
import type { CommonOptions } from './options.js';

export interface DepsCmdOptions extends CommonOptions {
  /** `--oci-plain-http`. */
  ociPlainHttp?: boolean;
  /** `--skip-repos`: no `helm repo add` before updating local chart dependencies. */
  skipRepos?: boolean;
}

export interface DepsCmdResult {
  lockFiles: LockUpdate[];
  /** Local chart directories whose dependencies were updated. */
  updatedCharts: string[];
}

export async function updateDeps(options: DepsCmdOptions, deps: Deps): Promise<DepsCmdResult> {
  const state = await loadState(options.load, deps);
  const helm = await createHelmClient(options, state, deps);
  const resolver = createChartResolver(state, deps, {
    ...helmOfResolver(helm),
    ociPlainHttp: options.ociPlainHttp,
    skipRefresh: options.skipRefresh,
    ignoreLock: true,
    noFetch: true,
  });
  try {
    const lockFiles: LockUpdate[] = [];
    const done = new Set<string>();
    for (const file of state.files) {
      const u = await updateLockFile(file, resolver, deps);
      if (done.has(u.path)) continue;
      done.add(u.path);
      lockFiles.push(u);
      if (u.written) deps.logger.info(`Updated lock file ${u.path}`);
      else if (!u.nothingToLock) deps.logger.info(`Lock file ${u.path} is up to date`);
    }
    const updatedCharts: string[] = [];
    if (!options.skipDeps) {
      const seen = new Set<string>();
      for (const release of state.selected) {
        const chart = await resolver.resolve(release);
        if (!chart.local || !chart.hasChartYaml || seen.has(chart.ref)) continue;
        seen.add(chart.ref);
        if (await resolver.updateDependencies(chart.ref, release, { skipRepos: options.skipRepos })) {
          deps.logger.info(`Updated dependencies of ${chart.ref}`);
          updatedCharts.push(chart.ref);
        }
      }
    }
    return { lockFiles, updatedCharts };
  } finally {
    resolver.dispose();
  }
}
