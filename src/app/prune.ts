/**
 * `apply --prune` / `reconcile --prune` / `diff --prune` (issue 10): finds the
 * releases this run's owner holds in the cluster that the releases file no
 * longer declares (src/plan/prune.ts decides), with one kubectl call per kube
 * context the file uses (`-l owner=helm,status!=superseded,helmsync.dev/owner=…`
 * across namespaces), and a second read of each candidate's history to be sure
 * its LAST revision is the owned one (a `helm rollback` to a revision written
 * by someone else hands the release back). Reads only; apply executes.
 */
import { UserError } from '../errors/index.js';
import { readReleaseRecords } from '../cluster/release-records.js';
import type { ReleaseRecord } from '../cluster/release-payload.js';
import { computeReleaseDiff } from '../diff/release-diff.js';
import type { ReleaseDiff } from '../diff/types.js';
import { appendPrunes, decidePrunes, type PruneCandidate, type StoredRelease } from '../plan/prune.js';
import { OWNER_LABEL } from '../plan/release-marks.js';
import type { Plan } from '../plan/types.js';
import type { Deps } from '../ports/index.js';
import { asConnectionError } from '../cluster/observe.js';
import { secretStringsOfManifest, type ClusterRunOptions, type PreparedRun, type RunRelease } from './release-run.js';

export interface PruneOptions {
  /** `--prune`: uninstall owned releases the file no longer declares. */
  prune?: boolean;
}

/** A stored release with its full record (for the deletion diff). */
export interface StoredRecord extends StoredRelease {
  record: ReleaseRecord;
}

export interface PruneSet {
  candidates: PruneCandidate<StoredRecord>[];
  /** Deletion diffs (stored → nothing), by candidate id. */
  diffs: Map<string, ReleaseDiff>;
}

/** `--prune` with `-l` is refused: a release gone from the file has no labels left to select it by. */
export function checkPruneOptions(options: PruneOptions & ClusterRunOptions): void {
  if (options.prune && options.load.selectors?.length) {
    throw new UserError('--prune cannot be combined with -l/--selector', {
      hint: 'prune removes what the whole releases file no longer declares, and a release that left the file has no labels to select it by; run it without -l (unchanged releases get no new revision)',
    });
  }
}

/** Reads the owned releases and decides the prunes; logs those left alone and why. */
export async function findPrunes(run: PreparedRun, options: ClusterRunOptions & { showSecrets?: boolean }, deps: Deps): Promise<PruneSet> {
  const state = run.state;
  const ctxName = (c: string) => run.kubeTarget(c).context || c;
  const contexts = [...new Set([options.load.kubeContext ?? '', ...state.releases.map((r) => r.kubeContext)])];
  // '' and the current context's name are the same cluster: read it once.
  const byName = new Map<string, string>();
  for (const c of contexts) if (!byName.has(ctxName(c))) byName.set(ctxName(c), c);
  const base = { runner: deps.runner, kubectl: run.kubectl, helm: run.helm.binary, driver: deps.env.HELM_DRIVER, sleep: (ms: number) => deps.clock.sleep(ms) };
  const conn = (c: string) => ({ ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(c ? { context: c } : {}) });
  const stored: StoredRecord[] = [];
  await Promise.all(
    [...byName].map(async ([name, c]) => {
      try {
        const owned = await readReleaseRecords({ ...base, connection: conn(c), labels: { [OWNER_LABEL]: run.owner } });
        for (const record of owned) stored.push({ context: name === ctxName('') ? '' : c, name: record.name, namespace: record.namespace, revision: record.revision, status: record.status, labels: record.labels, record });
      } catch (e) {
        throw asConnectionError(e, run.kubeTarget(c));
      }
    }),
  );
  const declared = state.releases.map((r) => ({ context: ctxName(r.kubeContext) === ctxName('') ? '' : r.kubeContext, namespace: r.namespace, name: r.name }));
  const enabledCount = state.releases.filter((r) => r.enabled).length;
  const first = decidePrunes({ owner: run.owner, declared, enabledCount, stored }, new Set(run.releases.map((r) => r.id)));
  if (first.refused) deps.logger.warn(`--prune: ${first.refused}`);
  // The owned revision must be the last one: read each candidate's newest revision (whatever its labels).
  const latest = await Promise.all(
    first.prune.map(async (p) => {
      const recs = await readReleaseRecords({ ...base, connection: conn(p.stored.context), namespaces: [p.stored.namespace], names: [p.stored.name] });
      return recs.find((r) => r.name === p.stored.name);
    }),
  );
  const verified: StoredRecord[] = [];
  first.prune.forEach((p, i) => {
    const rec = latest[i];
    if (rec && rec.revision === p.stored.revision) verified.push(p.stored);
    else if (rec) verified.push({ ...p.stored, revision: rec.revision, status: rec.status, labels: rec.labels, record: rec });
  });
  const decision = decidePrunes({ owner: run.owner, declared, enabledCount, stored: verified }, new Set(run.releases.map((r) => r.id)));
  for (const k of [...first.kept, ...decision.kept]) deps.logger.warn(`release ${k.stored.namespace}/${k.stored.name}: owned by ${run.owner} and no longer in the releases file, not pruned: ${k.reason}`);
  const diffs = new Map<string, ReleaseDiff>();
  for (const p of decision.prune) {
    const ref = { name: p.stored.name, namespace: p.stored.namespace, ...(p.stored.context ? { kubeContext: p.stored.context } : {}) };
    const secretValues = secretStringsOfManifest(p.stored.record.manifest, { release: { namespace: p.stored.namespace } } as Pick<RunRelease, 'release'>);
    diffs.set(p.id, computeReleaseDiff({ release: ref, stored: p.stored.record }, { showSecrets: options.showSecrets, secretValues }));
  }
  return { candidates: decision.prune, diffs };
}

/** The plan with the prunes as its last waves. */
export function planWithPrunes(plan: Plan, prunes: PruneSet | undefined, owner: string): Plan {
  return prunes ? appendPrunes(plan, prunes.candidates, owner) : plan;
}
