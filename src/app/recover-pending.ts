/**
 * Recovery of releases an interrupted run left `pending-*` (src/plan/recovery.ts
 * decides; this reads the history and acts through helm). sync and apply call
 * it after every release was loaded and rendered (nothing is written before
 * validation) and before the diff, so the plan is made against the recovered
 * state. `--no-recover` leaves the release as it is and fails with the helm
 * command that would recover it.
 *
 * With the one-writer lock (src/app/run-lock.ts): recovery writes, so it
 * takes the lock first; waiting for it is waiting for the writer a pending
 * release may belong to. Once we hold it, no other helmsync writer of this
 * owner is alive on the cluster, so a pending revision written under this
 * lock (its `helmsync.dev/lock` release label says so, for that revision) is
 * recovered at once, however young; any other pending revision (a plain
 * `helm upgrade` by someone, a --no-lock run) keeps the age rule: busy until
 * its timeout has passed.
 */
import { readReleaseRecords } from '../cluster/release-records.js';
import { UserError } from '../errors/index.js';
import { rollbackArgv } from '../helm/argv-release.js';
import { decideRecovery, HELM_DEFAULT_TIMEOUT_SECONDS, isUnfinishedStatus, type Recovery } from '../plan/recovery.js';
import type { Deps } from '../ports/index.js';
import type { ClusterRunOptions, PreparedRun, RunRelease } from './release-run.js';
import { observeOptions } from './release-run.js';
import { refreshRecords, type RunLock } from './run-lock.js';
import { LOCK_LABEL, lockLabelValue } from '../lock/name.js';

export interface RecoverOptions extends ClusterRunOptions {
  /** `--no-recover`: leave pending releases, fail with the command to run. */
  noRecover?: boolean;
  /** CLI `--timeout` (seconds): the timeout the interrupted writer is assumed to have had. */
  timeout?: number;
}

/** Whether a revision was written by a helmsync run that held this lock (its release label says so, for this very revision). */
function writtenUnder(lockName: string, rev: { revision: number; labels?: Readonly<Record<string, string>> }): boolean {
  return rev.labels?.[LOCK_LABEL] === lockLabelValue(lockName, rev.revision);
}

/** The timeout a writer of this release would have run with (CLI, release, helmDefaults, helm's default). */
function timeoutOf(r: RunRelease, options: RecoverOptions): number {
  return options.timeout ?? r.helmRelease.timeout ?? r.defaults.timeout ?? HELM_DEFAULT_TIMEOUT_SECONDS;
}

function helmCommandLine(run: PreparedRun, r: RunRelease, d: Recovery, options: RecoverOptions): string {
  const argv =
    d.kind === 'rollback'
      ? rollbackArgv({ release: r.helmRelease, defaults: r.defaults, revision: d.toRevision, cli: { kubeconfig: options.kubeconfig }, helmMajor: run.helm.major })
      : ['uninstall', r.release.name, '--namespace', r.release.namespace, ...(r.release.kubeContext ? ['--kube-context', r.release.kubeContext] : [])];
  return `helm ${argv.join(' ')}`;
}

function ago(seconds: number | undefined): string {
  if (seconds === undefined) return 'at an unknown time';
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`;
  return `${Math.round(seconds / 3600)}h ago`;
}

/**
 * Recovers every selected release whose last revision is pending and whose
 * writer is gone; refuses (UserError, nothing written) when one is younger
 * than its timeout, or when `--no-recover` is set. Returns the ids recovered.
 */
export async function recoverPending(run: PreparedRun, options: RecoverOptions, deps: Deps, lock?: RunLock): Promise<string[]> {
  const isPending = (r: RunRelease): boolean => Boolean(r.record && isUnfinishedStatus(r.record.status));
  if (!run.releases.some(isPending)) return [];
  // Under the lock, with the records as they are once it is ours.
  if (lock && (await lock.ensure())) await refreshRecords(run, options, deps);
  const pending = run.releases.filter(isPending);
  if (!pending.length) return [];
  const obs = observeOptions(run, options, deps);
  const decisions: { r: RunRelease; d: Recovery }[] = [];
  for (const r of pending) {
    const history = await readReleaseRecords({
      runner: obs.runner,
      kubectl: obs.kubectl,
      helm: obs.helm,
      driver: obs.driver,
      sleep: obs.sleep,
      connection: { ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(r.release.kubeContext ? { context: r.release.kubeContext } : {}) },
      namespaces: [r.release.namespace],
      names: [r.release.name],
      history: true,
    });
    const last = history.reduce<(typeof history)[number] | undefined>((a, h) => (!a || h.revision > a.revision ? h : a), undefined);
    const writerActive = lock?.isHeld && last && writtenUnder(lock.name, last) ? { writerActive: false } : {};
    decisions.push({ r, d: decideRecovery({ history, now: deps.clock.now(), timeoutSeconds: timeoutOf(r, options), ...writerActive }) });
  }
  // Refuse before the first write: every problem is known now.
  for (const { r, d } of decisions) {
    const id = `${r.release.namespace}/${r.release.name}`;
    if (d.kind === 'busy') {
      throw new UserError(
        `release ${id} is ${d.status} at revision ${d.revision} since ${ago(d.ageSeconds)}, within its ${d.timeoutSeconds}s timeout: another run may still be changing it`,
        { hint: `wait for that run to finish; if none is running, run again after ${d.timeoutSeconds - d.ageSeconds}s and helmsync recovers it`, release: id },
      );
    }
    if (options.noRecover && (d.kind === 'rollback' || d.kind === 'uninstall')) {
      throw new UserError(`release ${id} was left ${d.status} at revision ${d.revision} by an interrupted run (${ago(d.ageSeconds)}); --no-recover leaves it`, {
        hint: `recover it with: ${helmCommandLine(run, r, d, options)} (or run without --no-recover)`,
        release: id,
      });
    }
  }
  const recovered: string[] = [];
  for (const { r, d } of decisions) {
    const id = `${r.release.namespace}/${r.release.name}`;
    if (d.kind === 'rollback') {
      deps.logger.warn(`release ${id}: revision ${d.revision} was left ${d.status} by an interrupted run (${ago(d.ageSeconds)}); rolling back to revision ${d.toRevision}`);
      await run.helm.rollback({ release: r.helmRelease, defaults: r.defaults, revision: d.toRevision, cli: { kubeconfig: options.kubeconfig, timeout: options.timeout } });
    } else if (d.kind === 'uninstall') {
      deps.logger.warn(`release ${id}: revision ${d.revision} was left ${d.status} by an interrupted run (${ago(d.ageSeconds)}) and was never deployed; uninstalling it so it installs afresh`);
      await run.helm.uninstall({ release: r.helmRelease, defaults: r.defaults, cli: { kubeconfig: options.kubeconfig } });
      // The next step installs it: no record, no upgrade.
      r.record = undefined;
    } else {
      continue;
    }
    recovered.push(r.id);
  }
  return recovered;
}
