/**
 * Read-only kubectl argv, built by pure functions (src/helm has no kubectl
 * facade; this is the one for reading what the cluster holds). Nothing here
 * writes to the cluster. The helm argv for the same reads (`helm list`/`helm
 * get`) lives in src/helm/argv-storage.ts: only src/helm builds helm argv.
 */

/** Which cluster to talk to: empty means kubectl's own defaults (KUBECONFIG, current context). */
export interface KubeConnection {
  /** `--kubeconfig` path. */
  kubeconfig?: string;
  /** `--context` (helm calls it `--kube-context`). */
  context?: string;
}

/** `--kubeconfig K --context C`. */
export function kubectlConnectionArgs(c: KubeConnection = {}): string[] {
  const out: string[] = [];
  if (c.kubeconfig) out.push('--kubeconfig', c.kubeconfig);
  if (c.context) out.push('--context', c.context);
  return out;
}

/** A label-selector value may only hold these characters (names are DNS-1123 labels). */
const LABEL_VALUE_RE = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export interface ReleaseStorageQuery {
  /** `secrets` (helm's default driver) or `configmaps` (HELM_DRIVER=configmap). */
  resource: 'secrets' | 'configmaps';
  /** One namespace, or every namespace (`-A`) when undefined. */
  namespace?: string;
  /** Only these releases (`name in (a,b)`); names that cannot be a label value are left to filter later. */
  names?: readonly string[];
  /** Leave superseded revisions out (the last revision is never superseded). */
  skipSuperseded?: boolean;
  /** Further custom-label equalities (`helmsync.dev/owner=team-a`); values must be label values. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * `kubectl get secrets -l owner=helm[,status!=superseded][,name in (a,b)] -A|-n NS -o json`:
 * every release record in one call, with helm's own labels narrowing it
 * server-side (helm labels its storage `owner=helm, name=<release>,
 * status=<status>, version=<revision>`).
 */
export function releaseStorageArgv(c: KubeConnection, q: ReleaseStorageQuery): string[] {
  const selector = ['owner=helm'];
  if (q.skipSuperseded) selector.push('status!=superseded');
  const names = q.names ?? [];
  if (names.length > 0 && names.every((n) => LABEL_VALUE_RE.test(n))) selector.push(`name in (${[...new Set(names)].sort().join(',')})`);
  for (const [k, v] of Object.entries(q.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) selector.push(`${k}=${v}`);
  return [
    ...kubectlConnectionArgs(c),
    'get',
    q.resource,
    ...(q.namespace === undefined ? ['--all-namespaces'] : ['--namespace', q.namespace]),
    '--selector',
    selector.join(','),
    '--output',
    'json',
  ];
}

/**
 * The fully qualified type kubectl resolves without ambiguity:
 * `deployment.v1.apps`, `widget.v1.example.com`; core kinds stay bare
 * (`configmap`) because kubectl has no qualified spelling for the core group.
 */
export function resourceTypeArg(ref: { apiVersion: string; kind: string }): string {
  const slash = ref.apiVersion.lastIndexOf('/');
  const kind = ref.kind.toLowerCase();
  if (slash < 0) return kind;
  return `${kind}.${ref.apiVersion.slice(slash + 1)}.${ref.apiVersion.slice(0, slash)}`;
}

/**
 * `kubectl get TYPE/NAME… --namespace NS --ignore-not-found -o json`: many
 * objects of one namespace in one call; absent objects are simply not listed.
 */
export function getObjectsArgv(c: KubeConnection, namespace: string, refs: readonly string[], opts: { ignoreNotFound?: boolean } = {}): string[] {
  return [...kubectlConnectionArgs(c), 'get', ...refs, '--namespace', namespace, ...(opts.ignoreNotFound === false ? [] : ['--ignore-not-found']), '--output', 'json'];
}

/**
 * `kubectl get --filename - --ignore-not-found -o json`: the objects named by
 * the minimal manifests on stdin, of every namespace (and cluster-scoped
 * ones) in one call; absent objects are not listed, and kinds the server does
 * not know are reported on stderr while the others still come back.
 */
export function getObjectsFromStdinArgv(c: KubeConnection, opts: { ignoreNotFound?: boolean } = {}): string[] {
  return [...kubectlConnectionArgs(c), 'get', '--filename', '-', ...(opts.ignoreNotFound === false ? [] : ['--ignore-not-found']), '--output', 'json'];
}
