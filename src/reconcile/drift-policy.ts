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

/**
 * The diffs to plan from: as they are for releases to heal, otherwise with
 * drift not counting. `selfHeal` is the flag, or a per-release decision
 * (reconcile's heal rate limit and contested fields).
 */
export function planningDiffs(diffs: ReadonlyMap<string, ReleaseDiff>, selfHeal: boolean | ((id: string) => boolean)): ReadonlyMap<string, ReleaseDiff> {
  if (selfHeal === true) return diffs;
  const heal = typeof selfHeal === 'function' ? selfHeal : () => false;
  const out = new Map<string, ReleaseDiff>();
  for (const [id, d] of diffs) out.set(id, isDrifted(d) && !changedIgnoringDrift(d) && !heal(id) ? { ...d, hasChanges: false } : d);
  return out;
}

/** The drifted fields of a release (objects that exist live and differ), as the heal guard tracks them. */
export function driftedFields(release: string, d: ReleaseDiff | undefined): { release: string; group: string; kind: string; namespace: string; name: string; pointer: string }[] {
  const out: { release: string; group: string; kind: string; namespace: string; name: string; pointer: string }[] = [];
  for (const r of d?.resources ?? []) {
    if (r.suppressed || r.drift?.state !== 'changed') continue;
    for (const f of r.drift.fields) out.push({ release, group: r.key.group, kind: r.key.kind, namespace: r.key.namespace, name: r.key.name, pointer: f.path });
  }
  return out;
}
