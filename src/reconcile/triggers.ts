/**
 * `reconcile --watch` (issue 10, "Congruence on events"): changes seen on
 * disk or in the cluster become a tick for the releases they affect. Events
 * are debounced — a burst (an editor's save, a `git checkout`, a rollout's
 * many updates) becomes one tick `debounceMs` after the last event — but
 * never held back longer than `maxDelayMs` after the first, so a steady
 * stream cannot starve the tick. Pure: times come from the caller's clock.
 */

/** Which releases a tick is for: some (run ids) or all (the releases file itself changed). */
export type Scope = ReadonlySet<string> | 'all';

export interface Trigger {
  releases: Scope;
  /** `values/web.yaml changed`, `Deployment apps/web changed in the cluster` */
  reason: string;
  /** Epoch ms the event was seen. */
  at: number;
}

/** What the next event tick is for. */
export interface TriggerBatch {
  releases: Scope;
  /** Distinct reasons, in arrival order. */
  reasons: string[];
  /** Epoch ms of the first event of the batch. */
  firstAt: number;
}

export interface TriggerQueueOptions {
  debounceMs: number;
  /** Upper bound between the first event of a batch and its tick (default 5 × debounce). */
  maxDelayMs?: number;
}

/** Union of two scopes. */
export function mergeScope(a: Scope | undefined, b: Scope): Scope {
  if (a === undefined) return b === 'all' ? 'all' : new Set(b);
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

export class TriggerQueue {
  private releases: Scope | undefined;
  private reasons: string[] = [];
  private firstAt = 0;
  private lastAt = 0;
  /** Told whenever an event arrives (the loop wakes to recompute its wait). */
  onAdd?: () => void;

  constructor(private readonly options: TriggerQueueOptions) {}

  add(t: Trigger): void {
    if (t.releases !== 'all' && t.releases.size === 0) return;
    if (this.releases === undefined) this.firstAt = t.at;
    this.lastAt = Math.max(this.lastAt, t.at);
    this.releases = mergeScope(this.releases, t.releases);
    if (!this.reasons.includes(t.reason)) this.reasons.push(t.reason);
    this.onAdd?.();
  }

  /** Epoch ms at which the pending batch is due; undefined when nothing is pending. */
  dueAt(): number | undefined {
    if (this.releases === undefined) return undefined;
    const maxDelay = this.options.maxDelayMs ?? 5 * this.options.debounceMs;
    return Math.min(this.lastAt + this.options.debounceMs, this.firstAt + maxDelay);
  }

  /** Removes and returns the pending batch. */
  take(): TriggerBatch | undefined {
    if (this.releases === undefined) return undefined;
    const b = { releases: this.releases, reasons: this.reasons, firstAt: this.firstAt };
    this.releases = undefined;
    this.reasons = [];
    return b;
  }

  /** A full tick is about to run: what was pending is covered by it. */
  clear(): void {
    this.releases = undefined;
    this.reasons = [];
  }
}

/** `values/web.yaml changed, Deployment apps/web changed in the cluster (+2 more)` */
export function describeReasons(reasons: readonly string[], max = 3): string {
  const shown = reasons.slice(0, max).join(', ');
  return reasons.length > max ? `${shown} (+${reasons.length - max} more)` : shown;
}
