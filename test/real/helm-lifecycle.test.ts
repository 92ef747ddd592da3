/**
 * Real helm 3.17 and 4.1 against the real control plane (issue 9): install
 * --wait, upgrade --wait with a pre-upgrade hook Job, rollback, helm test
 * (passing and failing test pods), uninstall. Each test gets a fresh namespace
 * on the file's one control plane. Expectations are the cluster's objects and
 * helm's own records.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { sharedTestCluster, type TestCluster } from '../support/test-cluster.js';

const chart = join(repoRoot, 'fixtures', 'charts', 'demo');

describe.each(HELM_MAJORS)('helm %i against the real control plane', (major) => {
  const { helm, kubectl } = toolset(major);
  let c: TestCluster;
  const run = async (args: string[]) => {
    const r = await c.exec(helm, args, { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const history = async (ns: string) =>
    (JSON.parse(await run(['history', 'demo', '-n', ns, '-o', 'json'])) as { revision: number; status: string }[]).map((h) => [h.revision, h.status]);

  beforeAll(async () => {
    c = await sharedTestCluster({ kind: 'real' });
  }, 180_000);

  it('install --wait, upgrade --wait with a hook Job, rollback, uninstall', async () => {
    const ns = await c.namespace(`helm${major}`);
    await run(['install', 'demo', chart, '-n', ns, '--wait', '--timeout', '90s']);
    const dep = (await c.get('apps/v1', 'Deployment', ns, 'demo'))!;
    // --wait returned only once the Deployment was available on the fake Node.
    expect(dep.status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    const pods = await c.list('v1', 'Pod', ns);
    expect(pods.map((p) => [p.spec.nodeName, p.status.phase])).toEqual([['kwok-node-0', 'Running']]);
    // Server-side defaulting a real API server adds (what a diff must not call drift).
    expect(dep.spec).toMatchObject({ progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate' } });

    await run(['upgrade', 'demo', chart, '-n', ns, '--wait', '--timeout', '90s', '--set', 'message=upgraded', '--set', 'hook.enabled=true']);
    expect((await c.get('v1', 'ConfigMap', ns, 'demo'))?.data).toEqual({ message: 'upgraded' });
    const job = (await c.get('batch/v1', 'Job', ns, 'demo-pre-upgrade'))!;
    expect(job.status.succeeded).toBe(1);
    expect(await history(ns)).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);

    await run(['rollback', 'demo', '1', '-n', ns, '--wait', '--timeout', '90s']);
    expect((await c.get('v1', 'ConfigMap', ns, 'demo'))?.data).toEqual({ message: 'hello' });
    expect(await history(ns)).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
    const rs = (await c.list('apps/v1', 'ReplicaSet', ns)).map((r) => r.spec.replicas as number);
    expect(rs.sort()).toEqual([0, 1]);

    await run(['uninstall', 'demo', '-n', ns, '--wait']);
    expect(await c.releases(ns)).toEqual([]);
    expect(await c.get('apps/v1', 'Deployment', ns, 'demo')).toBeUndefined();
    expect(await c.get('v1', 'ConfigMap', ns, 'demo')).toBeUndefined();
  }, 240_000);

  it('helm test runs the test pod to Succeeded; a failing test pod fails helm test', async () => {
    const ns = await c.namespace(`helm${major}-test`);
    await run(['install', 'demo', chart, '-n', ns, '--wait', '--set', 'tests.enabled=true']);
    const ok = await c.exec(helm, ['test', 'demo', '-n', ns, '--timeout', '60s']);
    expect({ code: ok.code, err: ok.stderr }).toEqual({ code: 0, err: '' });
    expect(ok.stdout).toMatch(/TEST SUITE:\s+demo-test[\s\S]*Phase:\s+Succeeded/);
    expect((await c.get('v1', 'Pod', ns, 'demo-test'))?.status.phase).toBe('Succeeded');

    await run(['upgrade', 'demo', chart, '-n', ns, '--wait', '--set', 'tests.enabled=true', '--set', 'testFail=true']);
    const bad = await c.exec(helm, ['test', 'demo', '-n', ns, '--timeout', '60s']);
    expect(bad.code).not.toBe(0);
    expect((await c.get('v1', 'Pod', ns, 'demo-test'))?.status.phase).toBe('Failed');
    const k = await c.exec(kubectl, ['get', 'pod', 'demo-test', '-n', ns, '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode}']);
    expect(k.stdout).toBe('1');
  }, 240_000);
});
