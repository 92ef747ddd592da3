/**
 * kubectl and helm failures that mean "this cluster cannot be talked to"
 * (down, wrong address, bad credentials, unknown context, no kubeconfig),
 * recognised in their stderr and turned into ONE line that names the context
 * and the server, with a hint. kubectl repeats the same discovery error five
 * times (memcache.go) before its own summary; the raw text stays on the
 * error's cause, which `--debug` prints.
 *
 * Also: which read failures are transient (5xx, timeouts, dropped
 * connections), so a read may be retried. Writes are never retried here.
 */
import { UserError } from '../errors/index.js';
import type { KubeTarget } from './kubeconfig.js';

export type ClusterProblem = 'unreachable' | 'unauthorized' | 'no-context' | 'no-config' | 'tls';

export interface ClassifiedFailure {
  problem: ClusterProblem;
  /** The server address as the tool printed it, when it did. */
  server?: string;
  /** The short reason (`connection refused`, `no such host`, …). */
  reason: string;
}

const CONTEXT_MISSING = [/context was not found for specified context: (\S+)/, /context "([^"]+)" does not exist/, /no context exists with the name: "([^"]+)"/];
const UNAUTHORIZED = /\(Unauthorized\)|must be logged in to the server|asked for the client to provide credentials|\b401\b.*Unauthorized/i;
const TLS = /x509: |tls: failed to verify certificate|certificate signed by unknown authority|certificate is not valid for/i;
const UNREACHABLE_REASONS: [RegExp, string][] = [
  [/connect: connection refused|was refused - did you specify the right host or port/, 'connection refused'],
  [/no such host/, 'no such host'],
  [/no route to host/, 'no route to host'],
  [/network is unreachable/, 'network is unreachable'],
  [/i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded/, 'timed out'],
];

function serverIn(stderr: string): string | undefined {
  const url = /(?:Get|Post|Put|Patch|Delete) "?(https?:\/\/[^/"\s?]+)/.exec(stderr)?.[1];
  if (url) return url;
  return /The connection to the server (\S+) was refused/.exec(stderr)?.[1] ?? /dial tcp (?:[^:\s]+:)?(?:lookup )?([^\s:]+(?::\d+)?)/.exec(stderr)?.[1];
}

/** Recognises a cluster-connection failure in kubectl's or helm's stderr. */
export function classifyClusterFailure(stderr: string): ClassifiedFailure | undefined {
  for (const re of CONTEXT_MISSING) {
    const m = re.exec(stderr);
    if (m) return { problem: 'no-context', reason: `context "${m[1]}" does not exist` };
  }
  if (UNAUTHORIZED.test(stderr)) return { problem: 'unauthorized', reason: 'the credentials were rejected (401 Unauthorized)', ...withServer(stderr) };
  if (TLS.test(stderr)) {
    const reason = /x509: [^\n"]+|tls: [^\n"]+/.exec(stderr)?.[0] ?? 'TLS verification failed';
    return { problem: 'tls', reason, ...withServer(stderr) };
  }
  for (const [re, reason] of UNREACHABLE_REASONS) {
    if (!re.test(stderr)) continue;
    // kubectl without any kubeconfig talks to localhost:8080.
    if (/localhost:8080/.test(stderr)) return { problem: 'no-config', reason, server: 'localhost:8080' };
    return { problem: 'unreachable', reason, ...withServer(stderr) };
  }
  return undefined;
}

function withServer(stderr: string): { server?: string } {
  const s = serverIn(stderr);
  return s ? { server: s } : {};
}

/**
 * The one-line UserError for a classified failure. `target` is what the
 * kubeconfig says about the context (its server when the tool did not print
 * one); `cause` keeps the raw failure for `--debug`.
 */
export function clusterConnectionError(f: ClassifiedFailure, target: KubeTarget | undefined, cause: unknown): UserError {
  const ctx = target?.context ? `context "${target.context}"` : 'the current context';
  const server = target?.server ?? f.server;
  const at = server ? ` (${server})` : '';
  const files = target?.files.length ? target.files.join(':') : undefined;
  switch (f.problem) {
    case 'no-context': {
      const known = target?.contexts.length ? `contexts in the kubeconfig: ${target.contexts.join(', ')}` : 'the kubeconfig defines no contexts';
      return new UserError(`kube ${f.reason}${files ? ` in ${files}` : ''}`, {
        hint: `${known}; fix kubeContext: in the releases file or --kube-context, or point --kubeconfig/KUBECONFIG at the right file`,
        cause,
      });
    }
    case 'no-config':
      return new UserError(`no kubeconfig: kubectl fell back to ${f.server} (${f.reason})`, {
        hint: 'set KUBECONFIG or pass --kubeconfig (files read: ' + (files ?? 'none') + ')',
        cause,
      });
    case 'unauthorized':
      return new UserError(`the cluster of ${ctx}${at} rejected the credentials (401 Unauthorized)`, {
        hint: `renew the credentials${target?.user ? ` of user "${target.user}"` : ''} in the kubeconfig (kubectl --context ${target?.context || '<context>'} auth whoami tells what the server sees)`,
        cause,
      });
    case 'tls':
      return new UserError(`cannot verify the TLS certificate of the cluster of ${ctx}${at}: ${f.reason}`, {
        hint: 'check certificate-authority-data of the cluster in the kubeconfig',
        cause,
      });
    default:
      return new UserError(`cannot reach the cluster of ${ctx}${at}: ${f.reason}`, {
        hint: `check that the cluster is up and the server address in the kubeconfig is right (kubectl --context ${target?.context || '<context>'} cluster-info); --debug shows kubectl's output`,
        cause,
      });
  }
}

/**
 * Read failures worth another try: the API server answered 5xx or 429, or the
 * connection broke or timed out mid-request. Unreachable servers and
 * rejected credentials are not transient.
 */
export function isTransientReadFailure(stderr: string): boolean {
  return /Internal error occurred|\(InternalError\)|ServiceUnavailable|currently unable to handle the request|TooManyRequests|the server was unable to return a response|etcdserver: (request timed out|leader changed)|connection reset by peer|unexpected EOF|http2: client connection lost|\bEOF\b|i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded|\(Timeout\)/i.test(
    stderr,
  );
}
