/**
 * `/metrics` (issue 10): the reconciler's Prometheus metrics, derived from
 * the one status model (src/reconcile/status.ts) that logs, `/api/status` and
 * the page read too. Counters move when a new tick shows up in the status;
 * gauges mirror the latest status. A private prom-client registry, so nothing
 * else in the process (or a second reconciler in a test) adds to it.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReconcileStatus, TickResult } from '../reconcile/status.js';

const TICK_RESULTS: readonly TickResult[] = ['in-sync', 'changed', 'failed', 'error'];

/** Tick durations run from a fast no-op (under a second) to a long `--wait` upgrade. */
export const TICK_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

export class ReconcileMetrics {
  readonly registry = new Registry();
  private readonly ticks: Counter<'result'>;
  private readonly duration: Histogram<string>;
  private readonly lastSuccess: Gauge<string>;
  private readonly drifted: Gauge<'namespace' | 'release'>;
  private readonly failures: Counter<'namespace' | 'release'>;
  private readonly suspended: Gauge<'namespace' | 'release'>;
  private readonly sourceInfo: Gauge<'revision'>;
  /** Ticks already counted (status.ticks of the last update). */
  private seen = 0;

  constructor() {
    const registers = [this.registry];
    this.ticks = new Counter({ name: 'helmsync_reconcile_ticks_total', help: 'Reconcile ticks finished, by result: in-sync, changed, failed (a release failed), error (the file did not load or the cluster could not be read).', labelNames: ['result'], registers });
    for (const result of TICK_RESULTS) this.ticks.inc({ result }, 0);
    this.duration = new Histogram({ name: 'helmsync_reconcile_tick_duration_seconds', help: 'Wall-clock duration of a reconcile tick (load, render, diff, plan and execute).', buckets: TICK_DURATION_BUCKETS, registers });
    this.lastSuccess = new Gauge({ name: 'helmsync_reconcile_last_success_timestamp_seconds', help: 'Unix time at which the last tick in which nothing failed finished; 0 before the first (so time() - this alerts on a reconciler that never succeeded).', registers });
    this.drifted = new Gauge({ name: 'helmsync_release_drifted', help: '1 when live objects of the release differ from the releases file (reported; healed only with --self-heal), else 0.', labelNames: ['namespace', 'release'], registers });
    this.failures = new Counter({ name: 'helmsync_release_failures_total', help: 'Failed install, upgrade or uninstall attempts of the release.', labelNames: ['namespace', 'release'], registers });
    this.suspended = new Gauge({ name: 'helmsync_release_suspended', help: '1 when the release is suspended in the cluster (left alone by reconcile), else 0.', labelNames: ['namespace', 'release'], registers });
    this.sourceInfo = new Gauge({ name: 'helmsync_source_info', help: 'Always 1; the revision label is the git commit of the releases file reconciled (absent outside a git work tree).', labelNames: ['revision'], registers });
  }

  /** The exposition's Content-Type (text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Brings the metrics up to date with the status (called after every tick and wait). */
  update(s: ReconcileStatus): void {
    if (s.ticks > this.seen && s.lastTick) {
      const t = s.lastTick;
      this.ticks.inc({ result: t.result });
      this.duration.observe(Math.max(0, t.finishedAt - t.startedAt) / 1000);
      // An `error` tick keeps the releases of the last good one: their failures were counted then.
      if (t.result !== 'error') for (const r of s.releases) if (r.result === 'failed' && r.updatedAt >= t.startedAt) this.failures.inc({ namespace: r.namespace, release: r.name });
      this.seen = s.ticks;
    }
    if (s.lastSuccessAt !== undefined) this.lastSuccess.set(s.lastSuccessAt / 1000);
    this.drifted.reset();
    this.suspended.reset();
    for (const r of s.releases) {
      const labels = { namespace: r.namespace, release: r.name };
      this.drifted.set(labels, r.drifted ? 1 : 0);
      this.suspended.set(labels, r.suspended ? 1 : 0);
      this.failures.inc(labels, 0); // every known release has a series, so rate() and alerts see it from the start
    }
    this.sourceInfo.reset();
    if (s.revision) this.sourceInfo.set({ revision: s.revision }, 1);
  }

  /** The text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
