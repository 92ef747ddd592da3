/**
 * `(desired releases, observations) → Plan`, pure (changesets'
 * `assembleReleasePlan` shape). Decides install / upgrade / uninstall / noop
 * per release with its reasons, then orders the work in waves from `needs`:
 * uninstalls first, dependants before what they need (Helmfile deletes in
 * reverse DAG order), then installs and upgrades, needs before dependants.
 */
import { BugError } from '../errors/index.js';
import { summarize } from '../diff/render-text.js';
import type { Plan, PlanAction, PlanActionKind, PlannedRelease, PlanOptions, PlanWave, ReleaseObservation } from './types.js';
import { groupByLevel, levels } from './waves.js';

/** Statuses that mean the release is present in the cluster (an `uninstalled` record is history only). */
function isPresent(obs: ReleaseObservation): boolean {
  return obs.record !== undefined && obs.record.status !== 'uninstalled';
}

function decide(r: PlannedRelease, obs: ReleaseObservation, opts: PlanOptions): { action: PlanActionKind; reasons: string[] } {
  const present = isPresent(obs);
  const rec = obs.record;
  if (opts.mode === 'destroy') {
    return present ? { action: 'uninstall', reasons: ['destroy'] } : { action: 'noop', reasons: ['not installed'] };
  }
  if (!r.installed) {
    return present ? { action: 'uninstall', reasons: ['installed: false'] } : { action: 'noop', reasons: ['not installed (installed: false)'] };
  }
  if (!present) {
    const reasons = [rec?.status === 'uninstalled' ? `uninstalled (revision ${rec.revision} kept in history)` : 'not installed'];
    if (obs.diff && obs.diff.summary.added) reasons.push(summarize(obs.diff));
    return { action: 'install', reasons };
  }
  const reasons: string[] = [];
  if (obs.diff?.hasChanges) reasons.push(summarize(obs.diff));
  const toName = r.chart?.name || rec?.chart.name || '';
  const toVersion = r.chart?.version;
  // helm-diff does not see a chart bump that renders the same objects, but the
  // new revision should still record the chart version the file asks for.
  if (rec && toVersion && (toVersion !== rec.chart.version || toName !== rec.chart.name)) {
    reasons.push(
      toName === rec.chart.name ? `chart ${toName} ${rec.chart.version} → ${toVersion}` : `chart ${rec.chart.name} ${rec.chart.version} → ${toName} ${toVersion}`,
    );
  }
  if (rec && rec.status !== 'deployed') {
    reasons.push(
      rec.status.startsWith('pending-')
        ? `last revision ${rec.revision} is ${rec.status} (an earlier operation did not finish; helm may refuse until it is rolled back)`
        : `last revision ${rec.revision} is ${rec.status}`,
    );
  }
  if (reasons.length) return { action: 'upgrade', reasons };
  if (opts.mode === 'sync') return { action: 'upgrade', reasons: ['sync upgrades every release'] };
  if (!obs.diff) return { action: 'upgrade', reasons: ['no diff was computed'] };
  return { action: 'noop', reasons: ['no changes'] };
}

/** Builds the plan. Every release must have an observation (an empty one means "not installed"). */
export function assemblePlan(releases: readonly PlannedRelease[], observed: ReadonlyMap<string, ReleaseObservation>, opts: PlanOptions): Plan {
  const ids = releases.map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw new BugError(`assemblePlan: duplicate release ids in ${ids.join(', ')}`);
  const byId = new Map(releases.map((r) => [r.id, r]));
  const decided = new Map(
    releases.map((r) => {
      const obs = observed.get(r.id);
      if (!obs) throw new BugError(`assemblePlan: no observation for release ${r.id}`);
      return [r.id, { ...decide(r, obs, opts), obs }] as const;
    }),
  );
  const needsOf = (id: string) => byId.get(id)!.needs;
  const dependantsOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const r of releases) for (const n of r.needs) dependantsOf.get(n)?.push(r.id);

  // Levels over every release, so a noop in the middle of a chain still orders its ends.
  const applyIds = ids.filter((id) => decided.get(id)!.action !== 'uninstall');
  const applyLevels = levels(applyIds, needsOf);
  const uninstallIds = ids.filter((id) => decided.get(id)!.action === 'uninstall');
  const uninstallLevels = levels(uninstallIds, (id) => dependantsOf.get(id) ?? []);
  const uninstallSet = new Set(uninstallIds);

  const waves: PlanWave[] = [];
  for (const group of groupByLevel(uninstallIds, uninstallLevels, () => true)) waves.push({ index: waves.length, kind: 'uninstall', ids: group });
  for (const group of groupByLevel(applyIds, applyLevels, (id) => decided.get(id)!.action !== 'noop')) waves.push({ index: waves.length, kind: 'apply', ids: group });
  const waveOf = new Map<string, number>();
  for (const w of waves) for (const id of w.ids) waveOf.set(id, w.index);

  const actions: PlanAction[] = releases.map((r) => {
    const d = decided.get(r.id)!;
      const waitsFor = d.action === 'uninstall' ? (dependantsOf.get(r.id) ?? []).filter((x) => uninstallSet.has(x)) : r.needs.filter((n) => byId.has(n));
    return {
      id: r.id,
      release: { name: r.name, namespace: r.namespace, ...(r.kubeContext ? { kubeContext: r.kubeContext } : {}) },
      action: d.action,
      reasons: d.reasons,
      waitsFor: d.action === 'noop' ? [] : waitsFor,
      wave: waveOf.get(r.id) ?? -1,
      ...(d.obs.record ? { fromRevision: d.obs.record.revision } : {}),
    };
  });
  const summary = { install: 0, upgrade: 0, uninstall: 0, noop: 0 };
  for (const a of actions) summary[a.action]++;
  return { planSchemaVersion: 1, actions, waves, summary, hasChanges: actions.some((a) => a.action !== 'noop') };
}
