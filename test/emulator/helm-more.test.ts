/**
 * More helm behaviour from the reference: readiness of every workload kind
 * (T7), `--dry-run=server` sends no object writes (T14), `uninstall --wait`,
 * ownership checks and `--take-ownership`, helm 4 taking over a helm 3
 * release (auto → strategic merge; --server-side=true → managedFields
 * migration, T12), and server-side validation errors (422/400).
 */
import { toolset, type HelmMajor } from '../support/binaries.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { chart, live, suiteCluster } from './helpers.js';

describe.each([4, 3] as HelmMajor[])('helm %i, more', (major) => {
  const { helm, kubectl } = toolset(major);
  const suite = suiteCluster({ controllerDelayMs: 50 });

  const run = (bin: string, ...args: string[]) => suite.cluster.exec(bin, args, { env: suite.env });

  it('--wait --wait-for-jobs covers StatefulSet, DaemonSet, Job, PVC and LoadBalancer Service', async () => {
    const r = await run(helm, 'install', 'wl', chart('workloads'), '-n', 'wl', '--create-namespace', '--wait', '--wait-for-jobs', '--timeout', '20s');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(live(suite.cluster, 'apps/v1', 'StatefulSet', 'wl', 'wl-db').status).toMatchObject({ readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2 });
    expect(live(suite.cluster, 'apps/v1', 'DaemonSet', 'wl', 'wl-agent').status).toMatchObject({ numberReady: 1, numberAvailable: 1 });
    expect(live(suite.cluster, 'batch/v1', 'Job', 'wl', 'wl-migrate-1').status.succeeded).toBe(1);
    expect(live(suite.cluster, 'v1', 'PersistentVolumeClaim', 'wl', 'wl-data').status.phase).toBe('Bound');
    expect(live(suite.cluster, 'v1', 'Service', 'wl', 'wl-lb').status.loadBalancer.ingress).toHaveLength(1);
    const pods = suite.cluster.emulator.store.list(suite.cluster.emulator.registry.find('', 'v1', 'pods')!, 'wl').map((s) => s.obj.metadata.name).sort();
    expect(pods.filter((p: string) => p.startsWith('wl-db-'))).toEqual(['wl-db-0', 'wl-db-1']);
  });

  it('--dry-run=server changes nothing and writes no objects', async () => {
    expect((await run(helm, 'install', 'dr', chart('demo'), '-n', 'dr', '--create-namespace')).code).toBe(0);
    const before = suite.cluster.requests.length;
    const r = await run(helm, 'upgrade', 'dr', chart('demo'), '-n', 'dr', '--set', 'message=dry', '--dry-run=server');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pending-upgrade');
    const writes = suite.cluster.requests.slice(before).filter((q) => q.method !== 'GET' && q.method !== 'WATCH');
    expect(writes).toEqual([]);
    expect(live(suite.cluster, 'v1', 'ConfigMap', 'dr', 'dr').data.message).toBe('hello');
  });

  it('uninstall --wait waits until the objects are gone', async () => {
    const r = await run(helm, 'uninstall', 'dr', '-n', 'dr', '--wait', '--timeout', '20s');
    expect(r.code).toBe(0);
    expect(live(suite.cluster, 'apps/v1', 'Deployment', 'dr', 'dr')).toBeUndefined();
  });

  it('refuses to adopt a foreign object, naming the missing ownership metadata', async () => {
    expect((await run(kubectl, 'create', 'namespace', 'own')).code).toBe(0);
    expect((await run(kubectl, 'create', 'configmap', 'own', '-n', 'own', '--from-literal=a=b')).code).toBe(0);
    const r = await run(helm, 'install', 'own', chart('demo'), '-n', 'own');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by"');
    if (major === 4) {
      const taken = await run(helm, 'install', 'own', chart('demo'), '-n', 'own', '--take-ownership');
      expect(taken.code).toBe(0);
      // SSA leaves the field kubectl-create still owns; helm adds its own.
      expect(live(suite.cluster, 'v1', 'ConfigMap', 'own', 'own').data).toEqual({ a: 'b', message: 'hello' });
    }
  });

  it('HELM_DRIVER=configmap stores releases in ConfigMaps (protobuf ConfigMap bodies)', async () => {
    const r = await suite.cluster.exec(helm, ['install', 'cmd', chart('demo'), '-n', 'cmd', '--create-namespace'], { env: { ...suite.env, HELM_DRIVER: 'configmap' } });
    expect(r.code).toBe(0);
    expect(suite.cluster.requests.some((q) => q.method === 'POST' && q.path === '/api/v1/namespaces/cmd/configmaps' && q.contentType.includes('protobuf'))).toBe(true);
    const rel = live(suite.cluster, 'v1', 'ConfigMap', 'cmd', 'sh.helm.release.v1.cmd.v1');
    expect(rel.metadata.labels).toMatchObject({ name: 'cmd', owner: 'helm', status: 'deployed' });
    const list = await suite.cluster.exec(helm, ['list', '-n', 'cmd', '-o', 'json'], { env: { ...suite.env, HELM_DRIVER: 'configmap' } });
    expect(JSON.parse(list.stdout).map((x: any) => x.name)).toEqual(['cmd']);
  });

  it('exposes decoded release records through cluster.releases()', async () => {
    expect(suite.cluster.releases('wl').map((r) => `${r.name}@${r.version}:${r.info.status}`)).toEqual(['wl@1:deployed']);
    expect(suite.cluster.get('apps/v1', 'StatefulSet', 'wl', 'wl-db')?.spec.replicas).toBe(2);
  });

  it('returns 422 for an invalid name and 400 for bad Secret data', async () => {
    const bad = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: default\ndata: {a: b}\n`;
    const r1 = await suite.cluster.exec(kubectl, ['apply', '-f', '-'], { env: suite.env, input: bad });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: default\ndata: {a: "!!notbase64"}\n`;
    const r2 = await suite.cluster.exec(kubectl, ['create', '-f', '-'], { env: suite.env, input: secret });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/illegal base64 data/);
  });
});

describe('helm 4 taking over a helm 3 release', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ controllerDelayMs: 50 });
  });
  afterAll(async () => cluster.stop());

  it('--server-side=auto keeps strategic merge; --server-side=true migrates managedFields then applies', async () => {
    const env = cluster.newEnv();
    const h3 = (...a: string[]) => cluster.exec(toolset(3).helm, a, { env });
    const h4 = (...a: string[]) => cluster.exec(toolset(4).helm, a, { env });
    expect((await h3('install', 'x', chart('demo'), '-n', 'x', '--create-namespace', '--set', 'extra=true')).code).toBe(0);
    const auto = await h4('upgrade', 'x', chart('demo'), '-n', 'x', '--set', 'message=auto');
    expect(auto.code).toBe(0);
    const smp = cluster.requests.filter((r) => r.method === 'PATCH' && r.path === '/api/v1/namespaces/x/configmaps/x').pop();
    expect(smp?.contentType).toBe('application/strategic-merge-patch+json');
    expect(live(cluster, 'v1', 'ConfigMap', 'x', 'x').data.message).toBe('auto');
    const ssa = await h4('upgrade', 'x', chart('demo'), '-n', 'x', '--set', 'message=ssa', '--server-side=true');
    expect(ssa.stderr).toBe('');
    expect(ssa.code).toBe(0);
    const migration = cluster.requests.find((r) => r.method === 'PATCH' && r.contentType === 'application/json-patch+json' && r.path === '/api/v1/namespaces/x/configmaps/x');
    expect(migration).toBeDefined();
    const cm = live(cluster, 'v1', 'ConfigMap', 'x', 'x');
    expect(cm.data.message).toBe('ssa');
    expect(cm.metadata.managedFields.find((m: any) => m.manager === 'helm' && m.operation === 'Apply')).toBeDefined();
  });
});

describe('discovery variants (T5, §2.3)', () => {
  it.each([true, false])('aggregatedDiscovery=%s: helm 4 installs and kubectl lists; legacy costs per-group requests', async (aggregated) => {
    const cluster = await startCluster({ aggregatedDiscovery: aggregated, controllerDelayMs: 50 });
    try {
      const env = cluster.newEnv();
      const { helm, kubectl } = toolset(4);
      expect((await cluster.exec(helm, ['install', 'd', chart('demo'), '-n', 'd', '--create-namespace'], { env })).code).toBe(0);
      const r = await cluster.exec(kubectl, ['get', 'ns,deploy', '-A'], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/deployment\.apps\/d\s/);
      const perGroup = cluster.requests.filter((q) => q.path === '/apis/apps/v1');
      expect(perGroup.length > 0).toBe(!aggregated);
    } finally {
      await cluster.stop();
    }
  });
});
