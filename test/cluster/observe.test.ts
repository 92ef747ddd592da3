import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Runner, RunOptions, RunResult } from '../../src/process/runner.js';
import { ExecaRunner } from '../../src/process/runner.js';
import { observeReleases } from '../../src/cluster/observe.js';
import { computeReleaseDiff } from '../../src/diff/release-diff.js';
import { assemblePlan } from '../../src/plan/assemble.js';
import { toolset } from '../support/binaries.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { chartsDir, helmTemplate } from '../diff/helm-template.js';

/** Records kubectl calls and forwards them to the real runner. */
function recordingRunner(inner: Runner, calls: string[][], fail?: (args: readonly string[]) => RunResult | undefined): Runner {
  return {
    async run(file: string, args: readonly string[], opts?: RunOptions) {
      calls.push([...args]);
      return fail?.(args) ?? inner.run(file, args, opts);
    },
  };
}

describe('observeReleases on the emulator (helm 4)', () => {
  const { helm, kubectl } = toolset(4);
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
    for (const [name, ns] of [['a', 'one'], ['b', 'two']]) {
      const r = await cluster.exec(helm, ['install', name!, join(chartsDir, 'webapp'), '-n', ns!, '--create-namespace']);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const inputs = () =>
    [
      ['a', 'one', {}],
      ['b', 'two', { replicaCount: 2 }],
      ['c', 'two', {}],
    ].map(([name, namespace, set]) => ({
      id: `${namespace}/${name}`,
      release: { name: name as string, namespace: namespace as string },
      desiredManifest: helmTemplate({ release: name as string, namespace: namespace as string, set: set as Record<string, number> }),
    }));

  it('reads records in one call and live objects in one call per namespace, then diffs and plans', async () => {
    const calls: string[][] = [];
    const runner = recordingRunner(new ExecaRunner(), calls);
    const ins = inputs();
    const observed = await observeReleases(ins, { runner, kubectl, env: cluster.env, readLive: true });
    expect(calls.filter((c) => c.includes('secrets'))).toEqual([
      ['get', 'secrets', '--all-namespaces', '--selector', 'owner=helm,status!=superseded,name in (a,b,c)', '--output', 'json'],
    ]);
    expect(calls.filter((c) => !c.includes('secrets')).map((c) => c[c.indexOf('--namespace') + 1]).sort()).toEqual(['one', 'two']);
    expect(observed.get('one/a')!.record!.revision).toBe(1);
    expect(observed.get('two/c')!.record).toBeUndefined();
    expect([...observed.get('two/c')!.live!.values()].every((v) => v === null)).toBe(true);

    const diffs = new Map(ins.map((i) => [i.id, computeReleaseDiff({ ...i, stored: observed.get(i.id)!.record, live: observed.get(i.id)!.live })]));
    const plan = assemblePlan(
      ins.map((i) => ({ id: i.id, name: i.release.name, namespace: i.release.namespace, installed: true, needs: i.id === 'two/c' ? ['two/b'] : [] })),
      new Map(ins.map((i) => [i.id, { record: observed.get(i.id)!.record, diff: diffs.get(i.id) }])),
      { mode: 'apply' },
    );
    expect(plan.actions.map((a) => `${a.id} ${a.action} wave ${a.wave}: ${a.reasons.join('; ')}`)).toEqual([
      'one/a noop wave -1: no changes',
      'two/b upgrade wave 0: 1 changed',
      'two/c install wave 1: not installed; 4 added',
    ]);
  });

  it('works without kubectl: records through helm, no drift, one warning', async () => {
    const warnings: string[] = [];
    const observed = await observeReleases(inputs(), { runner: new ExecaRunner(), kubectl: '/nonexistent/kubectl', helm, env: cluster.env, readLive: true, onWarning: (m) => warnings.push(m) });
    expect(observed.get('two/b')!.record).toMatchObject({ name: 'b', revision: 1, storage: 'helm' });
    expect(observed.get('two/c')!.record).toBeUndefined();
    expect(observed.get('two/b')!.live).toBeUndefined();
    expect(warnings).toEqual(['cannot run /nonexistent/kubectl: live objects not read, drift not checked']);
  });

  it('falls back to one call per namespace when listing across namespaces is forbidden', async () => {
    const calls: string[][] = [];
    const forbidden = (args: readonly string[]): RunResult | undefined =>
      args.includes('--all-namespaces')
        ? { exitCode: 1, stdout: '', stderr: 'Error from server (Forbidden): secrets is forbidden: User "ci" cannot list resource "secrets" at the cluster scope', killed: false }
        : undefined;
    const observed = await observeReleases(inputs(), { runner: recordingRunner(new ExecaRunner(), calls, forbidden), kubectl, env: cluster.env });
    expect(calls.map((c) => c.slice(0, 4).join(' ')).sort()).toEqual(['get secrets --all-namespaces --selector', 'get secrets --namespace one', 'get secrets --namespace two']);
    expect(observed.get('two/b')!.record!.name).toBe('b');
    expect(observed.get('two/b')!.live).toBeUndefined();
  });
});
