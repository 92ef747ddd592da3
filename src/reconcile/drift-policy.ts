/**
 * reconcile's drift policy (issue 10, `--self-heal`): with it, a release
 * whose live objects drifted is upgraded like `apply` does; without it the
 * drift is reported and left alone, so the plan is built from diffs in which
 * drift does not count as a change (desired-vs-stored changes still do).
 * Pure.
 */
import type { ReleaseDiff } from '../diff/types.js';

/** True when a live object of the release is missing or differs from desired. */
export function isDrifted(d: ReleaseDiff | undefined): boolean {
  return Boolean(d?.resources.some((r) => !r.suppressed && r.drift !== undefined && r.drift.state !== 'in-sync'));
}

/** Whether the release differs from the stored revision, drift left aside. */
function changedIgnoringDrift(d: ReleaseDiff): boolean {
  return d.resources.some((r) => !r.suppressed && r.change !== 'unchanged');
}

/** The diffs to plan from: as they are with self-heal, otherwise with drift not counting. */
export function planningDiffs(diffs: ReadonlyMap<string, ReleaseDiff>, selfHeal: boolean): ReadonlyMap<string, ReleaseDiff> {
  if (selfHeal) return diffs;
  const out = new Map<string, ReleaseDiff>();
  for (const [id, d] of diffs) out.set(id, isDrifted(d) && !changedIgnoringDrift(d) ? { ...d, hasChanges: false } : d);
  return out;
}
