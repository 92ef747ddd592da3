/**
 * Cluster faults against the REAL control plane (issue 14): helm and kubectl
 * reach kube-apiserver through a fault-injecting proxy
 * (test/support/fault-proxy.ts: 500s, 409 conflicts on writes, dropped
 * connections). Under about one request in ten failing, a `sync` of ten
 * releases leaves no release pending and names each release it left; once
 * the faults stop, the next `apply` converges and `diff` is clean. BUILT CLI,
 * helm 3 and helm 4.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { setUpShared, type SharedClusterEnv } from '../e2e/cluster-support.js';

const COUNT = 10;

describe.each(HELM_MAJORS)('cluster faults on the real control plane with helm %i', (major) => {
  let e: SharedClusterEnv;
  let proxy: FaultProxy;
  let names: { name: string; namespace: string }[];
  beforeAll(async () => {
    e = await setUpShared(major, { kind: 'real' });
    const real = e.cluster.real!;
    proxy = await startFaultProxy({ url: real.url, token: real.token, caPath: real.caPath }, e.sb.dir);
    const namespaces = [await e.cluster.namespace(`faults${major}a`), await e.cluster.namespace(`faults${major}b`)];
    names = Array.from({ length: COUNT }, (_, i) => ({ name: `f${i}`, namespace: namespaces[i % 2]! }));
    const lines = ['releases:'];
    for (const r of names) lines.push(`  - name: ${r.name}`, `    namespace: ${r.namespace}`, '    chart: ./charts/demo', '    values:', '      - faults-values.yaml');
    e.write('faults.yaml', `${lines.join('\n')}\n`);
  }, 300_000);
  afterAll(async () => {
    await proxy?.stop();
    await e?.stop();
  });

  const lastStatus = async (): Promise<Record<string, string>> => {
    const last: Record<string, { v: number; s: string }> = {};
    for (const r of await e.cluster.releases()) {
      const id = `${r.namespace}/${r.name}`;
      if (!names.some((n) => `${n.namespace}/${n.name}` === id)) continue;
      if (!last[id] || last[id].v < Number(r.version)) last[id] = { v: Number(r.version), s: String(r.info.status) };
    }
    return Object.fromEntries(Object.entries(last).map(([k, v]) => [k, v.s]));
  };

  it.each(['install', 'upgrade'])('%s under faults: nothing pending, what is left is named, the next run converges', async (round) => {
    const message = `real-${round}`;
    e.write('faults-values.yaml', `message: ${message}\n`);
    const viaProxy = { env: { KUBECONFIG: proxy.kubeconfigPath } };
    proxy.setFault({ errorRate: 0.06, conflictRate: 0.03, dropRate: 0.02 });
    const faulted = await e.cli(['-f', 'faults.yaml', 'sync'], viaProxy);
    const injected = proxy.faultsInjected();
    proxy.setFault({});
    expect([0, 1]).toContain(faulted.exitCode);
    expect(injected).toBeGreaterThan(0);
    const after = await lastStatus();
    for (const [id, s] of Object.entries(after)) expect(`${id} ${s}`).not.toMatch(/pending|uninstalling/);
    const head = /\d+ releases? failed:/.exec(faulted.stderr);
    if (faulted.exitCode === 1 && head) {
      const summary = faulted.stderr.slice(head.index);
      for (const r of names) {
        const id = `${r.namespace}/${r.name}`;
        const cm = await e.cluster.get('v1', 'ConfigMap', r.namespace, r.name);
        if (after[id] !== 'deployed' || cm?.data?.message !== message) expect(`${id} ${summary.includes(`  ${id} (`) ? 'named' : 'not named'}`).toBe(`${id} named`);
      }
    }
    const left = names.filter((r) => faulted.stderr.includes(`  ${r.namespace}/${r.name} (`)).length;
    process.stdout.write(`cluster-faults real helm ${major} ${round}: ${injected} faults over ${proxy.requests.length} requests so far, exit ${faulted.exitCode}, ${left}/${COUNT} left and named\n`);

    // Through the proxy without faults, as a user's next run.
    const healed = await e.cli(['-f', 'faults.yaml', 'apply'], viaProxy);
    expect({ exit: healed.exitCode, stderr: healed.exitCode === 0 ? '' : healed.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(Object.values(await lastStatus())).toEqual(names.map(() => 'deployed'));
    const diff = await e.cli(['-f', 'faults.yaml', 'diff', '--detailed-exitcode'], viaProxy);
    expect({ exit: diff.exitCode, out: diff.exitCode === 0 ? '' : diff.stdout }).toEqual({ exit: 0, out: '' });
    for (const r of names) expect(`${r.namespace}/${r.name} ${(await e.cluster.get('v1', 'ConfigMap', r.namespace, r.name))?.data?.message}`).toBe(`${r.namespace}/${r.name} ${message}`);
  }, 600_000);
});
