/**
 * The objects that run `helmsync reconcile` inside a cluster (issue 15), pure:
 * a ServiceAccount with least-privilege RBAC (what the releases render, per
 * namespace; helm's release storage, Secrets in each release namespace; the
 * one-writer Lease in the lock namespace), a kubeconfig whose contexts are the
 * names the releases file uses, pointing at the in-cluster API with the
 * ServiceAccount's token, the source (a git checkout refreshed with --pull, or a
 * mounted ConfigMap), one replica with probes on /healthz and /readyz, the
 * metrics port and a PodDisruptionBudget.
 */
import { stringify } from 'yaml';
import type { TargetResources } from './resources.js';

export const METRICS_PORT = 9090;
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const KUBECONFIG_DIR = '/etc/helmsync/kubeconfig';
const SOURCE_DIR = '/srv/helmsync';
const HOME_DIR = '/var/lib/helmsync';

export type ReconcilerSource = { git: { url: string; ref: string } } | { configMap: string };

export interface ReconcilerSpec {
  /** The environment this reconciler runs (`reconcile -e`). */
  environment: string;
  /** Context names the releases file uses on this cluster (kubeContext:), '' for none. */
  kubeContexts: string[];
  image: string;
  /** Namespace the reconciler runs in. */
  namespace: string;
  /** Namespace of the one-writer Lease (`--lock-namespace`). */
  lockNamespace: string;
  source: ReconcilerSource;
  /** The releases file inside the checkout or the ConfigMap (relative). */
  path: string;
  /** `reconcile --interval`. */
  interval: string;
  /** What the releases write. */
  targets: TargetResources;
}

type Obj = Record<string, unknown>;

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];

/** `helmsync-<environment>`, a valid object name. */
export function reconcilerName(environment: string): string {
  const n = `helmsync-${environment}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+$/, '');
  return n.slice(0, 63).replace(/-+$/, '');
}

/** RBAC rules from group/resources: one rule per API group, resources sorted. */
function rules(groupResources: Iterable<string>, verbs: string[]): Obj[] {
  const byGroup = new Map<string, Set<string>>();
  for (const gr of groupResources) {
    const i = gr.indexOf('/');
    const g = gr.slice(0, i);
    if (!byGroup.has(g)) byGroup.set(g, new Set());
    byGroup.get(g)!.add(gr.slice(i + 1));
  }
  return [...byGroup.keys()].sort().map((g) => ({ apiGroups: [g], resources: [...byGroup.get(g)!].sort(), verbs }));
}

/** The in-cluster kubeconfig: every context name the file uses resolves to this cluster. */
export function inClusterKubeconfig(kubeContexts: readonly string[]): string {
  const names = [...new Set(kubeContexts.map((c) => c || 'in-cluster'))].sort();
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'in-cluster', cluster: { server: 'https://kubernetes.default.svc', 'certificate-authority': `${SA_DIR}/ca.crt` } }],
    users: [{ name: 'helmsync', user: { tokenFile: `${SA_DIR}/token` } }],
    contexts: names.map((name) => ({ name, context: { cluster: 'in-cluster', user: 'helmsync', namespace: 'default' } })),
    'current-context': names.includes('in-cluster') ? 'in-cluster' : names[0],
  });
}

/** The reconciler's objects, in the order `kubectl apply` creates them. */
export function reconcilerObjects(s: ReconcilerSpec): Obj[] {
  const name = reconcilerName(s.environment);
  const labels = { 'app.kubernetes.io/name': 'helmsync', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'reconciler' };
  const meta = (extra: Obj = {}) => ({ name, namespace: s.namespace, labels, ...extra });
  const subject = [{ kind: 'ServiceAccount', name, namespace: s.namespace }];
  const roleRef = (kind: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
  const out: Obj[] = [];

  // Namespaces: the reconciler's own and every release namespace, so the Roles below have
  // a home (helm's --create-namespace then finds them; the reconciler never creates one).
  const namespaces = [...new Set([s.namespace, ...s.targets.namespaced.keys()])].sort();
  for (const ns of namespaces) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() });

  // Cluster-wide: the release namespaces (helm --create-namespace, Helmfile's default: helm 3
  // creates the namespace and takes AlreadyExists as success, helm 4 server-side applies it,
  // so get and patch only on these names; RBAC cannot limit create by name) and the
  // cluster-scoped kinds the releases render (CRDs, ClusterRoles…).
  const releaseNamespaces = [...s.targets.namespaced.keys()].sort();
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules: [
      ...(releaseNamespaces.length
        ? [
            { apiGroups: [''], resources: ['namespaces'], resourceNames: releaseNamespaces, verbs: ['get', 'patch'] },
            { apiGroups: [''], resources: ['namespaces'], verbs: ['create'] },
          ]
        : []),
      ...rules(s.targets.cluster, WRITE),
    ],
  });
  out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, labels }, roleRef: roleRef('ClusterRole'), subjects: subject });

  // Per release namespace: helm's storage (Secrets), what the releases render there, and
  // what helm --wait and drift detection read (pods, replica sets, events).
  for (const [ns, grs] of [...s.targets.namespaced.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const written = new Set([...grs, '/secrets']);
    const readOnly = ['/pods', '/events', 'apps/replicasets'].filter((gr) => !written.has(gr));
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: ns, labels },
      rules: [...rules(written, WRITE), ...rules(readOnly, READ)],
    });
    out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace: ns, labels }, roleRef: roleRef('Role'), subjects: subject });
  }

  // The one-writer Lease (src/lock): read, take and renew, in the lock namespace only.
  const lockName = `${name}-lock`;
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: lockName, namespace: s.lockNamespace, labels },
    rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
  });
  out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: lockName, namespace: s.lockNamespace, labels }, roleRef: { ...roleRef('Role'), name: lockName }, subjects: subject });

  out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta({ name: `${name}-kubeconfig` }), data: { config: inClusterKubeconfig(s.kubeContexts) } });

  const git = 'git' in s.source ? s.source.git : undefined;
  const file = git ? `${SOURCE_DIR}/repo/${s.path}` : `${SOURCE_DIR}/${s.path}`;
  const args = ['reconcile', '-f', file, '-e', s.environment, '--interval', s.interval, '--listen', `0.0.0.0:${METRICS_PORT}`, '--lock-namespace', s.lockNamespace, ...(git ? ['--pull'] : [])];
  const env = [
    { name: 'HOME', value: HOME_DIR },
    { name: 'KUBECONFIG', value: `${KUBECONFIG_DIR}/config` },
    { name: 'HELM_CACHE_HOME', value: `${HOME_DIR}/helm/cache` },
    { name: 'HELM_CONFIG_HOME', value: `${HOME_DIR}/helm/config` },
    { name: 'HELM_DATA_HOME', value: `${HOME_DIR}/helm/data` },
  ];
  const securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
  const mounts = [
    { name: 'kubeconfig', mountPath: KUBECONFIG_DIR, readOnly: true },
    { name: 'home', mountPath: HOME_DIR },
    { name: 'source', mountPath: SOURCE_DIR, ...(git ? {} : { readOnly: true }) },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  const volumes: Obj[] = [
    { name: 'kubeconfig', configMap: { name: `${name}-kubeconfig` } },
    { name: 'home', emptyDir: {} },
    { name: 'tmp', emptyDir: {} },
    git ? { name: 'source', emptyDir: {} } : { name: 'source', configMap: { name: (s.source as { configMap: string }).configMap } },
  ];
  const probe = (path: string, extra: Obj) => ({ httpGet: { path, port: 'metrics' }, ...extra });
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(),
    spec: {
      // One writer: never two pods at once (the Lease also refuses a second writer).
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
      template: {
        metadata: { labels, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/path': '/metrics' } },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: true,
          // SIGTERM stops starting releases and lets running helm calls finish (--shutdown-timeout 60s).
          terminationGracePeriodSeconds: 90,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          ...(git
            ? {
                initContainers: [
                  {
                    name: 'checkout',
                    image: s.image,
                    command: ['git', 'clone', '--branch', git.ref, '--single-branch', git.url, `${SOURCE_DIR}/repo`],
                    env,
                    securityContext,
                    volumeMounts: mounts.filter((m) => m.name !== 'kubeconfig'),
                  },
                ],
              }
            : {}),
          containers: [
            {
              name: 'reconcile',
              image: s.image,
              args,
              env,
              ports: [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }],
              livenessProbe: probe('/healthz', { periodSeconds: 20, failureThreshold: 3 }),
              readinessProbe: probe('/readyz', { periodSeconds: 10 }),
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext,
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta({ name: `${name}-metrics` }),
    spec: { selector: { 'app.kubernetes.io/instance': name }, ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: 'metrics' }] },
  });
  // One replica: the budget lets a drain evict it (it stops cleanly on SIGTERM, nothing is
  // left pending, and the next pod takes the Lease) instead of blocking the drain forever.
  out.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(),
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/instance': name } } },
  });
  return out;
}

/** A YAML stream of objects. */
export function toYamlStream(objects: readonly Obj[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}
