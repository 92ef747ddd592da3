/**
 * What to do about a release an earlier run left half-done (pure).
 *
 * helm marks a revision `pending-install`, `pending-upgrade` or
 * `pending-rollback` before it touches any object, and sets it `deployed` or
 * `failed` when it is done. A run killed in between (CI cancelling a job with
 * SIGKILL of its process group) leaves it pending, and helm then refuses every
 * later upgrade of that release ("another operation is in progress"). A
 * pending revision younger than its timeout may belong to a writer that is
 * still working, so it is left alone; an older one whose writer is gone is
 * recovered the way Flux's helm-controller remediates: roll back to the last
 * revision that was deployed, or uninstall an install that never was.
 */

/** The fields of a stored revision this decision reads (a `ReleaseRecord` fits). */
export interface RevisionInfo {
  revision: number;
  status: string;
  /** RFC 3339; helm sets it when the revision is created, pending ones included. */
  lastDeployed?: string;
}

export type Recovery =
  /** The last revision is not pending: nothing to recover. */
  | { kind: 'none' }
  /** Pending for less than the writer's timeout: another run may still be at work. */
  | { kind: 'busy'; status: string; revision: number; ageSeconds: number; timeoutSeconds: number }
  /** Roll back to the last revision that was deployed. */
  | { kind: 'rollback'; status: string; revision: number; toRevision: number; ageSeconds?: number }
  /** Nothing was ever deployed: uninstall, so the next install starts clean. */
  | { kind: 'uninstall'; status: string; revision: number; ageSeconds?: number };

export interface RecoveryInput {
  /** Every stored revision of the release (any order). */
  history: readonly RevisionInfo[];
  /** Now, in ms since the epoch. */
  now: number;
  /** The timeout the interrupted writer ran with (release/defaults/CLI `timeout`, helm's 300 s by default). */
  timeoutSeconds: number;
  /**
   * Whether a live helmsync writer holds this release's lock (the Lease), when
   * that is known: true keeps the release busy whatever its age, false lets a
   * young pending revision be recovered at once.
   */
  writerActive?: boolean;
}

/** helm's default `--timeout` (5m0s). */
export const HELM_DEFAULT_TIMEOUT_SECONDS = 300;

export function isPendingStatus(status: string): boolean {
  return status.startsWith('pending-');
}

/**
 * A revision whose writer stopped half-way: pending-*, or `uninstalling` (an
 * uninstall that did not finish: helm then refuses to upgrade the release,
 * "has no deployed releases", until the uninstall is completed).
 */
export function isUnfinishedStatus(status: string): boolean {
  return isPendingStatus(status) || status === 'uninstalling';
}

/** Decides how to recover a release from its history. */
export function decideRecovery(input: RecoveryInput): Recovery {
  if (input.history.length === 0) return { kind: 'none' };
  const sorted = [...input.history].sort((a, b) => a.revision - b.revision);
  const last = sorted[sorted.length - 1]!;
  if (!isUnfinishedStatus(last.status)) return { kind: 'none' };
  const started = last.lastDeployed ? Date.parse(last.lastDeployed) : Number.NaN;
  const ageSeconds = Number.isFinite(started) ? Math.max(0, Math.floor((input.now - started) / 1000)) : undefined;
  const age = ageSeconds !== undefined ? { ageSeconds } : {};
  if (input.writerActive === true || (input.writerActive === undefined && ageSeconds !== undefined && ageSeconds < input.timeoutSeconds)) {
    return { kind: 'busy', status: last.status, revision: last.revision, ageSeconds: ageSeconds ?? 0, timeoutSeconds: input.timeoutSeconds };
  }
  // An unfinished uninstall is finished, so the release installs afresh.
  if (last.status === 'uninstalling') return { kind: 'uninstall', status: last.status, revision: last.revision, ...age };
  const deployed = sorted.filter((r) => r.revision < last.revision && (r.status === 'deployed' || r.status === 'superseded'));
  const target = deployed[deployed.length - 1];
  if (target) return { kind: 'rollback', status: last.status, revision: last.revision, toRevision: target.revision, ...age };
  return { kind: 'uninstall', status: last.status, revision: last.revision, ...age };
}
