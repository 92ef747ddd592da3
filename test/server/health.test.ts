/**
 * /healthz detects a stuck reconciler (issue 10), on an injected clock: a
 * tick running longer than --stuck-after (default max(--interval, 30m)), or
 * a next tick overdue by that much, answers 503 naming the tick and how long
 * — so a Pod's liveness probe restarts it — while /readyz keeps its own
 * meaning (a tick once succeeded). The budget is decided by the clock the
 * server is given, never by the wall clock.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { defaultStuckAfterMs, loopHealth } from '../../src/reconcile/health.js';
import { emptyStatus, recordTick, type ReconcileStatus } from '../../src/reconcile/status.js';
import { startStatusServer, type StatusServer } from '../../src/server/status-server.js';

const T0 = Date.UTC(2026, 11, 2, 16, 0, 0);
const MIN = 60_000;

describe('loopHealth', () => {
  const running = (n: number, startedAt: number): ReconcileStatus => ({ ...emptyStatus(T0), currentTick: { n, startedAt } });

  it('the default budget is the interval, but never under 30 minutes', () => {
    expect([10_000, 5 * MIN, 30 * MIN, 60 * MIN].map(defaultStuckAfterMs)).toEqual([30 * MIN, 30 * MIN, 30 * MIN, 60 * MIN]);
  });

  it('a tick is stuck only once it has run longer than the budget', () => {
    const s = running(3, T0);
    expect(loopHealth(s, { now: T0 + 30 * MIN, stuckAfterMs: 30 * MIN, running: true })).toEqual({ healthy: true });
    expect(loopHealth(s, { now: T0 + 30 * MIN + 1000, stuckAfterMs: 30 * MIN, running: true })).toEqual({
      healthy: false,
      why: 'stuck-tick',
      message: 'stuck: tick 3 has run for 30m1s, longer than --stuck-after 30m',
    });
  });

  it('a wait is stuck once the next tick is overdue by more than the budget; on time or early is fine', () => {
    const s = { ...emptyStatus(T0), nextTickAt: T0 + 5 * MIN };
    expect(loopHealth(s, { now: T0, stuckAfterMs: 10_000, running: true })).toEqual({ healthy: true });
    expect(loopHealth(s, { now: T0 + 5 * MIN + 10_000, stuckAfterMs: 10_000, running: true })).toEqual({ healthy: true });
    expect(loopHealth(s, { now: T0 + 5 * MIN + 12_000, stuckAfterMs: 10_000, running: true })).toMatchObject({ healthy: false, why: 'stuck-wait', message: 'stuck: the next tick was due 12s ago, longer than --stuck-after 10s' });
  });

  it('before the first tick and between ticks it is healthy; once stopping it is not', () => {
    expect(loopHealth(emptyStatus(T0), { now: T0 + 99 * MIN, stuckAfterMs: MIN, running: true })).toEqual({ healthy: true });
    expect(loopHealth(running(1, T0), { now: T0, stuckAfterMs: MIN, running: false })).toMatchObject({ healthy: false, why: 'stopping' });
  });
});

describe('/healthz on an injected clock', () => {
  let server: StatusServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const get = async (path: string) => {
    const r = await fetch(`${server!.url}${path}`);
    return { status: r.status, body: await r.text() };
  };

  it('turns 503 while a tick overruns --stuck-after, and 200 again when it ends; /readyz is left alone', async () => {
    const clock = { t: T0 };
    server = await startStatusServer({ address: { host: '127.0.0.1', port: 0 }, now: () => clock.t, refreshSeconds: 5, stuckAfterMs: 10 * MIN }, emptyStatus(T0));
    // Tick 1 succeeded; tick 2 starts one interval later and hangs.
    const ok = recordTick(emptyStatus(T0), { n: 1, startedAt: T0, finishedAt: T0 + 2000, result: 'in-sync' }, []);
    const tick2At = T0 + 5 * MIN;
    server.update({ ...ok, currentTick: { n: 2, startedAt: tick2At } });

    clock.t = tick2At + 10 * MIN; // exactly the budget: not yet
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    clock.t = tick2At + 10 * MIN + 1; // one ms over
    expect(await get('/healthz')).toEqual({ status: 503, body: 'stuck: tick 2 has run for 10m, longer than --stuck-after 10m\n' });
    clock.t = tick2At + 47 * MIN;
    expect(await get('/healthz')).toEqual({ status: 503, body: 'stuck: tick 2 has run for 47m, longer than --stuck-after 10m\n' });
    // Readiness is about the last success, which tick 1 was.
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
    const api = JSON.parse((await get('/api/status')).body);
    expect(api).toMatchObject({ healthy: false, unhealthy: 'stuck: tick 2 has run for 47m, longer than --stuck-after 10m', running: true, ready: true, currentTick: { n: 2 } });
    const page = (await get('/')).body;
    expect(page).toContain('<span class="badge bad">stuck</span>');
    expect(page).toContain('<dd id="health"><div class="err">stuck: tick 2 has run for 47m, longer than --stuck-after 10m</div></dd>');

    // The tick ends after all: healthy again.
    server.update({ ...recordTick(ok, { n: 2, startedAt: tick2At, finishedAt: clock.t, result: 'in-sync' }, []), nextTickAt: clock.t + 5 * MIN });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(JSON.parse((await get('/api/status')).body)).toMatchObject({ healthy: true, unhealthy: null });
    // Stopping still wins over everything.
    server.stopping();
    expect(await get('/healthz')).toEqual({ status: 503, body: 'stopping\n' });
  });
});
