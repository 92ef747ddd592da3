/**
 * argv for reading what helm stored (`helm list`, `helm get`): src/cluster's
 * fallback when kubectl cannot read the release storage. Pure: data in, argv out.
 */

/** Which cluster helm talks to: empty means helm's own defaults (KUBECONFIG, current context). */
export interface HelmConnection {
  /** `--kubeconfig` path. */
  kubeconfig?: string;
  /** `--kube-context`. */
  context?: string;
}

/** `--kubeconfig K --kube-context C` (helm's spelling of kubectl's `--context`). */
export function helmConnectionArgs(c: HelmConnection = {}): string[] {
  const out: string[] = [];
  if (c.kubeconfig) out.push('--kubeconfig', c.kubeconfig);
  if (c.context) out.push('--kube-context', c.context);
  return out;
}

/**
 * `helm list -o json -A|-n NS` with every state but superseded (fallback for
 * storage kubectl cannot read). Helm 4 dropped `--all`; the state flags exist
 * in both majors. `--max 0` lifts the 256-release page limit.
 */
export function helmListArgv(c: HelmConnection, namespace?: string): string[] {
  return [
    'list',
    ...helmConnectionArgs(c),
    ...(namespace === undefined ? ['--all-namespaces'] : ['--namespace', namespace]),
    '--deployed',
    '--failed',
    '--pending',
    '--uninstalling',
    '--uninstalled',
    '--max',
    '0',
    '--output',
    'json',
  ];
}

/** `helm get manifest|hooks|values NAME -n NS --revision R [-o json]`. */
export function helmGetArgv(c: HelmConnection, what: 'manifest' | 'hooks' | 'values' | 'metadata', name: string, namespace: string, revision: number): string[] {
  return [
    'get',
    what,
    name,
    ...helmConnectionArgs(c),
    '--namespace',
    namespace,
    '--revision',
    String(revision),
    ...(what === 'values' || what === 'metadata' ? ['--output', 'json'] : []),
  ];
}
