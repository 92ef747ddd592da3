/**
 * Reference §2.1 rows 8–12 and T7: `--wait` under both readiness models and
 * `--atomic` (helm 3) / `--rollback-on-failure` (helm 4) with a failing hook
 * and with a Deployment that never becomes ready.
 */
import { toolset, type HelmMajor } from '../support/binaries.js';
import { chart, live, suiteCluster } from './helpers.js';

describe.each([4, 3] as HelmMajor[])('helm %i --wait and rollback on failure', (major) => {
  const { helm } = toolset(major);
  const demo = chart('demo');
  const atomic = major === 4 ? '--rollback-on-failure' : '--atomic';
  const suite = suiteCluster({ controllerDelayMs: 100 });

  const run = (...args: string[]) => suite.cluster.exec(helm, args, { env: suite.env });

  it('--wait returns once the Deployment is rolled out', async () => {
    const r = await run('upgrade', '--install', 'w', demo, '-n', 'w', '--create-namespace', '--set', 'replicaCount=2', '--wait', '--timeout', '20s');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dep = live(suite.cluster, 'apps/v1', 'Deployment', 'w', 'w');
    expect(dep.status).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    // helm 4 waits with WatchList watches (T3); helm 3 polls ReplicaSets (T7).
    if (major === 4) expect(suite.cluster.requests.some((q) => q.method === 'WATCH' && q.query.sendInitialEvents === 'true')).toBe(true);
    else expect(suite.cluster.requests.some((q) => q.path === '/apis/apps/v1/namespaces/w/replicasets' && q.query.labelSelector)).toBe(true);
  });

  if (major === 4) {
    it('--wait=legacy (helm 3 readiness model) also passes', async () => {
      const r = await run('upgrade', '--install', 'w', demo, '-n', 'w', '--set', 'image.tag=1.28', '--wait=legacy', '--timeout', '20s');
      expect(r.code).toBe(0);
      expect(live(suite.cluster, 'apps/v1', 'Deployment', 'w', 'w').status.observedGeneration).toBe(2);
    });
  }

  it(`${atomic} rolls back when a pre-upgrade hook Job fails`, async () => {
    const r = await run('upgrade', '--install', 'w', demo, '-n', 'w', '--set', 'hook.enabled=true,hook.fail=true,message=broken', atomic, '--timeout', '20s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has been rolled back due to');
    expect(r.stderr).toContain('pre-upgrade hooks failed');
    expect(r.stderr).toMatch(major === 4 ? /Job Failed/ : /BackoffLimitExceeded/);
    expect(live(suite.cluster, 'v1', 'ConfigMap', 'w', 'w').data.message).toBe('hello');
    const history = JSON.parse((await run('history', 'w', '-n', 'w', '-o', 'json')).stdout);
    expect(history.slice(-2).map((h: any) => h.status)).toEqual(['failed', 'deployed']);
    expect(history[history.length - 1].description).toMatch(/^Rollback to \d+$/);
  });

  it(`${atomic} rolls back when the Deployment never becomes ready`, async () => {
    const before = live(suite.cluster, 'apps/v1', 'Deployment', 'w', 'w').spec.template;
    const t0 = Date.now();
    const r = await run('upgrade', '--install', 'w', demo, '-n', 'w', '--set', 'neverReady=true', atomic, '--timeout', '4s');
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4000);
    expect(r.stderr).toContain('has been rolled back due to');
    expect(r.stderr).toContain(major === 4 ? 'not ready. status: InProgress' : 'context deadline exceeded');
    expect(live(suite.cluster, 'apps/v1', 'Deployment', 'w', 'w').spec.template).toEqual(before);
  });

  it('helm test passes, and fails when the test Pod fails', async () => {
    expect((await run('upgrade', 'w', demo, '-n', 'w', '--reuse-values', '--set', 'tests.enabled=true')).code).toBe(0);
    const ok = await run('test', 'w', '-n', 'w', '--timeout', '20s', '--logs');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/TEST SUITE:\s+w-test[\s\S]*Phase:\s+Succeeded[\s\S]*POD LOGS: w-test/);
    expect((await run('upgrade', 'w', demo, '-n', 'w', '--reuse-values', '--set', 'testFail=true')).code).toBe(0);
    const bad = await run('test', 'w', '-n', 'w', '--timeout', '20s');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('pod w-test failed');
  });

  it('rollback to revision 1 then succeeds with --wait', async () => {
    const r = await run('rollback', 'w', '1', '-n', 'w', '--wait', '--timeout', '20s');
    expect(r.code).toBe(0);
    expect(live(suite.cluster, 'apps/v1', 'Deployment', 'w', 'w').spec.replicas).toBe(2);
    const s = JSON.parse((await run('status', 'w', '-n', 'w', '-o', 'json')).stdout);
    expect(s.info).toMatchObject({ status: 'deployed', description: 'Rollback to 1' });
  });
});
