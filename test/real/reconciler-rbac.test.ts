/**
 * `helmsync reconciler manifests` on the real control plane (issue 15): the
 * printed objects apply with `kubectl apply --server-side`; a kubeconfig made
 * from the reconciler's ServiceAccount token (TokenRequest API, `kubectl create
 * token`) is enough for `helmsync reconcile --once` to install and then keep
 * the fixture's releases, and not more: writes outside what the releases render
 * (another namespace, another kind, a release the manifests were not made for)
 * are refused by the API server's RBAC. Under helm 3 and helm 4, each with its
 * own environment (so its own ServiceAccount, Roles and namespaces).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { runCli, sandbox, type CliResult, type Sandbox } from '../support/cli.js';
import { startTestCluster, type TestCluster } from '../support/test-cluster.js';

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  'templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector: {app: {{ .Release.Name }}}\n  ports: [{port: 80}]\n',
  'templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: {{ .Release.Name }}}}\n  template:\n    metadata: {labels: {app: {{ .Release.Name }}}}\n    spec:\n      containers: [{name: app, image: "nginx:1.27"}]\n',
  'values.yaml': 'greeting: hello\n',
};

const FILE = (extra = '') => `environments:
  h4: {}
  h3: {}
---
releases:
  - name: web
    namespace: rbac-{{ .Environment.Name }}-web
    chart: ./app
  - name: db
    namespace: rbac-{{ .Environment.Name }}-data
    chart: ./app
    values: [{greeting: hi}]
${extra}`;

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({ kind: 'real' });
}, 240_000);
afterAll(async () => {
  await cluster?.stop();
});

describe.each(HELM_MAJORS)('reconciler manifests with helm %i', (major) => {
  const env = `h${major}`;
  const { helm, kubectl } = toolset(major);
  let sb: Sandbox;
  let dir: string;
  let saKubeconfig: string;
  const admin = (args: string[], input?: string) => cluster.exec(kubectl, args, { input });
  const asReconciler = (args: string[]) => cluster.exec(kubectl, ['--kubeconfig', saKubeconfig, ...args]);
  const hs = (args: string[], kubeconfig: string): Promise<CliResult> =>
    runCli(['-e', env, ...args, '--helm-binary', helm, ...(args[0] === 'reconcile' ? ['--kubectl-binary', kubectl] : [])], { cwd: dir, env: { ...sb.env, KUBECONFIG: kubeconfig } });
  const explain = (r: CliResult) => ({ code: r.exitCode, out: r.exitCode > 2 || r.exitCode === 1 ? r.all : '' });

  beforeAll(() => {
    sb = sandbox(`helmsync-reconciler-${major}-`);
    dir = join(sb.dir, 'deploy');
    for (const [p, text] of Object.entries(CHART)) {
      mkdirSync(join(dir, 'app', p, '..'), { recursive: true });
      writeFileSync(join(dir, 'app', p), text);
    }
    writeFileSync(join(dir, 'helmfile.yaml.gotmpl'), FILE());
  });
  afterAll(() => sb?.cleanup());

  it('prints objects that apply with kubectl apply --server-side, RBAC granting what the releases render', async () => {
    const r = await hs(['reconciler', 'manifests', '--image', 'helmsync:test', '--configmap', 'deploy-files'], cluster.kubeconfigPath);
    expect(explain(r)).toEqual({ code: 0, out: '' });
    const objects = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, any>).filter(Boolean);
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    const name = `helmsync-${env}`;
    expect(ids).toEqual(
      expect.arrayContaining([
        `Namespace//rbac-${env}-web`,
        `ServiceAccount/helmsync-system/${name}`,
        `ClusterRole//${name}`,
        `Role/rbac-${env}-web/${name}`,
        `Role/rbac-${env}-data/${name}`,
        `Role/default/${name}-lock`,
        `Deployment/helmsync-system/${name}`,
        `PodDisruptionBudget/helmsync-system/${name}`,
        `Service/helmsync-system/${name}-metrics`,
      ]),
    );
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.namespace === `rbac-${env}-web`)!;
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'secrets', 'services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['events', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
    ]);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const c = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(1);
    expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path, c.ports[0].containerPort]).toEqual(['/healthz', '/readyz', 9090]);
    expect(c.args).toEqual(['reconcile', '-f', '/srv/helmsync/helmfile.yaml.gotmpl', '-e', env, '--interval', '5m', '--listen', '0.0.0.0:9090', '--lock-namespace', 'default']);

    const applied = await admin(['apply', '--server-side', '--field-manager', 'rbac-test', '-f', '-'], r.stdout);
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    expect(applied.stdout).toContain(`deployment.apps/${name} serverside-applied`);

    const token = await admin(['create', 'token', name, '-n', 'helmsync-system', '--duration', '1h']);
    expect(token.code).toBe(0);
    saKubeconfig = join(sb.dir, 'reconciler.kubeconfig');
    writeFileSync(
      saKubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "${cluster.url}", certificate-authority: "${cluster.real!.caPath}"}\nusers:\n- name: sa\n  user: {token: "${token.stdout.trim()}"}\ncontexts:\n- name: in-cluster\n  context: {cluster: c, user: sa, namespace: default}\ncurrent-context: in-cluster\n`,
      { mode: 0o600 },
    );
    expect((await asReconciler(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).stdout).toBe(`system:serviceaccount:helmsync-system:${name}`);
  });

  it("reconcile --once with the ServiceAccount's token installs the releases, then finds nothing to do", async () => {
    const first = await hs(['reconcile', '--once'], saKubeconfig);
    expect(explain(first)).toEqual({ code: 2, out: '' });
    const stored = await cluster.releases(`rbac-${env}-web`);
    expect(stored.map((s) => [s.name, s.info.status])).toEqual([['web', 'deployed']]);
    expect((await cluster.get('v1', 'ConfigMap', `rbac-${env}-data`, 'db'))?.data).toEqual({ greeting: 'hi' });
    const again = await hs(['reconcile', '--once'], saKubeconfig);
    expect(explain(again)).toEqual({ code: 0, out: '' });
  });

  it('refuses writes outside the RBAC: another namespace, another kind, a release the manifests were not made for', async () => {
    const forbidden = async (args: string[]) => {
      const r = await asReconciler(args);
      return { code: r.code, forbidden: /forbidden/i.test(r.stderr) };
    };
    expect(await forbidden(['create', 'configmap', 'probe', '-n', 'default'])).toEqual({ code: 1, forbidden: true });
    expect(await forbidden(['create', 'secret', 'generic', 'probe', '-n', 'kube-system'])).toEqual({ code: 1, forbidden: true });
    expect(await forbidden(['create', 'role', 'probe', '--verb', 'get', '--resource', 'pods', '-n', `rbac-${env}-web`])).toEqual({ code: 1, forbidden: true });
    expect(await forbidden(['delete', 'namespace', `rbac-${env}-web`])).toEqual({ code: 1, forbidden: true });
    expect((await asReconciler(['auth', 'can-i', 'create', 'deployments.apps', '-n', `rbac-${env}-web`])).stdout.trim()).toBe('yes');
    expect((await asReconciler(['auth', 'can-i', 'create', 'leases.coordination.k8s.io', '-n', 'default'])).stdout.trim()).toBe('yes');
    expect((await asReconciler(['auth', 'can-i', 'create', 'leases.coordination.k8s.io', '-n', 'kube-system'])).stdout.trim()).toBe('no');

    // A release added to the file after the manifests were made: its namespace is not granted.
    writeFileSync(join(dir, 'helmfile.yaml.gotmpl'), FILE(`  - name: extra\n    namespace: rbac-{{ .Environment.Name }}-extra\n    chart: ./app\n`));
    try {
      const r = await hs(['reconcile', '--once'], saKubeconfig);
      expect(r.exitCode).toBe(1);
      expect(r.all).toMatch(/forbidden/i);
      expect(await cluster.releases(`rbac-${env}-extra`)).toEqual([]);
      expect((await cluster.releases(`rbac-${env}-web`)).map((s) => s.version)).toEqual([1]);
    } finally {
      writeFileSync(join(dir, 'helmfile.yaml.gotmpl'), FILE());
    }
  });
});
