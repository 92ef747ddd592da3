/**
 * The reconcile loop's timing (issue 10), with no I/O: tick, then wait
 * interval × (1 ± jitter) — or less when a backing-off release is due for
 * its retry first, or when watched events (`--watch`) are due — until
 * `maxTicks` or the stop signal. The clock and the random source are
 * injected, so tests run many ticks instantly.
 *
 * With events, a wait ends early when an event batch becomes due; the loop
 * then runs a tick for the releases it affects (an event tick). Event ticks
 * for some releases leave the interval's schedule alone; a tick for all
 * releases (the interval's, a retry, or an event on the releases file)
 * restarts it.
 */
import type { Clock } from '../ports/index.js';
import type { Scope, TriggerBatch } from './triggers.js';

/** What a tick tells the loop. */
export interface TickReport {
  /** Epoch ms at which the earliest backing-off release may be retried (or healed again). */
  nextRetryAt?: number;
}

/** Why a tick runs. */
export type TickCause =
  | { kind: 'interval' }
  | { kind: 'retry' }
  /** Watched changes: the releases they affect and what was seen. */
  | { kind: 'event'; releases: Scope; reasons: string[] };

/** The loop's view of pending events (src/reconcile/triggers.ts's TriggerQueue). */
export interface EventSource {
  dueAt(): number | undefined;
  take(): TriggerBatch | undefined;
  clear(): void;
  /** Set by the loop: called when an event arrives, to end the current wait early. */
  onAdd?: () => void;
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
  tick: (n: number, cause: TickCause) => Promise<TickReport>;
  onTickError?: (n: number, error: unknown) => void;
  /** Told before every wait: how long and why. */
  onWait?: (ms: number, why: 'interval' | 'retry' | 'event', nextTickAt: number) => void;
  /** `--watch`: events that start ticks of their own. */
  events?: EventSource;
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
  let cause: TickCause = { kind: 'interval' };
  let nextFullAt = 0;
  // An event arriving during a wait ends it so the wait is recomputed.
  let wake: AbortController | undefined;
  if (o.events) o.events.onAdd = () => wake?.abort();
  try {
    while (!o.signal?.aborted && (o.maxTicks === undefined || n < o.maxTicks)) {
      n++;
      const full = cause.kind !== 'event' || cause.releases === 'all';
      // A tick for every release covers whatever events were pending.
      if (full) o.events?.clear();
      let report: TickReport = {};
      try {
        report = await o.tick(n, cause);
      } catch (e) {
        o.onTickError?.(n, e);
      }
      if (o.signal?.aborted || (o.maxTicks !== undefined && n >= o.maxTicks)) break;
      if (full || n === 1) nextFullAt = o.clock.now() + jitteredInterval(o.intervalMs, o.jitter, random);
      const next = await waitForNext(o, nextFullAt, report, (c) => (wake = c));
      if (next === undefined) break; // stopped
      cause = next;
    }
  } finally {
    if (o.events) o.events.onAdd = undefined;
  }
  return { ticks: n };
}

/** Sleeps until the interval, a retry or an event batch is due; undefined when stopped. */
async function waitForNext(o: LoopOptions, nextFullAt: number, report: TickReport, setWake: (c: AbortController) => void): Promise<TickCause | undefined> {
  for (;;) {
    const now = o.clock.now();
    const eventAt = o.events?.dueAt();
    let at = nextFullAt;
    let why: 'interval' | 'retry' | 'event' = 'interval';
    if (report.nextRetryAt !== undefined && report.nextRetryAt < at) {
      at = report.nextRetryAt;
      why = 'retry';
    }
    if (eventAt !== undefined && eventAt < at) {
      at = eventAt;
      why = 'event';
    }
    if (at <= now) return causeOf(why, o);
    const wait = at - now;
    o.onWait?.(wait, why, at);
    const wake = new AbortController();
    setWake(wake);
    const signal = o.signal ? AbortSignal.any([o.signal, wake.signal]) : wake.signal;
    try {
      await o.clock.sleep(wait, signal);
    } catch {
      if (o.signal?.aborted) return undefined;
      continue; // woken by an event: recompute
    }
    if (o.signal?.aborted) return undefined;
    if (o.clock.now() >= at) return causeOf(why, o);
  }
}

function causeOf(why: 'interval' | 'retry' | 'event', o: LoopOptions): TickCause {
  if (why === 'event') {
    const b = o.events?.take();
    if (b) return { kind: 'event', releases: b.releases, reasons: b.reasons };
    return { kind: 'interval' };
  }
  return { kind: why };
}
