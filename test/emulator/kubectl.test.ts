/**
 * Reference §2.2: kubectl 1.33 and 1.31 against the emulator — namespaces
 * (1.33 sends protobuf), get (List/Table), server-side and client-side apply,
 * diff exit codes, scale → SSA conflict → --force-conflicts, rollout status,
 * wait, patch, label, selectors, delete with GC and namespace cascade.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolset, type HelmMajor } from '../support/binaries.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { chart, kubectlJson, live, names, until } from './helpers.js';

describe.each([4, 3] as HelmMajor[])('kubectl of toolset %i', (major) => {
  const { kubectl, helm } = toolset(major);
  const ns = `kt${major}`;
  const createNs = `kt${major}-create`;
  let cluster: Cluster;
  let env: Record<string, string>;
  let m1: string;
  let m2: string;

  beforeAll(async () => {
    cluster = await startCluster({ controllerDelayMs: 50, recordBodies: true });
    const dir = mkdtempSync(join(tmpdir(), 'emu-manifests-'));
    const render = async (...set: string[]) => {
      const r = await cluster.exec(helm, ['template', 'demo', chart('demo'), '-n', ns, '--skip-tests', ...set.flatMap((s) => ['--set', s])]);
      if (r.code !== 0) throw new Error(r.stderr);
      return r.stdout;
    };
    m1 = join(dir, 'm1.yaml');
    m2 = join(dir, 'm2.yaml');
    writeFileSync(m1, await render());
    writeFileSync(m2, await render('replicaCount=3', 'message=changed'));
    expect((await cluster.exec(kubectl, ['create', 'namespace', createNs])).code).toBe(0);
  });
  afterAll(async () => cluster.stop());
  beforeEach(() => {
    env = cluster.newEnv();
  });

  const k = (...args: string[]) => cluster.exec(kubectl, args, { env });

  it('creates a namespace once, then reports AlreadyExists', async () => {
    expect((await k('create', 'namespace', ns)).code).toBe(0);
    const again = await k('create', 'namespace', ns);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Error from server (AlreadyExists): namespaces "${ns}" already exists`);
    const post = cluster.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/namespaces');
    expect(post?.contentType).toBe(major === 4 ? 'application/vnd.kubernetes.protobuf' : 'application/json');
  });

  it('kubectl create secret/configmap/serviceaccount work (protobuf bodies from 1.33)', async () => {
    expect((await k('create', 'secret', 'generic', 's1', '-n', ns, '--from-literal=a=b')).code).toBe(0);
    expect((await k('create', 'configmap', 'c1', '-n', ns, '--from-literal=a=b')).code).toBe(0);
    expect((await k('create', 'serviceaccount', 'sa1', '-n', ns)).code).toBe(0);
    expect(Buffer.from(live(cluster, 'v1', 'Secret', ns, 's1').data.a, 'base64').toString()).toBe('b');
    expect(live(cluster, 'v1', 'ConfigMap', ns, 'c1').data).toEqual({ a: 'b' });
    expect(live(cluster, 'v1', 'ServiceAccount', ns, 'sa1')).toBeDefined();
    expect((await k('delete', 'secret/s1', 'configmap/c1', 'serviceaccount/sa1', '-n', ns)).code).toBe(0);
  });

  // The typed create commands of kubectl 1.33 send protobuf: each decoded body must equal what kubectl would send as JSON.
  it.each([
    ['deployment', 'd1', '--image=nginx:1.27', '--replicas=2', '--port=80'],
    ['job', 'j1', '--image=busybox', '--', 'echo', 'hi'],
    ['cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'echo', 'hi'],
    ['service', 'clusterip', 'svc1', '--tcp=80:8080'],
    ['service', 'nodeport', 'np1', '--tcp=80:8080', '--node-port=30080'],
    ['role', 'r1', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=x'],
    ['clusterrole', 'cr1', '--verb=get', '--resource=nodes'],
    ['rolebinding', 'rb1', '--role=r1', '--user=alice', `--serviceaccount=default:sa`],
    ['clusterrolebinding', 'crb1', '--clusterrole=cr1', '--group=devs'],
    ['priorityclass', 'pc1', '--value=1000', '--description=test class'],
    ['quota', 'q1', '--hard=pods=10,cpu=2,memory=1Gi'],
    ['poddisruptionbudget', 'pdb1', '--selector=app=x', '--min-available=50%'],
  ])('kubectl create %s decodes to the JSON kubectl would send', async (...args: string[]) => {
    // Our flags go before a `--` that starts the container command.
    const dd = args.indexOf('--');
    const withFlags = (...flags: string[]) => (dd < 0 ? [...args, ...flags] : [...args.slice(0, dd), ...flags, ...args.slice(dd)]);
    const dry = await k('create', ...withFlags('-n', createNs, '--dry-run=client', '-o', 'json'));
    expect(dry.code).toBe(0);
    const noNulls = (_k: string, v: unknown) => (v === null ? undefined : v);
    const want = JSON.parse(dry.stdout, noNulls);
    delete want.status;
    const before = cluster.requests.length;
    const r = await k('create', ...withFlags('-n', createNs));
    expect(r.stderr).toBe('');
    const post = cluster.requests.slice(before).find((q) => q.method === 'POST');
    expect(post?.contentType).toBe(major === 4 ? 'application/vnd.kubernetes.protobuf' : 'application/json');
    const got = JSON.parse(JSON.stringify(post!.object), noNulls);
    delete got.status;
    expect(got).toEqual(want);
  });

  it('applies server-side, reads back with get -f, and diffs with the right exit codes', async () => {
    const a = await k('apply', '--server-side', '-f', m1, '-n', ns);
    expect(a.code).toBe(0);
    expect(a.stdout.match(/serverside-applied/g)).toHaveLength(4);
    expect((await k('get', '-f', m1, '-n', ns, '-o', 'json')).code).toBe(0);
    const same = await k('diff', '-f', m1, '-n', ns);
    expect([same.code, same.stdout]).toEqual([0, '']);
    const sameSsa = await k('diff', '--server-side', '-f', m1, '-n', ns);
    expect([sameSsa.code, sameSsa.stdout]).toEqual([0, '']);
    const changed = await k('diff', '-f', m2, '-n', ns);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/-\s+replicas: 1\n\+\s+replicas: 3/);
    expect(changed.stdout).toMatch(/-\s+generation: 1\n\+\s+generation: 2/);
    const changedSsa = await k('diff', '--server-side', '-f', m2, '-n', ns);
    expect(changedSsa.code).toBe(1);
    expect(changedSsa.stdout).toContain('+  message: changed');
    // diff is a dry run: nothing changed.
    expect(live(cluster, 'apps/v1', 'Deployment', ns, 'demo').spec.replicas).toBe(1);
  });

  it('kubectl scale makes the next server-side apply conflict until --force-conflicts', async () => {
    expect((await k('apply', '--server-side', '-f', m2, '-n', ns)).code).toBe(0);
    expect(live(cluster, 'v1', 'ConfigMap', ns, 'demo').data.message).toBe('changed');
    expect((await k('scale', 'deploy', 'demo', '-n', ns, '--replicas=5')).code).toBe(0);
    expect(live(cluster, 'apps/v1', 'Deployment', ns, 'demo').spec.replicas).toBe(5);
    const conflict = await k('apply', '--server-side', '-f', m2, '-n', ns);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.replicas/);
    const forced = await k('apply', '--server-side', '--force-conflicts', '-f', m2, '-n', ns);
    expect(forced.code).toBe(0);
    const dep = live(cluster, 'apps/v1', 'Deployment', ns, 'demo');
    expect(dep.spec.replicas).toBe(3);
    expect(dep.metadata.managedFields.map((m: any) => m.manager)).toEqual(['kubectl']);
  });

  it('get -w prints Table rows for watch events', async () => {
    const watching = cluster.exec(kubectl, ['get', 'cm', '-n', ns, '-w'], { env, timeoutMs: 2500 });
    await new Promise((r) => setTimeout(r, 800));
    expect((await k('create', 'configmap', 'watched', '-n', ns, '--from-literal=a=b')).code).toBe(0);
    const out = (await watching).stdout;
    expect(out).toMatch(/^NAME\s+DATA\s+AGE\n/);
    expect(out).toMatch(/\nwatched\s+1\s+\d+s\n/);
    expect(out.match(/NAME/g)).toHaveLength(1);
    expect((await k('delete', 'configmap', 'watched', '-n', ns)).code).toBe(0);
  });

  it('answers auth can-i (no authorization) and empty pod logs', async () => {
    const can = await k('auth', 'can-i', 'delete', 'deployments', '-n', ns);
    expect([can.code, can.stdout.trim()]).toEqual([0, 'yes']);
    const logs = await k('logs', 'deploy/demo', '-n', ns);
    expect(logs.code).toBe(0);
  });

  it('waits for rollouts and conditions', async () => {
    expect((await k('rollout', 'status', 'deploy/demo', '-n', ns, '--timeout=20s')).code).toBe(0);
    expect((await k('wait', '--for=condition=Available', 'deploy/demo', '-n', ns, '--timeout=20s')).code).toBe(0);
  });

  it('patches, labels and selects', async () => {
    expect((await k('patch', 'cm', 'demo', '-n', ns, '--type=json', '-p', '[{"op":"add","path":"/data/k","value":"v"}]')).code).toBe(0);
    expect((await k('patch', 'cm', 'demo', '-n', ns, '--type=merge', '-p', '{"data":{"m":"n"}}')).code).toBe(0);
    expect((await k('label', 'cm', 'demo', '-n', ns, 'foo=bar')).code).toBe(0);
    expect(live(cluster, 'v1', 'ConfigMap', ns, 'demo').data).toEqual({ message: 'changed', k: 'v', m: 'n' });
    const sel = await kubectlJson(cluster, kubectl, ['get', 'cm', '-n', ns, '-l', 'foo=bar'], env);
    expect(sel.items.map((i: any) => i.metadata.name)).toEqual(['demo']);
    const notSel = await kubectlJson(cluster, kubectl, ['get', 'cm', '-n', ns, '-l', 'foo notin (bar),!missing'], env);
    expect(notSel.items.map((i: any) => i.metadata.name)).toEqual(['kube-root-ca.crt']);
    const pods = await kubectlJson(cluster, kubectl, ['get', 'pods', '-n', ns, '--field-selector=status.phase=Running'], env);
    expect(pods.items).toHaveLength(3);
  });

  it('client-side apply: NotFound namespace, created, configured, then CSA→SSA conflicts', async () => {
    const csaNs = `${ns}-csa`;
    const missing = await k('apply', '-f', m1, '-n', csaNs);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`namespaces "${csaNs}" not found`);
    expect((await k('create', 'namespace', csaNs)).code).toBe(0);
    const created = await k('apply', '-f', m1, '-n', csaNs);
    expect(created.code).toBe(0);
    expect(created.stdout.match(/created/g)).toHaveLength(4);
    const configured = await k('apply', '-f', m2, '-n', csaNs);
    expect(configured.code).toBe(0);
    expect(configured.stdout).toMatch(/deployment.apps\/demo configured/);
    expect(configured.stdout).toMatch(/service\/demo unchanged/);
    expect(live(cluster, 'apps/v1', 'Deployment', csaNs, 'demo').metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();
    const ssa = await k('apply', '--server-side', '-f', m1, '-n', csaNs);
    expect(ssa.code).toBe(1);
    expect(ssa.stderr).toContain('conflicts with "kubectl-client-side-apply" using apps/v1 at');
    expect(ssa.stderr).toMatch(/Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps\/v1 at \S+Z:\n- \.spec\.replicas\n- \.spec\.template\.metadata\.annotations\.checksum\/config/);
    const forced = await k('apply', '--server-side', '--force-conflicts', '-f', m1, '-n', csaNs);
    expect(forced.code).toBe(0);
    const managers = live(cluster, 'apps/v1', 'Deployment', csaNs, 'demo').metadata.managedFields.map((m: any) => m.manager).sort();
    expect(managers).toEqual(['kubectl', 'kubectl-last-applied']);
  });

  it('finalizers hold objects and their namespace (Terminating) until removed', async () => {
    const fns = `${ns}-fin`;
    expect((await k('create', 'namespace', fns)).code).toBe(0);
    const held = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: ${fns}\n  finalizers: [example.com/keep]\n`;
    expect((await cluster.exec(kubectl, ['apply', '-f', '-'], { env, input: held })).code).toBe(0);
    expect((await k('delete', 'namespace', fns, '--wait=false')).code).toBe(0);
    await until(() => names(cluster, 'v1', 'ConfigMap', fns).join() === 'held');
    expect(live(cluster, 'v1', 'ConfigMap', fns, 'held').metadata.deletionTimestamp).toBeDefined();
    const ns0 = await kubectlJson(cluster, kubectl, ['get', 'namespace', fns], env);
    expect(ns0.status.phase).toBe('Terminating');
    const blocked = await k('create', 'configmap', 'late', '-n', fns);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`unable to create new content in namespace ${fns} because it is being terminated`);
    expect((await k('patch', 'configmap', 'held', '-n', fns, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]')).code).toBe(0);
    await until(() => live(cluster, 'v1', 'Namespace', '', fns) === undefined);
    expect(names(cluster, 'v1', 'ConfigMap', fns)).toEqual([]);
  });

  it('deletes with garbage collection and namespace cascade', async () => {
    expect(names(cluster, 'apps/v1', 'ReplicaSet', ns).length).toBeGreaterThan(0);
    expect((await k('delete', '-f', m2, '-n', ns)).code).toBe(0);
    expect(names(cluster, 'apps/v1', 'ReplicaSet', ns)).toEqual([]);
    expect(names(cluster, 'v1', 'Pod', ns)).toEqual([]);
    expect((await k('delete', 'namespace', ns)).code).toBe(0);
    expect(names(cluster, 'v1', 'ConfigMap', ns)).toEqual([]);
    const nsList = await k('get', 'ns');
    expect(nsList.stdout).not.toContain(`${ns} `);
    expect(nsList.stdout).toMatch(/default\s+Active/);
  });
});
