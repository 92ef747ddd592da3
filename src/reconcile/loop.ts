/**
 * The reconcile loop's timing (issue 10), with no I/O: tick, then wait
 * interval × (1 ± jitter) — or less when a backing-off release is due for
 * its retry first — until `maxTicks` or the stop signal. The clock and the
 * random source are injected, so tests run many ticks instantly.
 */
import type { Clock } from '../ports/index.js';

/** What a tick tells the loop. */
export interface TickReport {
  /** Epoch ms at which the earliest backing-off release may be retried. */
  nextRetryAt?: number;
}

export interface LoopOptions {
  clock: Clock;
  intervalMs: number;
  /** 0 … 1: each wait is interval × (1 ± jitter). */
  jitter: number;
  /** [0, 1); Math.random by default. */
  random?: () => number;
  /** Stop after this many ticks (`--once` is 1). */
  maxTicks?: number;
  /** Fires on SIGTERM/SIGINT: no new tick starts, a wait ends at once. */
  signal?: AbortSignal;
  /** Runs one tick; must not throw (a throw is reported through `onTickError` and the loop goes on). */
  tick: (n: number) => Promise<TickReport>;
  onTickError?: (n: number, error: unknown) => void;
  /** Told before every wait: how long and why. */
  onWait?: (ms: number, why: 'interval' | 'retry', nextTickAt: number) => void;
}

/** interval × (1 + jitter × u), u uniform in [-1, 1). */
export function jitteredInterval(intervalMs: number, jitter: number, random: () => number): number {
  const j = Math.min(1, Math.max(0, jitter));
  return Math.max(0, Math.round(intervalMs * (1 + j * (2 * random() - 1))));
}

/** Runs ticks until maxTicks or the signal; resolves with the number of ticks run. */
export async function runLoop(o: LoopOptions): Promise<{ ticks: number }> {
  const random = o.random ?? Math.random;
  let n = 0;
  while (!o.signal?.aborted && (o.maxTicks === undefined || n < o.maxTicks)) {
    n++;
    let report: TickReport = {};
    try {
      report = await o.tick(n);
    } catch (e) {
      o.onTickError?.(n, e);
    }
    if (o.signal?.aborted || (o.maxTicks !== undefined && n >= o.maxTicks)) break;
    const now = o.clock.now();
    let wait = jitteredInterval(o.intervalMs, o.jitter, random);
    let why: 'interval' | 'retry' = 'interval';
    if (report.nextRetryAt !== undefined && report.nextRetryAt - now < wait) {
      wait = Math.max(0, report.nextRetryAt - now);
      why = 'retry';
    }
    o.onWait?.(wait, why, now + wait);
    try {
      await o.clock.sleep(wait, o.signal);
    } catch {
      break; // aborted
    }
  }
  return { ticks: n };
}
