/**
 * Desired vs stored vs live for every release of a prepared run, with each
 * release's own diff options (ignoreDiffs of the release then helmDefaults,
 * suppressOutputLineRegex, secret values), and the plan built from them.
 */
import { computeReleaseDiff, type DiffOptions } from '../diff/release-diff.js';
import { parseIgnoreDiffs, type IgnoreDiffRule } from '../diff/ignore-rules.js';
import type { ReleaseDiff } from '../diff/types.js';
import { assemblePlan } from '../plan/assemble.js';
import type { Plan, PlanMode, PlannedRelease } from '../plan/types.js';
import type { Deps } from '../ports/index.js';
import { observeLive, ref, type ClusterRunOptions, type PreparedRun, type RunRelease } from './release-run.js';

/** The diff flags of diff/apply (and the drift check of sync). */
export interface DiffFlags {
  /** `--suppress KIND` (repeatable). */
  suppress?: string[];
  /** `--suppress-secrets`: leave Secrets out of the output and of the exit code. */
  suppressSecrets?: boolean;
  /** `--show-secrets`: print Secret values (never the default). */
  showSecrets?: boolean;
  includeTests?: boolean;
  noHooks?: boolean;
  /** `--suppress-output-line-regex` (repeatable); added to the release's/helmDefaults'. */
  suppressOutputLineRegex?: string[];
  /** Rules added at run time by run id (reconcile's contested fields), after the release's and helmDefaults'. */
  extraIgnoreDiffs?: ReadonlyMap<string, readonly IgnoreDiffRule[]>;
}

/** The diff options of one release. */
export function diffOptionsFor(r: RunRelease, flags: DiffFlags, environment: string): DiffOptions {
  const origin = { location: r.release.source, release: `${r.release.namespace}/${r.release.name}`, environment };
  const ignoreDiffs = [...parseIgnoreDiffs(r.release.spec.ignoreDiffs, origin), ...parseIgnoreDiffs(r.file.helmDefaults.ignoreDiffs, { environment }), ...(flags.extraIgnoreDiffs?.get(r.id) ?? [])];
  const suppressKinds = [...(flags.suppress ?? []), ...(flags.suppressSecrets ? ['Secret'] : [])];
  const regex = [...(r.release.spec.suppressOutputLineRegex ?? r.file.helmDefaults.suppressOutputLineRegex ?? []), ...(flags.suppressOutputLineRegex ?? [])];
  return {
    ignoreDiffs,
    suppressKinds,
    showSecrets: flags.showSecrets,
    secretValues: r.secretValues,
    includeTests: flags.includeTests,
    noHooks: flags.noHooks,
    ...(regex.length ? { suppressOutputLineRegex: regex } : {}),
  };
}

/** Reads live objects and computes every release's diff, in run order. */
export async function computeDiffs(run: PreparedRun, options: ClusterRunOptions, deps: Deps, flags: DiffFlags): Promise<Map<string, ReleaseDiff>> {
  const observed = await observeLive(run, options, deps, { includeTests: flags.includeTests, noHooks: flags.noHooks });
  const diffs = new Map<string, ReleaseDiff>();
  for (const r of run.releases) {
    const o = observed.get(r.id) ?? {};
    // The fresh record wins: another run may have changed the release since it was first read.
    if (o.record) r.record = o.record;
    const desired = r.release.installed ? r.manifest : undefined;
    diffs.set(
      r.id,
      computeReleaseDiff(
        { release: ref(r), ...(desired !== undefined ? { desiredManifest: desired } : {}), ...(r.record ? { stored: r.record } : {}), ...(o.live ? { live: o.live } : {}) },
        diffOptionsFor(r, flags, run.state.environmentName),
      ),
    );
  }
  return diffs;
}

/** The chart name helm will record: the last path segment of the chart reference. */
function chartName(chart: string): string {
  const noTag = chart.replace(/^oci:\/\//, '').replace(/[:@][^/]*$/, '');
  return noTag.split('/').filter(Boolean).pop() ?? chart;
}

/** The releases as the planner sees them. Local charts carry no version (nothing to compare). */
export function plannedReleases(run: PreparedRun): PlannedRelease[] {
  return run.releases.map((r) => ({
    id: r.id,
    name: r.release.name,
    namespace: r.release.namespace,
    ...(r.release.kubeContext ? { kubeContext: r.release.kubeContext } : {}),
    installed: r.release.installed,
    needs: r.needs,
    ...(r.chart && !r.chart.local && r.chart.version ? { chart: { name: chartName(r.release.chart), version: r.chart.version } } : {}),
  }));
}

/** The plan for a mode, from the records (and diffs when computed). */
export function planRun(run: PreparedRun, mode: PlanMode, diffs?: ReadonlyMap<string, ReleaseDiff>): Plan {
  const observed = new Map(run.releases.map((r) => [r.id, { ...(r.record ? { record: r.record } : {}), ...(diffs?.get(r.id) ? { diff: diffs.get(r.id)! } : {}) }]));
  return assemblePlan(plannedReleases(run), observed, { mode });
}

/** True when a diff shows live objects changed by someone else (helm 4 SSA would then conflict). */
export function hasDrift(d: ReleaseDiff | undefined): boolean {
  return Boolean(d?.resources.some((x) => x.drift?.state === 'changed'));
}
