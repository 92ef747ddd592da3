/**
 * /healthz detects a stuck tick (issue 10), through the BUILT CLI with real
 * helm 3 and helm 4 against the API emulator: a release's presync hook
 * sleeps far longer than `--stuck-after`, so the tick hangs; while it does,
 * /healthz answers 503 naming the tick (a Pod's liveness probe would restart
 * the reconciler), and once the hook returns and the tick ends it is 200
 * again. /readyz keeps its meaning: not ready before the first tick
 * finished, ready while a later tick hangs after one succeeded.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUp, type ClusterEnv } from './cluster-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

/** How long the hook blocks each tick that changes the release. */
const HANG_MS = 9_000;

const releasesFile = (message: string) => `releases:
  - name: slow
    namespace: stuck
    chart: ./charts/demo
    values:
      - message: ${message}
    hooks:
      - events: [presync]
        showlogs: false
        command: node
        args: ["-e", "setTimeout(() => {}, ${HANG_MS})"]
`;

/** Polls `probe` every 200 ms until it returns a value; rejects with `what` after the deadline. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 60_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(HELM_MAJORS)('a stuck tick with helm %i', (major) => {
  let e: ClusterEnv;
  let running: Reconciler | undefined;
  beforeAll(async () => {
    e = await setUp(major);
  }, 60_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await e?.stop();
  });

  it('makes /healthz 503 while the tick overruns --stuck-after, and 200 once it ends; /readyz stays about the last success', async () => {
    e.write('stuck.yaml', releasesFile('one'));
    running = startReconcile(e, ['-f', 'stuck.yaml', 'reconcile', '--listen', '127.0.0.1:0', '--interval', '2s', '--jitter', '0', '--stuck-after', '3s']);
    const url = (await running.waitFor(/serving status on http:\/\/127\.0\.0\.1:\d+/)).match(/http:\/\/127\.0\.0\.1:\d+/)![0];
    const get = async (path: string) => {
      const r = await fetch(`${url}${path}`);
      return { status: r.status, body: await r.text() };
    };

    // Tick 1 installs; its hook blocks: stuck, and never ready yet.
    const stuck1 = await eventually('healthz reports tick 1 stuck', async () => {
      const h = await get('/healthz');
      return h.status === 503 ? h : undefined;
    });
    expect(stuck1.body).toMatch(/^stuck: tick 1 has run for \d+s, longer than --stuck-after 3s\n$/);
    expect(await get('/readyz')).toEqual({ status: 503, body: 'not ready: no tick has succeeded yet; the first tick has not finished\n' });
    expect(JSON.parse((await get('/api/status')).body)).toMatchObject({ healthy: false, running: true, currentTick: { n: 1 } });

    // The hook returns, the install finishes: healthy and ready.
    await running.waitFor(/tick 1: changed \(1 to install/, { timeoutMs: 60_000 });
    await running.waitFor(/tick 2: in-sync/, { timeoutMs: 60_000 });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });

    // A value change: the upgrade's hook blocks a later tick. Stuck again, but still ready (tick 1 succeeded).
    const at = running.lines.length;
    e.write('stuck.yaml', releasesFile('two'));
    const stuck2 = await eventually('healthz reports the upgrade tick stuck', async () => {
      const h = await get('/healthz');
      return h.status === 503 ? h : undefined;
    });
    expect(stuck2.body).toMatch(/^stuck: tick \d+ has run for \d+s, longer than --stuck-after 3s\n$/);
    expect(Number(stuck2.body.match(/tick (\d+)/)![1])).toBeGreaterThan(2);
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
    await running.waitFor(/tick \d+: changed \(0 to install, 1 to upgrade/, { from: at, timeoutMs: 60_000 });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(e.revisions()).toEqual({ 'stuck/slow': 2 });
    expect(e.cluster.get('v1', 'ConfigMap', 'stuck', 'slow')?.data).toEqual({ message: 'two' });
    expect(await running.stop('SIGTERM')).toBe(0);
    running = undefined;
  }, 180_000);
});
