/**
 * The one-writer lock of a run (src/lock): one Lease per cluster the run's
 * releases live on (contexts that point at the same server share it), named
 * after the owner mark (the releases file and environment, or --owner).
 *
 * When it is taken: only once the run knows it will write, after every
 * release was loaded and rendered (bad input touches nothing, not even a
 * Lease) — for sync at once, for apply/destroy when the plan has changes or a
 * release is left pending, for recovery before it rolls anything back. A lock
 * taken after the run read the cluster may have waited for another writer:
 * the release records are read again, and when one moved the caller derives
 * its plan afresh (so two reconcilers never upgrade a release twice for one
 * change: the second finds the first's revision and has nothing to do).
 */
import { observeReleases } from '../cluster/observe.js';
import type { ReleaseRecord } from '../cluster/release-payload.js';
import { holderIdentity } from '../lock/identity.js';
import { kubectlLeaseApi } from '../lock/kubectl-lease.js';
import { lockName } from '../lock/name.js';
import type { LockOptions } from '../lock/options.js';
import { LeaseLock, WriterLock } from '../lock/writer-lock.js';
import type { Deps } from '../ports/index.js';
import { observeOptions, ref, type ClusterRunOptions, type PreparedRun } from './release-run.js';

/** ClusterRunOptions plus the lock's settings (absent: no lock, as for library callers and tests). */
export interface LockedRunOptions extends ClusterRunOptions {
  lock?: LockOptions;
  /** Reconcile's graceful stop: ends a wait for the lock too. */
  stopStarting?: AbortSignal;
}

/** The lock of one run, taken at most once. */
export interface RunLock {
  /** Takes every Lease unless held; true when it was taken now (what the run read before may be stale). */
  ensure(): Promise<boolean>;
  readonly isHeld: boolean;
  /** Fires when a held Lease was lost (taken over, or not renewable for its TTL). */
  readonly lost: AbortSignal;
  /** The Lease name (the same on every cluster). */
  readonly name: string;
  release(): Promise<void>;
}

/**
 * The owner a run's lock is named after: the owner mark the run writes on its
 * releases (`--owner`, else derived from the releases file and environment:
 * src/app/ownership.ts decides it once per run). src/lock/name.ts makes it a
 * Lease name.
 */
export function runLockOwner(run: Pick<PreparedRun, 'owner'>): string {
  return run.owner;
}

/** The run's lock, or undefined with --no-lock / no lock options. Nothing is read or written until ensure(). */
export function runLock(run: PreparedRun, options: LockedRunOptions, deps: Deps): RunLock | undefined {
  const o = options.lock;
  if (!o || o.disabled) return undefined;
  const owner = runLockOwner(run);
  const name = lockName(owner);
  const identity = holderIdentity(o.holder);
  // A signal stops the wait: SIGTERM/SIGINT of one-shot commands, reconcile's graceful stop.
  const stops = [deps.interrupt, options.stopStarting].filter((x): x is AbortSignal => x !== undefined);
  const signal = stops.length > 1 ? AbortSignal.any(stops) : stops[0];
  // One Lease per cluster: contexts that name the same server are one cluster.
  const clusters = new Map<string, string>();
  for (const r of run.releases) {
    const context = r.release.kubeContext ?? '';
    const key = run.kubeTarget(context).server ?? `context:${context}`;
    if (!clusters.has(key)) clusters.set(key, context);
  }
  const locks = [...clusters.keys()].sort().map((key) => {
    const context = clusters.get(key)!;
    const api = kubectlLeaseApi({
      runner: deps.runner,
      kubectl: run.kubectl,
      connection: { ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(context ? { context } : {}) },
      target: run.kubeTarget(context),
      sleep: (ms) => deps.clock.sleep(ms),
    });
    return new LeaseLock({
      api,
      namespace: o.namespace,
      name,
      owner,
      identity,
      ttlSeconds: o.ttlSeconds,
      timeoutMs: o.timeoutMs,
      clock: deps.clock,
      logger: deps.logger,
      ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
      ...(signal ? { signal } : {}),
    });
  });
  const writer = new WriterLock(locks);
  let taken = false;
  return {
    name,
    get isHeld() {
      return writer.isHeld;
    },
    lost: writer.lost,
    ensure: async () => {
      if (taken) return false;
      await writer.acquire();
      taken = true;
      return true;
    },
    release: async () => {
      if (!taken) return;
      taken = false;
      await writer.release();
    },
  };
}

const sameRecord = (a: ReleaseRecord | undefined, b: ReleaseRecord | undefined): boolean =>
  (a === undefined && b === undefined) || (a !== undefined && b !== undefined && a.revision === b.revision && a.status === b.status);

/**
 * Reads every release's last record again (one call per context) and stores
 * it on the run; returns the ids whose revision or status moved since the
 * run read them.
 */
export async function refreshRecords(run: PreparedRun, options: ClusterRunOptions, deps: Deps): Promise<string[]> {
  const observed = await observeReleases(
    run.releases.map((r) => ({ id: r.id, release: ref(r) })),
    observeOptions(run, options, deps),
  );
  const moved: string[] = [];
  for (const r of run.releases) {
    const fresh = observed.get(r.id)?.record;
    if (!sameRecord(r.record, fresh)) moved.push(r.id);
    r.record = fresh;
  }
  return moved;
}

/**
 * Takes the lock before the run's first write. Returns the releases that
 * moved while it waited (empty when nothing moved, the lock was already
 * held, or there is no lock): the caller then derives its plan again.
 */
export async function lockForWrites(lock: RunLock | undefined, run: PreparedRun, options: ClusterRunOptions, deps: Deps): Promise<string[]> {
  if (!lock || !(await lock.ensure())) return [];
  const moved = await refreshRecords(run, options, deps);
  if (moved.length) deps.logger.info(`${moved.length === 1 ? 'release' : 'releases'} ${moved.join(', ')} changed before the lock was taken; planning again`);
  return moved;
}
