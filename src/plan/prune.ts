/**
 * `--prune` (issue 10, "Prune and ownership"), pure: which releases stored in
 * the cluster this run uninstalls because its releases file no longer
 * declares them, and how those uninstalls join the plan.
 *
 * A stored release is pruned only when its LAST revision carries this run's
 * owner mark (src/plan/release-marks.ts), it is not declared by any release of
 * the loaded file (disabled and `installed: false` ones count as declared),
 * it is neither protected nor suspended, and no helm operation is pending on
 * it. Nothing at all is pruned when the file yields no enabled release (a file
 * that renders empty must not uninstall everything it ever installed).
 *
 * Prunes are the plan's last waves: they run only when every other action of
 * the run succeeded (src/sync/execute.ts), dependants first by the needs depth
 * each release recorded when it was written (helmsync.dev/depth, deepest first).
 */
import { DEPTH_LABEL, OWNER_LABEL, PROTECTED_LABEL, SUSPENDED_LABEL, isTrue } from './release-marks.js';
import type { Plan, PlanAction, PlanWave } from './types.js';

/** The last revision of a release found in the cluster. */
export interface StoredRelease {
  /** The kube context it was read through ('' = the kubeconfig's current one). */
  context: string;
  name: string;
  namespace: string;
  revision: number;
  status: string;
  labels: Readonly<Record<string, string>>;
}

/** A release of the loaded file, by where it lives. */
export interface DeclaredRelease {
  context: string;
  /** '' when the file sets none (then it matches that name in any namespace). */
  namespace: string;
  name: string;
}

export interface PruneInput {
  owner: string;
  declared: readonly DeclaredRelease[];
  /** Enabled releases the file yields (0 refuses every prune). */
  enabledCount: number;
  stored: readonly StoredRelease[];
}

export interface PruneCandidate<S extends StoredRelease = StoredRelease> {
  /** Unique in the plan. */
  id: string;
  stored: S;
  depth: number;
}

export interface PruneDecision<S extends StoredRelease = StoredRelease> {
  prune: PruneCandidate<S>[];
  /** Owned, undeclared releases left alone, with why. */
  kept: { stored: S; reason: string }[];
  /** Set when nothing may be pruned at all. */
  refused?: string;
}

/** `ctx/ns/name` as the plan names a pruned release. */
export function storedId(s: Pick<StoredRelease, 'context' | 'namespace' | 'name'>): string {
  return `${s.context ? `${s.context}/` : ''}${s.namespace}/${s.name}`;
}

/** Decides what to prune; `takenIds` are the plan's other ids (kept unique). */
export function decidePrunes<S extends StoredRelease>(input: Omit<PruneInput, 'stored'> & { stored: readonly S[] }, takenIds: ReadonlySet<string> = new Set()): PruneDecision<S> {
  const owned = input.stored.filter((s) => s.labels[OWNER_LABEL] === input.owner && s.status !== 'uninstalled');
  if (input.enabledCount === 0) {
    return { prune: [], kept: [], refused: `the releases file yields no release, so nothing is pruned${owned.length ? ` (${owned.length} release${owned.length === 1 ? '' : 's'} owned by ${input.owner} left alone)` : ''}` };
  }
  const exact = new Set(input.declared.map((d) => `${d.context}\0${d.namespace}\0${d.name}`));
  const anyNs = new Set(input.declared.filter((d) => d.namespace === '').map((d) => `${d.context}\0${d.name}`));
  const prune: PruneCandidate<S>[] = [];
  const kept: PruneDecision<S>['kept'] = [];
  const seen = new Set<string>();
  for (const s of owned) {
    if (exact.has(`${s.context}\0${s.namespace}\0${s.name}`) || anyNs.has(`${s.context}\0${s.name}`)) continue;
    const key = `${s.context}\0${s.namespace}\0${s.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (isTrue(s.labels[PROTECTED_LABEL])) kept.push({ stored: s, reason: `protected (${PROTECTED_LABEL}=${s.labels[PROTECTED_LABEL]})` });
    else if (isTrue(s.labels[SUSPENDED_LABEL])) kept.push({ stored: s, reason: 'suspended (helmsync resume lifts it)' });
    else if (s.status.startsWith('pending-') || s.status === 'uninstalling') kept.push({ stored: s, reason: `revision ${s.revision} is ${s.status}: another operation has not finished` });
    else {
      let id = storedId(s);
      if (takenIds.has(id)) id = `pruned:${id}`;
      const depth = Number.parseInt(s.labels[DEPTH_LABEL] ?? '0', 10);
      prune.push({ id, stored: s, depth: Number.isFinite(depth) && depth > 0 ? depth : 0 });
    }
  }
  return { prune, kept };
}

/** The reason a pruned release shows in the plan. */
export function pruneReason(owner: string): string {
  return `pruned: owned by ${owner} and no longer in the releases file`;
}

/** The plan with the prunes appended as its last waves (deepest first), after every other wave. */
export function appendPrunes(plan: Plan, prune: readonly PruneCandidate[], owner: string): Plan {
  if (!prune.length) return plan;
  const depths = [...new Set(prune.map((p) => p.depth))].sort((a, b) => b - a);
  const waves: PlanWave[] = [...plan.waves];
  const waveOf = new Map<string, number>();
  for (const d of depths) {
    const ids = prune.filter((p) => p.depth === d).map((p) => p.id);
    for (const id of ids) waveOf.set(id, waves.length);
    waves.push({ index: waves.length, kind: 'prune', ids });
  }
  const actions: PlanAction[] = [
    ...plan.actions,
    ...prune.map((p) => ({
      id: p.id,
      release: { name: p.stored.name, namespace: p.stored.namespace, ...(p.stored.context ? { kubeContext: p.stored.context } : {}) },
      action: 'uninstall' as const,
      reasons: [pruneReason(owner)],
      // Dependants first: whatever sits deeper in the needs graph goes before.
      waitsFor: prune.filter((q) => q.depth > p.depth).map((q) => q.id),
      wave: waveOf.get(p.id)!,
      fromRevision: p.stored.revision,
      prune: true,
    })),
  ];
  const summary = { ...plan.summary, uninstall: plan.summary.uninstall + prune.length, prune: (plan.summary.prune ?? 0) + prune.length };
  return { ...plan, actions, waves, summary, hasChanges: true };
}
