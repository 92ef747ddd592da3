/**
 * Holding releases back for one tick (backoff, suspension): the held ones and
 * every release that waits for them (needs, or dependants of an uninstall,
 * transitively) leave the plan's waves and become `noop` with the reason, so
 * the executor never starts them while independent releases go on. Pure.
 */
import type { Plan, PlanAction, PlanWave } from '../plan/types.js';

export interface HeldRelease {
  id: string;
  /** `backing off after 2 failures, next retry in 20s`, `needs data/db, which is backing off`. */
  reason: string;
}

/** The plan without the held releases and those waiting for them; `held` lists each with why. */
export function holdReleases(plan: Plan, hold: ReadonlyMap<string, string>): { plan: Plan; held: HeldRelease[] } {
  const reasons = new Map<string, string>();
  for (const a of plan.actions) {
    const r = hold.get(a.id);
    if (r !== undefined && a.action !== 'noop') reasons.set(a.id, r);
  }
  // Transitive: a release waiting for a held one is held too (fixpoint over waitsFor).
  let grew = reasons.size > 0;
  while (grew) {
    grew = false;
    for (const a of plan.actions) {
      if (a.action === 'noop' || reasons.has(a.id)) continue;
      const blocker = a.waitsFor.find((w) => reasons.has(w));
      if (blocker !== undefined) {
        reasons.set(a.id, `${a.action === 'uninstall' ? 'dependant' : 'needs'} ${blocker}, which is held back`);
        grew = true;
      }
    }
  }
  if (!reasons.size) return { plan, held: [] };

  const waves: PlanWave[] = [];
  const newIndex = new Map<number, number>();
  for (const w of plan.waves) {
    const ids = w.ids.filter((id) => !reasons.has(id));
    if (!ids.length) continue;
    newIndex.set(w.index, waves.length);
    waves.push({ index: waves.length, kind: w.kind, ids });
  }
  const actions: PlanAction[] = plan.actions.map((a) =>
    reasons.has(a.id)
      ? { ...a, action: 'noop', reasons: [`held back: ${reasons.get(a.id)!}`, ...a.reasons], waitsFor: [], wave: -1 }
      : { ...a, wave: a.wave < 0 ? -1 : newIndex.get(a.wave)! },
  );
  const summary: Plan['summary'] = { install: 0, upgrade: 0, uninstall: 0, noop: 0 };
  for (const a of actions) summary[a.action]++;
  const prunes = actions.filter((a) => a.prune && a.action === 'uninstall').length;
  if (prunes) summary.prune = prunes;
  const held = plan.actions.filter((a) => reasons.has(a.id)).map((a) => ({ id: a.id, reason: reasons.get(a.id)! }));
  return { plan: { ...plan, actions, waves, summary, hasChanges: actions.some((a) => a.action !== 'noop') }, held };
}
