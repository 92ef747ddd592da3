/**
 * The fast path of diff/apply (Flux's idea: compare a digest of the chart and
 * values with what the last release recorded, render nothing when they match).
 *
 * A release is not rendered when its last revision is `deployed`, carries the
 * label `helmsync.dev/inputs` written for that very revision, and the digest
 * of this run's rendering inputs (src/plan/inputs-digest.ts) equals it: the
 * manifest helm stored is then what `helm template` would print, and drift is
 * still checked against the live objects of that stored manifest. Charts whose
 * templates cannot render the same twice (`lookup`, random, time, generated
 * certificates …) always render. `--no-fast-path` renders everything.
 */
import { join, isAbsolute } from 'node:path';
import { templateArgv } from '../helm/argv-template.js';
import type { HelmClient } from '../helm/helm.js';
import { releaseId } from '../helm/helm.js';
import { INPUTS_LABEL, inputsDigest, labelMatches, type ContentHasher } from '../plan/inputs-digest.js';
import type { Deps } from '../ports/index.js';
import type { LoadedState } from '../state/types.js';
import type { ChartResolver } from './chart-resolver.js';
import { toHelmRelease } from './helm-mapping.js';
import { buildValues, templateInput, type ClusterRunOptions, type RunRelease } from './release-run.js';

/** Release facts that only differ between the install (revision 1) and the renders after it. */
const INSTALL_ONLY = new Set(['.Release.IsInstall', '.Release.IsUpgrade']);

/**
 * The inputs digest of a release whose values and chart are known, for the
 * stored revision `revision`; undefined for charts that cannot be trusted to
 * render the same twice (and for revision 1 of charts that tell an install
 * from an upgrade: diff renders as an upgrade).
 */
export function releaseInputsDigest(r: RunRelease, helm: HelmClient, options: ClusterRunOptions, deps: Deps, hasher: ContentHasher, revision: number): string | undefined {
  const chart = r.helmRelease.chart;
  const chartPath = isAbsolute(chart) ? chart : join(r.release.baseDir, chart);
  const unstable = deps.fs.exists(chartPath) ? hasher.unstableFunction(chartPath) : undefined;
  if (unstable && INSTALL_ONLY.has(unstable) && revision > 1) {
    // An upgrade renders like diff does.
  } else if (unstable) {
    deps.logger.debug(`release ${releaseId(r.release)}: chart ${r.release.chart} calls ${unstable}, so it is rendered on every run (no fast path)`);
    return undefined;
  }
  const argv = templateArgv({ ...templateInput(r, options), helmMajor: helm.major });
  return inputsDigest({ argv, helmVersion: helm.version.raw, cwd: r.release.baseDir }, hasher);
}

export interface FastPathContext {
  state: LoadedState;
  helm: HelmClient;
  charts: ChartResolver;
  options: ClusterRunOptions;
  deps: Deps;
  cleanups: (() => void)[];
  hasher: ContentHasher;
}

/**
 * Marks the releases whose inputs match their deployed revision as fast-pathed
 * (manifest = the stored one) and returns those that must be rendered.
 */
export async function fastPathReleases(releases: RunRelease[], ctx: FastPathContext): Promise<RunRelease[]> {
  const { deps } = ctx;
  const render: RunRelease[] = [];
  for (const r of releases) {
    const rec = r.record;
    const label = rec?.labels?.[INPUTS_LABEL];
    const id = releaseId(r.release);
    if (!rec || rec.status !== 'deployed' || !label || !label.endsWith(`.r${rec.revision}`)) {
      deps.logger.debug(`release ${id}: ${!rec ? 'not installed' : rec.status !== 'deployed' ? `last revision is ${rec.status}` : 'no inputs digest for its last revision'}: rendering`);
      render.push(r);
      continue;
    }
    try {
      const chart = await ctx.charts.resolve(r.release, r.file, deps);
      r.chart = chart;
      r.helmRelease = toHelmRelease(r.release, chart, r.file.kubeVersion, r.file.apiVersions);
      await buildValues(r, ctx.state, ctx.options, deps, ctx.cleanups);
      r.inputsDigest = releaseInputsDigest(r, ctx.helm, ctx.options, deps, ctx.hasher, rec.revision);
    } catch (e) {
      // Whatever failed fails again, with its full message, on the rendering path.
      deps.logger.debug(`release ${id}: inputs not hashed (${(e as Error).message}): rendering`);
      r.values = undefined;
      render.push(r);
      continue;
    }
    if (r.inputsDigest && labelMatches(label, r.inputsDigest, rec.revision)) {
      deps.logger.debug(`release ${id}: inputs unchanged since revision ${rec.revision}: not rendered (--no-fast-path renders it)`);
      r.fastPath = true;
      r.manifest = [rec.manifest, rec.hooksManifest ?? ''].filter((t) => t.trim() !== '').join('\n---\n');
      continue;
    }
    if (r.inputsDigest) deps.logger.debug(`release ${id}: inputs changed since revision ${rec.revision}: rendering`);
    render.push(r);
  }
  return render;
}
