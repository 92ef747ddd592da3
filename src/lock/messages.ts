/**
 * What the one-writer lock tells people: who holds it, since when, and what
 * to do. One place, so the waiting line, the timeout error and the README
 * say the same.
 */
import { UserError } from '../errors/index.js';
import { formatDuration } from '../reconcile/duration.js';
import type { HeldBy } from './decide.js';

/** Whole seconds (`0s`, `42s`, `1m20s`): sub-second precision means nothing to a waiting person. */
function human(ms: number): string {
  return ms < 1000 ? '0s' : formatDuration(Math.round(ms / 1000) * 1000);
}

/** `helmsync apply by alice@ci-7 pid 42 (…) for 1m20s (renewed 3s ago, expires in 27s unless renewed)`. */
export function describeHolder(h: HeldBy): string {
  const since = h.heldForMs !== undefined ? ` for ${human(h.heldForMs)}` : '';
  const renewed = h.renewedAgoMs !== undefined ? `renewed ${human(h.renewedAgoMs)} ago, ` : '';
  return `${h.holder}${since} (${renewed}expires in ${human(h.expiresInMs)} unless renewed)`;
}

/** `lock default/helmsync-… on context "prod" (https://…)`. */
export function lockLabel(namespace: string, name: string, where: string): string {
  return `lock ${namespace}/${name} on ${where}`;
}

/** Logged once per holder while waiting. */
export function waitingMessage(lock: string, h: HeldBy, timeoutMs: number): string {
  return `${lock} is held by ${describeHolder(h)}; waiting up to ${human(timeoutMs)} (--lock-timeout)`;
}

/** The error of a writer that waited --lock-timeout in vain (exit 1). */
export function lockTimeoutError(lock: string, h: HeldBy, timeoutMs: number): UserError {
  const waited = timeoutMs === 0 ? '--lock-timeout 0: not waiting' : `gave up after --lock-timeout ${human(timeoutMs)}`;
  return new UserError(`another writer holds the ${lock}: ${describeHolder(h)}; ${waited}, nothing was written`, {
    hint: `let that run finish and run again, or wait longer with --lock-timeout; a holder that crashed frees the lock by itself within its ${h.durationSeconds}s lease (leaseDurationSeconds)`,
  });
}

/** The error of a writer stopped by a signal while it waited. */
export function lockInterruptedError(lock: string, why: string): UserError {
  return new UserError(`${why} while waiting for the ${lock}; nothing was written`);
}
