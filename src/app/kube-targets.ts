/**
 * The kubeconfig as kubectl will read it (--kubeconfig, KUBECONFIG, ~/.kube/config),
 * read once per run and asked what each kube context points at: for the
 * context/server named in connection errors and the unknown-context check.
 */
import { kubeconfigPaths, resolveKubeTarget, type KubeconfigFile, type KubeTarget } from '../cluster/kubeconfig.js';
import type { Deps } from '../ports/index.js';

/** A memoised context → target lookup over the kubeconfig files that exist. */
export function kubeTargetResolver(kubeconfigFlag: string | undefined, deps: Pick<Deps, 'fs' | 'env'>): (context: string) => KubeTarget {
  let files: KubeconfigFile[] | undefined;
  const cache = new Map<string, KubeTarget>();
  return (context) => {
    files ??= kubeconfigPaths(kubeconfigFlag, deps.env).flatMap((path) => {
      try {
        return deps.fs.stat(path)?.isFile ? [{ path, text: deps.fs.readFile(path) }] : [];
      } catch {
        return [];
      }
    });
    let t = cache.get(context);
    if (!t) {
      t = resolveKubeTarget(files, context || undefined);
      cache.set(context, t);
    }
    return t;
  };
}
