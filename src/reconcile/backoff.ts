/**
 * Per-release exponential backoff across reconcile ticks (issue 10): a
 * release that fails is retried after base, 2×base, 4×base … capped at the
 * interval, and the count resets when it succeeds (or is found in sync).
 * Pure bookkeeping: times come from the caller's clock.
 */

export interface BackoffEntry {
  /** Consecutive failures. */
  failures: number;
  /** The wait chosen after the last failure. */
  delayMs: number;
  /** Epoch ms before which the release is not tried again. */
  nextRetryAt: number;
}

export interface BackoffOptions {
  /** First wait after a failure (10 s by default). */
  baseMs: number;
  /** Upper bound of a wait (the interval). */
  capMs: number;
}

/** base × 2^(failures-1), capped. */
export function backoffDelay(failures: number, o: BackoffOptions): number {
  const n = Math.max(1, failures);
  return Math.min(o.capMs, o.baseMs * 2 ** Math.min(n - 1, 40));
}

export class Backoff {
  private readonly entries = new Map<string, BackoffEntry>();

  constructor(private readonly options: BackoffOptions) {}

  /** Records a failure at `now`; returns the new entry. */
  fail(id: string, now: number): BackoffEntry {
    const failures = (this.entries.get(id)?.failures ?? 0) + 1;
    const delayMs = backoffDelay(failures, this.options);
    const e = { failures, delayMs, nextRetryAt: now + delayMs };
    this.entries.set(id, e);
    return e;
  }

  /** The release succeeded or is in sync: its backoff is forgotten. */
  succeed(id: string): void {
    this.entries.delete(id);
  }

  get(id: string): BackoffEntry | undefined {
    return this.entries.get(id);
  }

  /** True while the release must not be tried (its retry time is still ahead). */
  isHeld(id: string, now: number): boolean {
    const e = this.entries.get(id);
    return e !== undefined && e.nextRetryAt > now;
  }

  /** The earliest retry time ahead of `now`, if any release is backing off. */
  earliestRetry(now: number): number | undefined {
    let best: number | undefined;
    for (const e of this.entries.values()) if (e.nextRetryAt > now && (best === undefined || e.nextRetryAt < best)) best = e.nextRetryAt;
    return best;
  }

  /** Ids with an entry (held or due). */
  ids(): string[] {
    return [...this.entries.keys()];
  }
}
