/**
 * `helmsync suspend` / `helmsync resume` (issue 10): mark the selected
 * releases in the cluster so that apply, sync and reconcile leave them alone
 * during an incident, without a commit, and lift the mark again. The mark is
 * the release label `helmsync.dev/suspended=true` on every stored revision of
 * the release, written with `kubectl label` (src/cluster/storage-labels.ts):
 * no new helm revision, visible to `kubectl get secrets -l
 * helmsync.dev/suspended=true -A` and `helm get metadata`, kept by a plain
 * `helm upgrade` and by `helm rollback`.
 *
 * Also here: how apply/sync honour it (`leaveSuspendedReleases`).
 */
import { labelledStorage, labelReleaseStorage } from '../cluster/storage-labels.js';
import { SUSPENDED_LABEL } from '../plan/release-marks.js';
import { isSuspended, leaveSuspended } from '../plan/suspension.js';
import type { Plan } from '../plan/types.js';
import type { Deps } from '../ports/index.js';
import { prepareRun, type ClusterRunOptions, type PreparedRun } from './release-run.js';

export interface SuspendOptions extends ClusterRunOptions {
  /** Where the per-release lines go (stdout). */
  write: (text: string) => void;
}

export interface SuspendResult {
  /** `ns/name` of the releases marked (or unmarked). */
  changed: string[];
  /** `ns/name` of selected releases that are not installed (nothing to mark). */
  notInstalled: string[];
}

/** Sets (`suspend: true`) or removes the suspension mark on every selected installed release. */
export async function setSuspended(options: SuspendOptions, deps: Deps, suspend: boolean): Promise<SuspendResult> {
  const resource = labelledStorage(deps.env.HELM_DRIVER);
  const run = await prepareRun(options, deps, { render: false, writes: true });
  try {
    const changed: string[] = [];
    const notInstalled: string[] = [];
    for (const r of run.releases) {
      const id = `${r.release.namespace}/${r.release.name}`;
      if (!r.record || r.record.status === 'uninstalled') {
        notInstalled.push(id);
        deps.logger.warn(`release ${id}: not installed, nothing to ${suspend ? 'suspend' : 'resume'}`);
        continue;
      }
      const connection = { ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(r.release.kubeContext ? { context: r.release.kubeContext } : {}) };
      await labelReleaseStorage(
        { runner: deps.runner, kubectl: run.kubectl, connection, ...(deps.interrupt ? { signal: deps.interrupt } : {}) },
        { resource, namespace: r.record.namespace, release: r.record.name, ...(suspend ? { set: { [SUSPENDED_LABEL]: 'true' } } : { remove: [SUSPENDED_LABEL] }) },
      );
      const was = isSuspended(r.record.labels);
      changed.push(id);
      options.write(`${suspend ? 'suspended' : 'resumed'} ${id} (revision ${r.record.revision}${was === suspend ? `, was already ${suspend ? 'suspended' : 'not suspended'}` : ''})\n`);
    }
    return { changed, notInstalled };
  } finally {
    run.dispose();
  }
}

/**
 * apply/sync: the plan without the actions of suspended releases (unless
 * `ignoreSuspend`), each reported once on the log; returns their run ids.
 */
export function leaveSuspendedReleases(run: PreparedRun, plan: Plan, options: { ignoreSuspend?: boolean }, deps: Deps): { plan: Plan; suspended: string[] } {
  const ids = new Set(run.releases.filter((r) => isSuspended(r.record?.labels)).map((r) => r.id));
  if (!ids.size) return { plan, suspended: [] };
  if (options.ignoreSuspend) {
    for (const id of ids) deps.logger.warn(`release ${id}: suspended, acted on anyway (--ignore-suspend)`);
    return { plan, suspended: [...ids] };
  }
  const { plan: out, left } = leaveSuspended(plan, ids);
  for (const a of left) {
    const fields = { event: 'release.suspended', release: `${a.release.namespace}/${a.release.name}`, namespace: a.release.namespace, name: a.release.name, action: a.action };
    deps.logger.warn(`release ${a.release.namespace}/${a.release.name}: suspended, left alone (would ${a.action}); helmsync resume lifts it`, fields);
  }
  for (const id of ids) if (!left.some((a) => a.id === id)) deps.logger.info(`release ${id}: suspended (nothing to do anyway)`);
  return { plan: out, suspended: [...ids] };
}
