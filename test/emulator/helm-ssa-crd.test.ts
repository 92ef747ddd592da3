/**
 * Reference §2.1 "other helm checks": SSA conflicts after `kubectl scale`
 * (helm 4) vs a three-way strategic merge (helm 3), a chart with CRDs, and
 * parallel helm runs into one namespace.
 */
import { toolset, type HelmMajor } from '../support/binaries.js';
import { chart, kubectlJson, live, suiteCluster } from './helpers.js';

describe.each([4, 3] as HelmMajor[])('helm %i with other writers, CRDs and parallel runs', (major) => {
  const { helm, kubectl } = toolset(major);
  const suite = suiteCluster({ controllerDelayMs: 50 });

  const run = (bin: string, ...args: string[]) => suite.cluster.exec(bin, args, { env: suite.env });

  it(major === 4 ? 'upgrade after kubectl scale conflicts until --force-conflicts' : 'upgrade after kubectl scale resets replicas through a three-way strategic merge patch', async () => {
    expect((await run(helm, 'install', 'sc', chart('demo'), '-n', 'sc', '--create-namespace')).code).toBe(0);
    expect((await run(kubectl, 'scale', 'deploy', 'sc', '-n', 'sc', '--replicas=3')).code).toBe(0);
    const up = await run(helm, 'upgrade', 'sc', chart('demo'), '-n', 'sc', '--set', 'message=again');
    if (major === 4) {
      expect(up.code).toBe(1);
      expect(up.stderr).toMatch(
        /conflict occurred while applying object sc\/sc apps\/v1, Kind=Deployment: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1 at \S+Z: \.spec\.replicas/,
      );
      const forced = await run(helm, 'upgrade', 'sc', chart('demo'), '-n', 'sc', '--set', 'message=again', '--force-conflicts');
      expect(forced.code).toBe(0);
      expect(live(suite.cluster, 'apps/v1', 'Deployment', 'sc', 'sc').spec.replicas).toBe(1);
    } else {
      // helm 3 diffs live (3) against the chart (1), so its SMP carries replicas: 1; no ownership involved.
      expect(up.code).toBe(0);
      const patch = suite.cluster.requests.filter((r) => r.method === 'PATCH' && r.path === '/apis/apps/v1/namespaces/sc/deployments/sc').pop();
      expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
      expect(live(suite.cluster, 'apps/v1', 'Deployment', 'sc', 'sc').spec.replicas).toBe(1);
    }
    expect(live(suite.cluster, 'v1', 'ConfigMap', 'sc', 'sc').data.message).toBe('again');
  });

  it('installs a chart with CRDs, upgrades the custom resource, keeps the CRD on uninstall', async () => {
    const install = await run(helm, 'install', 'wid', chart('crds'), '-n', 'crd', '--create-namespace');
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    const crd = live(suite.cluster, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', '', 'widgets.example.helmsync.dev');
    expect(crd.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(live(suite.cluster, 'example.helmsync.dev/v1', 'Widget', 'crd', 'wid').spec).toEqual({ size: 1, color: 'blue', parts: ['a', 'b'] });
    expect((await run(helm, 'upgrade', 'wid', chart('crds'), '-n', 'crd', '--set', 'size=2')).code).toBe(0);
    expect(live(suite.cluster, 'example.helmsync.dev/v1', 'Widget', 'crd', 'wid').spec.size).toBe(2);
    // Custom resources are patched with merge-patch by helm 3 (SMP would be 415), SSA by helm 4.
    const crWrite = suite.cluster.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/widgets/wid')).pop();
    expect(crWrite?.contentType).toBe(major === 4 ? 'application/apply-patch+yaml' : 'application/merge-patch+json');
    const got = await kubectlJson(suite.cluster, kubectl, ['get', 'wg', '-n', 'crd'], suite.env);
    expect(got.items.map((i: any) => i.metadata.name)).toEqual(['wid']);
    // The status subresource writes only status; the main resource keeps the stored status.
    const gen = live(suite.cluster, 'example.helmsync.dev/v1', 'Widget', 'crd', 'wid').metadata.generation;
    expect((await run(kubectl, 'patch', 'wg', 'wid', '-n', 'crd', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Ready"},"spec":{"size":99}}')).code).toBe(0);
    expect((await run(kubectl, 'patch', 'wg', 'wid', '-n', 'crd', '--type=merge', '-p', '{"status":{"phase":"Ignored"}}')).code).toBe(0);
    const w = live(suite.cluster, 'example.helmsync.dev/v1', 'Widget', 'crd', 'wid');
    expect([w.status, w.spec.size, w.metadata.generation]).toEqual([{ phase: 'Ready' }, 2, gen]);
    expect((await run(helm, 'uninstall', 'wid', '-n', 'crd')).code).toBe(0);
    expect(live(suite.cluster, 'example.helmsync.dev/v1', 'Widget', 'crd', 'wid')).toBeUndefined();
    expect(live(suite.cluster, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', '', 'widgets.example.helmsync.dev')).toBeDefined();
  });

  it('runs several helm upgrade --install in parallel into one namespace', async () => {
    const releases = ['p1', 'p2', 'p3', 'p4'];
    const results = await Promise.all(
      releases.map((r, i) => suite.cluster.exec(helm, ['upgrade', '--install', r, chart('demo'), '-n', 'par', '--create-namespace', '--set', `message=m${i}`], { env: suite.cluster.newEnv() })),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(releases.map(() => [0, '']));
    const list = JSON.parse((await run(helm, 'list', '-n', 'par', '-o', 'json')).stdout);
    expect(list.map((r: any) => `${r.name}:${r.status}`).sort()).toEqual(releases.map((r) => `${r}:deployed`));
    releases.forEach((r, i) => expect(live(suite.cluster, 'v1', 'ConfigMap', 'par', r).data.message).toBe(`m${i}`));
  });
});
