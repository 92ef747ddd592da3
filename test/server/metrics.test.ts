/**
 * /metrics from the reconcile status (issue 10): ticks counted by result,
 * tick durations in the histogram, the last success time, per-release drift,
 * failures and suspension, and the source revision — read back through an
 * independent parser of the text format (test/support/prom-text.ts), never
 * through prom-client itself.
 */
import { describe, expect, it } from '@jest/globals';
import { emptyStatus, recordTick, type ReleaseStatus } from '../../src/reconcile/status.js';
import { ReconcileMetrics } from '../../src/server/metrics.js';
import { parsePrometheusText, sampleValue } from '../support/prom-text.js';

const T0 = Date.UTC(2026, 11, 2, 16, 0, 0);
const rel = (name: string, over: Partial<ReleaseStatus> = {}): ReleaseStatus => ({ id: `apps/${name}`, namespace: 'apps', name, action: 'noop', result: 'in-sync', drifted: false, failures: 0, updatedAt: T0, ...over });

async function scrape(m: ReconcileMetrics) {
  return parsePrometheusText(await m.text());
}

describe('reconcile metrics', () => {
  it('before the first tick: every family typed, ticks at 0 for each result, success time 0', async () => {
    const m = new ReconcileMetrics();
    m.update(emptyStatus(T0));
    const f = await scrape(m);
    expect(f.get('helmsync_reconcile_ticks_total')?.type).toBe('counter');
    expect(f.get('helmsync_reconcile_tick_duration_seconds')?.type).toBe('histogram');
    expect(f.get('helmsync_reconcile_last_success_timestamp_seconds')?.type).toBe('gauge');
    for (const g of ['helmsync_release_drifted', 'helmsync_release_suspended', 'helmsync_source_info']) expect(f.get(g)?.type).toBe('gauge');
    expect(f.get('helmsync_release_failures_total')?.type).toBe('counter');
    for (const result of ['in-sync', 'changed', 'failed', 'error']) expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result })).toBe(0);
    expect(sampleValue(f, 'helmsync_reconcile_last_success_timestamp_seconds')).toBe(0);
    expect(m.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('counts each tick once, whatever the number of updates; durations land in the histogram', async () => {
    const m = new ReconcileMetrics();
    let s = emptyStatus(T0);
    s = recordTick(s, { n: 1, startedAt: T0, finishedAt: T0 + 750, result: 'changed' }, [rel('web', { result: 'changed', revision: 1, updatedAt: T0 + 750 })]);
    m.update(s);
    m.update({ ...s, nextTickAt: T0 + 60_000 }); // the wait publishes the same tick again
    s = recordTick(s, { n: 2, startedAt: T0 + 60_000, finishedAt: T0 + 63_000, result: 'in-sync' }, [rel('web', { revision: 1, updatedAt: T0 + 63_000 })]);
    m.update(s);
    const f = await scrape(m);
    expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result: 'changed' })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result: 'in-sync' })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_count')).toBe(2);
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_sum')).toBeCloseTo(3.75);
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_bucket', { le: '0.5' })).toBe(0);
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_bucket', { le: '1' })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_bucket', { le: '5' })).toBe(2);
    expect(sampleValue(f, 'helmsync_reconcile_last_success_timestamp_seconds')).toBe((T0 + 63_000) / 1000);
  });

  it('per release: drift and suspension mirror the last status, failures accumulate across ticks, errors keep the last good tick', async () => {
    const m = new ReconcileMetrics();
    let s = emptyStatus(T0);
    const tick = (n: number, result: 'failed' | 'in-sync' | 'error', releases?: ReleaseStatus[]) => {
      const startedAt = T0 + n * 1000;
      s = recordTick(s, { n, startedAt, finishedAt: startedAt + 10, result }, releases?.map((r) => ({ ...r, updatedAt: startedAt + 10 })));
      m.update(s);
    };
    tick(1, 'failed', [rel('web', { drifted: true, result: 'drifted' }), rel('bad', { result: 'failed', failures: 1, lastError: 'boom' })]);
    tick(2, 'error'); // the file stopped loading: bad's failure is not counted twice
    tick(3, 'failed', [rel('web', { suspended: true }), rel('bad', { result: 'failed', failures: 2 })]);
    let f = await scrape(m);
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: 'apps', release: 'bad' })).toBe(2);
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: 'apps', release: 'web' })).toBe(0);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: 'apps', release: 'web' })).toBe(0);
    expect(sampleValue(f, 'helmsync_release_suspended', { namespace: 'apps', release: 'web' })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result: 'error' })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result: 'failed' })).toBe(2);
    expect(sampleValue(f, 'helmsync_reconcile_last_success_timestamp_seconds')).toBe(0); // nothing succeeded yet
    // A release dropped from the file leaves the gauges (its failure count stays, as counters do).
    tick(4, 'in-sync', [rel('web')]);
    f = await scrape(m);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: 'apps', release: 'bad' })).toBeUndefined();
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: 'apps', release: 'bad' })).toBe(2);
  });

  it('source_info carries the revision as a label, and follows it when it changes', async () => {
    const m = new ReconcileMetrics();
    m.update({ ...emptyStatus(T0), revision: 'a'.repeat(40) });
    m.update({ ...emptyStatus(T0), revision: 'b'.repeat(40) });
    const f = await scrape(m);
    expect(f.get('helmsync_source_info')!.samples).toEqual([{ name: 'helmsync_source_info', labels: { revision: 'b'.repeat(40) }, value: 1 }]);
  });

  it('label values are escaped as the format requires', async () => {
    const m = new ReconcileMetrics();
    // Release names cannot hold these, but the escaping must hold whatever comes.
    m.update(recordTick(emptyStatus(T0), { n: 1, startedAt: T0, finishedAt: T0, result: 'in-sync' }, [rel('we"b\\x\ny', { drifted: true })]));
    const f = await scrape(m);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: 'apps', release: 'we"b\\x\ny' })).toBe(1);
  });
});
