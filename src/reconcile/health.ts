/**
 * Is the reconcile loop alive (`/healthz`, issue 10)? A process that serves
 * HTTP is not necessarily reconciling: a tick can hang (a helm call or hook
 * that never returns, a kubectl that blocks on a dead connection). A Pod's
 * liveness probe should restart such a reconciler, so the loop is unhealthy
 * when
 *
 * - a tick has run longer than `stuckAfterMs` (stuck in the tick), or
 * - no tick runs and the next one is overdue by more than `stuckAfterMs`
 *   (stuck between ticks: the wait never ended);
 *
 * and when it is stopping (SIGTERM/SIGINT). The budget defaults to
 * max(--interval, 30m): a tick may legitimately take as long as helm's
 * `--wait --timeout` (5m by default) times the depth of the `needs` waves,
 * and a restart on a false alarm costs a graceful shutdown, so the default is
 * generous; `--stuck-after` sets it. Readiness (`/readyz`) is unaffected.
 * Pure: `now` comes from the caller's clock.
 */
import { formatDuration } from './duration.js';
import type { ReconcileStatus } from './status.js';

/** The floor of the default budget: six `needs` waves at helm's default 5m --timeout. */
export const DEFAULT_STUCK_FLOOR_MS = 30 * 60_000;

/** The default `--stuck-after`: max(interval, 30m). */
export function defaultStuckAfterMs(intervalMs: number): number {
  return Math.max(intervalMs, DEFAULT_STUCK_FLOOR_MS);
}

export type Health =
  | { healthy: true }
  | { healthy: false; why: 'stopping' | 'stuck-tick' | 'stuck-wait'; message: string };

/** The loop's health at `now`. */
export function loopHealth(s: ReconcileStatus, o: { now: number; stuckAfterMs: number; running: boolean }): Health {
  if (!o.running) return { healthy: false, why: 'stopping', message: 'stopping' };
  const budget = formatDuration(o.stuckAfterMs);
  if (s.currentTick) {
    const ran = o.now - s.currentTick.startedAt;
    if (ran > o.stuckAfterMs) {
      return { healthy: false, why: 'stuck-tick', message: `stuck: tick ${s.currentTick.n} has run for ${formatDuration(ran)}, longer than --stuck-after ${budget}` };
    }
  } else if (s.nextTickAt !== undefined) {
    const late = o.now - s.nextTickAt;
    if (late > o.stuckAfterMs) {
      return { healthy: false, why: 'stuck-wait', message: `stuck: the next tick was due ${formatDuration(late)} ago, longer than --stuck-after ${budget}` };
    }
  }
  return { healthy: true };
}
