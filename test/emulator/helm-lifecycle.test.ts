/**
 * Reference §2.1: the helm release lifecycle against the emulator with the
 * real helm 4.1.4 and helm 3.17.3 binaries (and their kubectl).
 */
import { toolset, type HelmMajor } from '../support/binaries.js';
import { decodeRelease } from '../support/cluster.js';
import { chart, kubectlJson, live, names, suiteCluster } from './helpers.js';

describe.each([4, 3] as HelmMajor[])('helm %i release lifecycle', (major) => {
  const { helm, kubectl } = toolset(major);
  const demo = chart('demo');
  const suite = suiteCluster({ controllerDelayMs: 50 });

  const h = async (...args: string[]) => {
    const r = await suite.cluster.exec(helm, args, { env: suite.env });
    if (r.code !== 0) throw new Error(`helm ${args.join(' ')} → ${r.code}\n${r.stderr}`);
    return r.stdout;
  };

  it('installs into a namespace it creates', async () => {
    await h('install', 'demo', demo, '-n', 'demo', '--create-namespace', '--set', 'extra=true');
    expect(live(suite.cluster, 'v1', 'Namespace', '', 'demo')?.status?.phase).toBe('Active');
    const cm = live(suite.cluster, 'v1', 'ConfigMap', 'demo', 'demo');
    expect(cm.data).toEqual({ message: 'hello' });
    expect(cm.metadata.labels.extra).toBe('yes');
    const secret = live(suite.cluster, 'v1', 'Secret', 'demo', 'demo');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
    expect(secret.stringData).toBeUndefined();
    const rel = live(suite.cluster, 'v1', 'Secret', 'demo', 'sh.helm.release.v1.demo.v1');
    expect(rel.metadata.labels).toMatchObject({ name: 'demo', owner: 'helm', status: 'deployed', version: '1' });
    expect(decodeRelease(rel).name).toBe('demo');
    // The protobuf release Secret and SSA (helm 4) / POST (helm 3) are what went over the wire.
    expect(suite.cluster.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/namespaces/demo/secrets' && r.contentType.includes('protobuf'))).toBe(true);
    const deployWrite = suite.cluster.requests.find((r) => r.path.startsWith('/apis/apps/v1/namespaces/demo/deployments') && r.method !== 'GET');
    // helm 4 creates through server-side apply, helm 3 with a POST.
    expect(deployWrite && [deployWrite.method, deployWrite.contentType]).toEqual(major === 4 ? ['PATCH', 'application/apply-patch+yaml'] : ['POST', 'application/json']);
  });

  it('upgrades with changed values and drops the fields no longer rendered', async () => {
    await h('upgrade', '--install', 'demo', demo, '-n', 'demo', '--set', 'message=world', '--set', 'replicaCount=2');
    const cm = live(suite.cluster, 'v1', 'ConfigMap', 'demo', 'demo');
    expect(cm.data.message).toBe('world');
    expect(cm.metadata.labels.extra).toBeUndefined();
    const dep = live(suite.cluster, 'apps/v1', 'Deployment', 'demo', 'demo');
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['MESSAGE', 'PASSWORD']);
    expect(dep.metadata.generation).toBe(2);
  });

  it('answers list, get manifest, get values, history and status', async () => {
    const list = JSON.parse(await h('list', '-A', '-o', 'json'));
    expect(list).toEqual([expect.objectContaining({ name: 'demo', namespace: 'demo', revision: '2', status: 'deployed', chart: 'demo-0.1.0', app_version: '1.16.0' })]);
    expect(await h('get', 'manifest', 'demo', '-n', 'demo')).toContain('kind: Deployment');
    expect(JSON.parse(await h('get', 'values', 'demo', '-n', 'demo', '-o', 'json'))).toEqual({ message: 'world', replicaCount: 2 });
    const history = JSON.parse(await h('history', 'demo', '-n', 'demo', '-o', 'json'));
    expect(history.map((r: any) => r.status)).toEqual(['superseded', 'deployed']);
    const status = JSON.parse(await h('status', 'demo', '-n', 'demo', '-o', 'json'));
    expect(status.info.status).toBe('deployed');
  });

  it('rolls back to the first revision, restoring dropped fields in order', async () => {
    await h('rollback', 'demo', '1', '-n', 'demo');
    const dep = live(suite.cluster, 'apps/v1', 'Deployment', 'demo', 'demo');
    expect(dep.spec.replicas).toBe(1);
    expect(dep.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['EXTRA', 'MESSAGE', 'PASSWORD']);
    expect(dep.metadata.generation).toBe(3);
    expect(live(suite.cluster, 'v1', 'ConfigMap', 'demo', 'demo').metadata.labels.extra).toBe('yes');
    const history = JSON.parse(await h('history', 'demo', '-n', 'demo', '-o', 'json'));
    expect(history[2]).toMatchObject({ revision: 3, status: 'deployed', description: 'Rollback to 1' });
  });

  it('is readable with kubectl get (List and Table)', async () => {
    const all = await kubectlJson(suite.cluster, kubectl, ['get', 'deploy,svc,cm', '-n', 'demo'], suite.env);
    expect(all.kind).toBe('List');
    expect(all.items.map((i: any) => i.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'Service']);
    const table = await suite.cluster.exec(kubectl, ['get', 'deploy,svc', '-n', 'demo'], { env: suite.env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(table.stdout).toMatch(/service\/demo\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP/);
  });

  it('uninstalls: objects, release Secrets and owned ReplicaSets/Pods are gone', async () => {
    expect(names(suite.cluster, 'apps/v1', 'ReplicaSet', 'demo').length).toBeGreaterThan(0);
    await h('uninstall', 'demo', '-n', 'demo');
    for (const [av, kind] of [['v1', 'Secret'], ['v1', 'ConfigMap'], ['v1', 'Service'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'], ['v1', 'Pod']]) {
      expect(names(suite.cluster, av!, kind!, 'demo').filter((n) => n !== 'kube-root-ca.crt')).toEqual([]);
    }
    expect(JSON.parse(await h('list', '-A', '-o', 'json'))).toEqual([]);
    const r = await suite.cluster.exec(kubectl, ['get', 'all', '-n', 'demo'], { env: suite.env });
    expect(r.stderr).toContain('No resources found in demo namespace.');
  });
});
