/**
 * One release's helm upgrade under cluster faults (issue 14): what helm left
 * is read back after every attempt, so a run never ends with a release
 * `pending-*`, and an upgrade is repeated only when that is safe.
 *
 * - helm failed and wrote nothing (the release's last revision did not move):
 *   a transient cause (5xx, dropped connection, timeout, 409) is retried.
 * - helm failed and recorded the revision `failed`: left so (the next run
 *   upgrades it again); the error says at which revision.
 * - helm left the revision `pending-*` (its own final write failed, or it
 *   exited 0 having "failed to record the release"): this run is that
 *   revision's writer and it has ended, so the release is settled at once, as
 *   recovery would settle it on the next run: rolled back to the last
 *   deployed revision, or uninstalled when it was never deployed. Then a
 *   transient cause is retried.
 */
import { readReleaseRecords } from '../cluster/release-records.js';
import type { KubeConnection } from '../cluster/kubectl-argv.js';
import type { ReleaseRecord } from '../cluster/release-payload.js';
import { isTransientReadFailure } from '../cluster/connection-errors.js';
import { decideRecovery, isUnfinishedStatus } from '../plan/recovery.js';

/** Waits before the 2nd and 3rd upgrade attempt. */
export const UPGRADE_RETRY_DELAYS_MS: readonly number[] = [500, 2000];
/** Waits between attempts to settle a pending revision (rollback/uninstall can fail under the same faults). */
export const SETTLE_DELAYS_MS: readonly number[] = [250, 500, 1000, 1000, 2000, 2000, 4000];

/** helm failures worth one more attempt when helm wrote nothing, or after settling. */
export function isTransientHelmFailure(text: string): boolean {
  return (
    isTransientReadFailure(text) ||
    /has prevented the request from succeeding|the object has been modified; please apply your changes|Operation cannot be fulfilled|failed to download openapi|could not get apiVersions from Kubernetes|kubernetes cluster unreachable: an error on the server/i.test(text)
  );
}

/** helm exited 0 yet the revision it made is still pending: it could not record the outcome. */
export class UnrecordedUpgradeError extends Error {
  constructor(
    readonly revision: number,
    readonly status: string,
  ) {
    super(`helm finished but could not record the release: revision ${revision} is still ${status}`);
  }
}

export interface SettleContext {
  /** `ns/name`, for messages. */
  id: string;
  /** Every stored revision of this release, freshly read. */
  history(): Promise<ReleaseRecord[]>;
  rollback(revision: number): Promise<void>;
  uninstall(): Promise<void>;
  sleep(ms: number): Promise<void>;
  warn(message: string): void;
  /** Set once SIGTERM/SIGINT arrived: settle what is pending, but retry nothing. */
  interrupted?: AbortSignal;
}

const errorText = (e: unknown): string => {
  const x = e as { message?: string; stderr?: string };
  return `${x?.message ?? String(e)}\n${x?.stderr ?? ''}`;
};

/** helm's own reason (its last `Error:` line), else the first line. */
function reason(e: unknown): string {
  const lines = errorText(e).split('\n').map((l) => l.trim()).filter(Boolean);
  return [...lines].reverse().find((l) => l.startsWith('Error: ')) ?? lines[0] ?? 'failed';
}

function latest(history: readonly ReleaseRecord[]): ReleaseRecord | undefined {
  return history.reduce<ReleaseRecord | undefined>((a, b) => (!a || b.revision > a.revision ? b : a), undefined);
}

/** Appends what the release was left as to helm's error, for the summary. */
function annotate(e: unknown, note: string): unknown {
  if (e instanceof Error && note) e.message = `${e.message.trimEnd()} (${note})`;
  return e;
}

/**
 * Rolls back or uninstalls a pending last revision, re-reading the history
 * before each attempt. Returns what was done ('' when nothing was pending).
 */
export async function settlePending(ctx: SettleContext): Promise<string> {
  let lastError: unknown;
  let did = '';
  for (let attempt = 0; attempt <= SETTLE_DELAYS_MS.length; attempt++) {
    if (attempt > 0) await ctx.sleep(SETTLE_DELAYS_MS[attempt - 1]!);
    try {
      const history = await ctx.history();
      // This run's helm process has ended: nobody else writes this revision (writerActive false).
      const d = decideRecovery({ history, now: Date.now(), timeoutSeconds: 0, writerActive: false });
      if (d.kind === 'none') return did;
      if (d.kind === 'rollback') {
        ctx.warn(`release ${ctx.id}: helm left revision ${d.revision} ${d.status}; rolling back to revision ${d.toRevision}`);
        did = `rolled back to revision ${d.toRevision}`;
        await ctx.rollback(d.toRevision);
        continue;
      }
      if (d.kind === 'uninstall') {
        ctx.warn(`release ${ctx.id}: helm left revision ${d.revision} ${d.status}${d.status === 'uninstalling' ? '' : ' and it was never deployed'}; uninstalling it`);
        did = 'uninstalled';
        await ctx.uninstall();
        continue;
      }
    } catch (e) {
      lastError = e;
    }
  }
  throw annotate(lastError ?? new Error('still pending'), `release ${ctx.id} could not be settled: it is still pending; the next run recovers it`);
}

/**
 * Runs `upgrade` (helm upgrade --install) and makes sure the release is not
 * left pending; retries a transient failure when nothing was written or
 * after settling. `before` is the last stored revision before this run (0 for
 * a new release).
 */
export async function upgradeSettled<T>(before: number, upgrade: (lastRevision: number) => Promise<T>, ctx: SettleContext): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let failure: unknown;
    let result: T | undefined;
    try {
      result = await upgrade(before);
    } catch (e) {
      failure = e;
    }
    let history: ReleaseRecord[] | undefined;
    try {
      history = await ctx.history();
    } catch {
      // Cannot tell what helm left: report helm's own outcome.
      if (failure) throw failure;
      return result as T;
    }
    const last = latest(history);
    const moved = (last?.revision ?? 0) > before || (before > 0 && !last);
    if (!failure) {
      if (!last || !isUnfinishedStatus(last.status)) return result as T;
      failure = new UnrecordedUpgradeError(last.revision, last.status);
    }
    let note = '';
    if (last && isUnfinishedStatus(last.status)) {
      const done = await settlePending(ctx);
      const after = latest(await ctx.history().catch(() => []));
      note = `settled: ${done || 'no longer pending'}${after ? `, release at revision ${after.revision} ${after.status}` : ''}`;
      before = after?.revision ?? 0;
    } else if (moved && last) {
      note = `left ${last.status} at revision ${last.revision}`;
    }
    const retry =
      !ctx.interrupted?.aborted &&
      attempt < UPGRADE_RETRY_DELAYS_MS.length &&
      (failure instanceof UnrecordedUpgradeError || isTransientHelmFailure(errorText(failure))) &&
      (!moved || note.startsWith('settled') || (last !== undefined && isUnfinishedStatus(last.status)));
    if (!retry) throw annotate(failure, note);
    ctx.warn(`release ${ctx.id}: ${reason(failure)}${note ? ` (${note})` : ''}; trying again`);
    await ctx.sleep(UPGRADE_RETRY_DELAYS_MS[attempt]!);
  }
}

export interface HistoryReader {
  (namespace: string, name: string, connection?: KubeConnection): Promise<ReleaseRecord[]>;
}

/**
 * Reads one release's history (reads retried as every read) through the release's own
 * connection: its kube context and --kubeconfig, exactly what helm wrote through. Without
 * it the read-back went to the kubeconfig's current context (issue 14's context guard).
 */
export function historyReader(opts: Omit<Parameters<typeof readReleaseRecords>[0], 'namespaces' | 'names' | 'history'>): HistoryReader {
  return (namespace, name, connection) => readReleaseRecords({ ...opts, ...(connection ? { connection } : {}), namespaces: [namespace], names: [name], history: true });
}

/**
 * Runs `uninstall` (helm uninstall), repeating it after a transient failure
 * while the release still has stored revisions: finishing an uninstall is
 * what a repeat does, so an interrupted one never stays `uninstalling`.
 */
export async function uninstallSettled<T>(uninstall: () => Promise<T>, ctx: Pick<SettleContext, 'id' | 'history' | 'sleep' | 'warn' | 'interrupted'>): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await uninstall();
    } catch (e) {
      const history = await ctx.history().catch(() => undefined);
      if (history && history.length === 0) return undefined;
      const retry = !ctx.interrupted?.aborted && attempt < UPGRADE_RETRY_DELAYS_MS.length && isTransientHelmFailure(errorText(e));
      const last = history ? latest(history) : undefined;
      if (!retry) throw annotate(e, last ? `left ${last.status} at revision ${last.revision}` : '');
      ctx.warn(`release ${ctx.id}: ${reason(e)}; trying again`);
      await ctx.sleep(UPGRADE_RETRY_DELAYS_MS[attempt]!);
    }
  }
}
