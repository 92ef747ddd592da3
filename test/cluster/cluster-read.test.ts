/**
 * Release records and live objects read back from the API emulator after
 * REAL helm 3 / helm 4 installs, and drift after a real kubectl edit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ExecaRunner } from '../../src/process/runner.js';
import { readReleaseRecords } from '../../src/cluster/release-records.js';
import { readLiveObjects } from '../../src/cluster/live-objects.js';
import { computeReleaseDiff, liveTargets } from '../../src/diff/release-diff.js';
import { renderDiffText } from '../../src/diff/render-text.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { chartsDir, helmTemplate } from '../diff/helm-template.js';

const chart = join(chartsDir, 'webapp');
const runner = new ExecaRunner();

describe.each(HELM_MAJORS)('with helm %i', (major) => {
  const { helm, kubectl } = toolset(major);
  let cluster: Cluster;

  async function ok(bin: string, args: string[], env?: Record<string, string>): Promise<string> {
    const r = await cluster.exec(bin, args, env ? { env } : {});
    if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  beforeAll(async () => {
    cluster = await startCluster();
    await ok(helm, ['install', 'demo', chart, '-n', 'demo', '--create-namespace', '--set', 'hooks.enabled=true']);
    await ok(helm, ['upgrade', 'demo', chart, '-n', 'demo', '--set', 'hooks.enabled=true', '--set', 'replicaCount=2']);
    await ok(helm, ['install', 'other', chart, '-n', 'other', '--create-namespace', '--set', 'service.enabled=false', '--labels', 'team=web,helmsync.dev/owner=abc']);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reads the last revision of every release in one kubectl call', async () => {
    const before = cluster.requests.length;
    const records = await readReleaseRecords({ runner, kubectl, env: cluster.env });
    const calls = cluster.requests.slice(before).filter((r) => r.path.includes('/secrets'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/api/v1/secrets');
    expect(records.map((r) => `${r.namespace}/${r.name}@${r.revision} ${r.status}`)).toEqual(['demo/demo@2 deployed', 'other/other@1 deployed']);
    const demo = records[0]!;
    expect(demo.chart).toEqual({ name: 'webapp', version: '0.1.0', appVersion: '1.0' });
    expect(demo.storage).toBe('secret');
    // What helm itself says about the same revision.
    expect(demo.config).toEqual(JSON.parse(await ok(helm, ['get', 'values', 'demo', '-n', 'demo', '-o', 'json'])));
    expect(demo.config).toEqual({ hooks: { enabled: true }, replicaCount: 2 });
    expect(demo.manifest.trim()).toBe((await ok(helm, ['get', 'manifest', 'demo', '-n', 'demo'])).trim());
    expect(demo.hooksManifest).toContain('name: demo-hook');
    expect(demo.hooksManifest).toContain('# Source: webapp/templates/hook-configmap.yaml');
    expect(demo.applyMethod).toBe(major === 4 ? 'ssa' : undefined);
  });

  it('reads the custom release labels helm stored (--labels), without helm\'s own', async () => {
    const records = await readReleaseRecords({ runner, kubectl, env: cluster.env });
    expect(records.find((r) => r.name === 'other')!.labels).toEqual({ team: 'web', 'helmsync.dev/owner': 'abc' });
    expect(records.find((r) => r.name === 'demo')!.labels).toEqual({});
    // helm 4 shows the same labels on the release, beside its own storage labels; helm 3.17's `get metadata` shows none.
    const meta = JSON.parse(await ok(helm, ['get', 'metadata', 'other', '-n', 'other', '-o', 'json'])) as { labels?: Record<string, string> };
    if (major === 4) expect(meta.labels).toMatchObject({ team: 'web', 'helmsync.dev/owner': 'abc', owner: 'helm', name: 'other', status: 'deployed', version: '1' });
    else expect(meta.labels).toBeUndefined();
  });

  it('reads history, and narrows by namespace and name', async () => {
    const all = await readReleaseRecords({ runner, kubectl, env: cluster.env, history: true, namespaces: ['demo'] });
    expect(all.map((r) => `${r.name}@${r.revision} ${r.status}`)).toEqual(['demo@1 superseded', 'demo@2 deployed']);
    expect(all[0]!.config).toEqual({ hooks: { enabled: true } });
    const named = await readReleaseRecords({ runner, kubectl, env: cluster.env, names: ['other'] });
    expect(named.map((r) => r.name)).toEqual(['other']);
    expect(await readReleaseRecords({ runner, kubectl, env: cluster.env, namespaces: ['nothing-here'] })).toEqual([]);
  });

  it('falls back to helm list/get for storage kubectl cannot read, with the same result', async () => {
    const viaKubectl = await readReleaseRecords({ runner, kubectl, env: cluster.env });
    // HELM_DRIVER=sql selects the helm path; helm itself (env without HELM_DRIVER) reads the Secrets.
    const viaHelm = await readReleaseRecords({ runner, kubectl, helm, env: cluster.env, driver: 'sql' });
    const strip = (rs: typeof viaKubectl) =>
      rs.map(({ storage: _s, description: _d, lastDeployed: _l, applyMethod: _a, hooksManifest, manifest, ...r }) => ({
        ...r,
        manifest: manifest.trim(),
        hooks: hooksManifest.includes('demo-hook'),
      }));
    // helm 3.17 cannot tell the release labels (its `get metadata` has none).
    const expected = strip(viaKubectl).map((r) => (major === 3 ? { ...r, labels: {} } : r));
    expect(strip(viaHelm)).toEqual(expected);
    expect(viaHelm[0]!.storage).toBe('helm');
  });

  it('reads ConfigMap storage (HELM_DRIVER=configmap)', async () => {
    const env = { ...cluster.env, HELM_DRIVER: 'configmap' };
    await ok(helm, ['install', 'cm', chart, '-n', 'cmstore', '--create-namespace'], env);
    const records = await readReleaseRecords({ runner, kubectl, env, driver: 'configmap' });
    expect(records.map((r) => `${r.namespace}/${r.name}@${r.revision} ${r.status} ${r.storage}`)).toEqual(['cmstore/cm@1 deployed configmap']);
  });

  it('reads live objects per namespace in one call, with null for absent objects and unknown kinds', async () => {
    const desired = helmTemplate({ release: 'demo', namespace: 'demo', set: { 'hooks.enabled': true, replicaCount: 2, 'widget.enabled': true }, major });
    const keys = liveTargets(desired, { name: 'demo', namespace: 'demo' });
    keys.push({ apiVersion: 'v1', group: '', kind: 'ConfigMap', namespace: 'other', name: 'other-config' });
    keys.push({ apiVersion: 'v1', group: '', kind: 'Service', namespace: 'other', name: 'other' });
    // Cluster-scoped objects are asked for in the release namespace and answer for it.
    keys.push({ apiVersion: 'v1', group: '', kind: 'Namespace', namespace: 'demo', name: 'demo' });
    keys.push({ apiVersion: 'rbac.authorization.k8s.io/v1', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: 'demo', name: 'nope' });
    const started = cluster.requests.length;
    const live = await readLiveObjects(keys, { runner, kubectl, env: cluster.env });
    expect([...live.entries()].map(([id, o]) => `${id} ${o ? 'found' : 'null'}`).sort()).toEqual([
      '/ConfigMap/demo/demo-config found',
      '/ConfigMap/other/other-config found',
      '/Namespace/demo/demo found',
      '/Secret/demo/demo-credentials found',
      '/Service/demo/demo found',
      '/Service/other/other null',
      'apps/Deployment/demo/demo found',
      'example.com/Widget/demo/demo-widget null',
      'rbac.authorization.k8s.io/ClusterRole/demo/nope null',
    ]);
    expect((live.get('apps/Deployment/demo/demo') as { spec: { replicas: number } }).spec.replicas).toBe(2);
    // No per-object round trips: GETs of named objects only, at most one per object and kind probe.
    expect(cluster.requests.slice(started).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it.each([false, true])('under a 20%% read fault rate gives the same answer, asking again only for what it missed (oneCall %s)', async (oneCall) => {
    const desired = helmTemplate({ release: 'demo', namespace: 'demo', set: { 'hooks.enabled': true, replicaCount: 2 }, major });
    const keys = liveTargets(desired, { name: 'demo', namespace: 'demo' });
    // Absent objects must still come back null, not be asked for forever.
    for (let i = 0; i < 6; i++) keys.push({ apiVersion: 'v1', group: '', kind: 'ConfigMap', namespace: i % 2 ? 'other' : 'demo', name: `absent-${i}` });
    keys.push({ apiVersion: 'v1', group: '', kind: 'ConfigMap', namespace: 'other', name: 'other-config' });
    keys.push({ apiVersion: 'v1', group: '', kind: 'ConfigMap', namespace: 'nowhere', name: 'x' });
    const clean = await readLiveObjects(keys, { runner, kubectl, env: cluster.env, oneCall });
    const answer = (m: Map<string, unknown>) => [...m.entries()].map(([id, o]) => `${id} ${o ? 'found' : 'null'}`).sort();
    let retried = 0;
    for (let run = 0; run < 5; run++) {
      cluster.setFault({ errorRate: 0.2, match: { method: 'GET' } });
      const started = cluster.requests.length;
      let injected = 0;
      let faulted: Map<string, unknown>;
      try {
        faulted = await readLiveObjects(keys, { runner, kubectl, env: cluster.env, oneCall, sleep: async () => {} });
      } finally {
        injected = cluster.faultsInjected();
        cluster.setFault({});
      }
      expect(answer(faulted)).toEqual(answer(clean));
      const gets = cluster.requests.slice(started).filter((r) => r.method === 'GET' && /\/(configmaps|secrets|services|deployments|jobs)\//.test(r.path)).length;
      // Each object is asked for once, an absent one once more (without --ignore-not-found, so kubectl
      // names it), and once more per injected fault: never the whole batch again.
      const absent = [...clean.values()].filter((o) => o === null).length;
      expect(gets).toBeLessThanOrEqual(keys.length + absent + injected);
      if (injected > 0) retried++;
    }
    expect(retried).toBeGreaterThan(0);
  });

  it('sees no change and no drift right after an install, and drift after a kubectl edit', async () => {
    const set = { 'hooks.enabled': true, replicaCount: 2 };
    const release = { name: 'demo', namespace: 'demo' };
    const desired = helmTemplate({ release: 'demo', namespace: 'demo', set, major });
    const [stored] = await readReleaseRecords({ runner, kubectl, env: cluster.env, names: ['demo'], namespaces: ['demo'] });
    const read = () => readLiveObjects(liveTargets(desired, release), { runner, kubectl, env: cluster.env });
    const clean = computeReleaseDiff({ release, desiredManifest: desired, stored, live: await read() });
    expect(renderDiffText([clean])).toBe('Comparing release=demo/demo: no changes\n');
    expect(clean.hasChanges).toBe(false);

    await ok(kubectl, ['scale', 'deployment/demo', '-n', 'demo', '--replicas=5']);
    await ok(kubectl, ['patch', 'configmap', 'demo-config', '-n', 'demo', '--type=merge', '-p', '{"data":{"message":"edited by hand","added":"x"}}']);
    await ok(kubectl, ['delete', 'service', 'demo', '-n', 'demo']);
    const drifted = computeReleaseDiff({ release, desiredManifest: desired, stored, live: await read() });
    expect(drifted.hasChanges).toBe(true);
    expect(drifted.resources.map((r) => [r.id, r.change, r.drift?.state, r.drift?.fields.map((f) => `${f.path} ${JSON.stringify(f.before)}→${JSON.stringify(f.after)}`)])).toEqual([
      ['/ConfigMap/demo/demo-config', 'unchanged', 'changed', ['/data/message "edited by hand"→"hello"']],
      ['/Service/demo/demo', 'unchanged', 'missing', []],
      ['apps/Deployment/demo/demo', 'unchanged', 'changed', ['/spec/replicas 5→2']],
    ]);
    expect(renderDiffText([drifted])).toContain('demo, demo, Deployment (apps/v1) has drifted (- live, + desired):');
  });
});
