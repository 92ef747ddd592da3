/**
 * Suspended releases (issue 10, "Suspend"), pure: a release whose last stored
 * revision carries `helmsync.dev/suspended=true` (src/plan/release-marks.ts)
 * is left alone by apply, sync and reconcile unless `--ignore-suspend`: its
 * action becomes `noop` with the reason first, it leaves the waves, and
 * nothing is held because of it (it is still installed, so releases that
 * need it go on, as a suspended Flux HelmRelease does not block its
 * dependants).
 */
import { SUSPENDED_LABEL, isTrue } from './release-marks.js';
import type { Plan, PlanAction, PlanWave } from './types.js';

/** True when a release's stored labels mark it suspended. */
export function isSuspended(labels: Readonly<Record<string, string>> | undefined): boolean {
  return isTrue(labels?.[SUSPENDED_LABEL]);
}

/** The reason a suspended release shows in the plan and the logs. */
export const SUSPENDED_REASON = `suspended (${SUSPENDED_LABEL}=true): left alone until helmsync resume, or --ignore-suspend`;

/** The plan with the `suspended` ids' actions turned into noops; `left` lists those that had something to do. */
export function leaveSuspended(plan: Plan, suspended: ReadonlySet<string>): { plan: Plan; left: PlanAction[] } {
  const left = plan.actions.filter((a) => suspended.has(a.id) && a.action !== 'noop');
  if (!left.length) return { plan, left };
  const gone = new Set(left.map((a) => a.id));
  const waves: PlanWave[] = [];
  const newIndex = new Map<number, number>();
  for (const w of plan.waves) {
    const ids = w.ids.filter((id) => !gone.has(id));
    if (!ids.length) continue;
    newIndex.set(w.index, waves.length);
    waves.push({ index: waves.length, kind: w.kind, ids });
  }
  const actions: PlanAction[] = plan.actions.map((a) =>
    gone.has(a.id)
      ? { ...a, action: 'noop', reasons: [SUSPENDED_REASON, `would ${a.action}: ${a.reasons.join('; ')}`], waitsFor: [], wave: -1 }
      : { ...a, waitsFor: a.waitsFor.filter((w) => !gone.has(w)), wave: a.wave < 0 ? -1 : newIndex.get(a.wave)! },
  );
  const summary: Plan['summary'] = { install: 0, upgrade: 0, uninstall: 0, noop: 0 };
  for (const a of actions) summary[a.action]++;
  const prunes = actions.filter((a) => a.prune && a.action === 'uninstall').length;
  if (prunes) summary.prune = prunes;
  return { plan: { ...plan, actions, waves, summary, hasChanges: actions.some((a) => a.action !== 'noop') }, left };
}
