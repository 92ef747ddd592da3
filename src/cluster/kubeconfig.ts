/**
 * Which cluster a kube context points at, read from the kubeconfig files the
 * way kubectl merges them (client-go clientcmd: KUBECONFIG is a list; for
 * maps such as contexts and clusters the first file that names an entry wins,
 * and the first file that sets `current-context` decides it). Used to name
 * the context and server in connection errors and to refuse a context that
 * does not exist before anything runs. Pure: the caller reads the files.
 */
import { parse } from 'yaml';

/** One kubeconfig file as read from disk. */
export interface KubeconfigFile {
  path: string;
  text: string;
}

/** What a context resolves to. */
export interface KubeTarget {
  /** The context name ('' when no file sets a current context and none was asked for). */
  context: string;
  /** The server URL of the context's cluster, when known. */
  server?: string;
  /** The user entry the context names. */
  user?: string;
  /** False when a context was asked for (or is current) but no file defines it. */
  contextExists: boolean;
  /** Every context the files define, sorted (for did-you-mean hints). */
  contexts: string[];
  /** The files that were read (in order). */
  files: string[];
}

interface NamedEntry {
  name?: unknown;
  context?: { cluster?: unknown; user?: unknown };
  cluster?: { server?: unknown };
}

function entries(doc: unknown, key: string): NamedEntry[] {
  const v = (doc as Record<string, unknown> | null)?.[key];
  return Array.isArray(v) ? (v.filter((e) => e && typeof e === 'object') as NamedEntry[]) : [];
}

/**
 * The kubeconfig paths kubectl would read: `--kubeconfig`, else the
 * `KUBECONFIG` list (':'-separated, empty entries skipped), else
 * `~/.kube/config`.
 */
export function kubeconfigPaths(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string[] {
  if (flag) return [flag];
  const list = (env.KUBECONFIG ?? '').split(':').filter(Boolean);
  if (list.length) return list;
  return env.HOME ? [`${env.HOME}/.kube/config`] : [];
}

/** Resolves `context` (or the current context) against the merged files. Unparsable files are skipped. */
export function resolveKubeTarget(files: readonly KubeconfigFile[], context?: string): KubeTarget {
  let current = '';
  const contexts = new Map<string, { cluster?: string; user?: string }>();
  const servers = new Map<string, string>();
  for (const f of files) {
    let doc: unknown;
    try {
      doc = parse(f.text);
    } catch {
      continue;
    }
    const cur = (doc as Record<string, unknown> | null)?.['current-context'];
    if (!current && typeof cur === 'string') current = cur;
    for (const e of entries(doc, 'contexts')) {
      if (typeof e.name !== 'string' || contexts.has(e.name)) continue;
      contexts.set(e.name, {
        ...(typeof e.context?.cluster === 'string' ? { cluster: e.context.cluster } : {}),
        ...(typeof e.context?.user === 'string' ? { user: e.context.user } : {}),
      });
    }
    for (const e of entries(doc, 'clusters')) {
      if (typeof e.name === 'string' && !servers.has(e.name) && typeof e.cluster?.server === 'string') servers.set(e.name, e.cluster.server);
    }
  }
  const name = context || current;
  const ctx = contexts.get(name);
  const server = ctx?.cluster !== undefined ? servers.get(ctx.cluster) : undefined;
  return {
    context: name,
    ...(server ? { server } : {}),
    ...(ctx?.user ? { user: ctx.user } : {}),
    contextExists: name === '' || ctx !== undefined,
    contexts: [...contexts.keys()].sort(),
    files: files.map((f) => f.path),
  };
}
