/**
 * Lease reads and writes through kubectl, the way src/cluster reads the
 * cluster: the kubeconfig and context of the run (so its credentials, exec
 * plugins and proxies apply), no shell, JSON in and out. Creates are POSTs
 * (`kubectl create`: AlreadyExists means another writer created it first);
 * replaces are PUTs carrying the resourceVersion the Lease was read at
 * (`kubectl replace`: Conflict means another writer wrote first). Neither is
 * retried here: the lock reads the Lease again and decides anew, which is
 * what makes a write whose answer was lost safe to repeat.
 */
import { asConnectionError } from '../cluster/observe.js';
import { isTransientReadFailure } from '../cluster/connection-errors.js';
import { kubectlConnectionArgs, type KubeConnection } from '../cluster/kubectl-argv.js';
import type { KubeTarget } from '../cluster/kubeconfig.js';
import { runRead } from '../cluster/read-retry.js';
import { ExternalCommandError, UserError } from '../errors/index.js';
import type { Runner, RunResult } from '../process/runner.js';
import { leaseObject, parseLease, type LeaseState, type LeaseWrite } from './lease.js';

/** The fully qualified type, so no CRD named `leases` can shadow it. */
export const LEASE_TYPE = 'leases.v1.coordination.k8s.io';

export type WriteOutcome = { ok: true; lease: LeaseState } | { ok: false; reason: 'exists' | 'conflict' | 'gone' };

/** What the lock needs from the API server. */
export interface LeaseApi {
  /** The Lease, or undefined when it does not exist. */
  get(namespace: string, name: string): Promise<LeaseState | undefined>;
  create(w: LeaseWrite): Promise<WriteOutcome>;
  /** PUT at `w.resourceVersion`. */
  replace(w: LeaseWrite): Promise<WriteOutcome>;
  /** Where it talks to, for messages: `context "x" (https://…)`. */
  readonly where: string;
}

/** `kubectl get leases.v1.coordination.k8s.io NAME -n NS --ignore-not-found -o json`. */
export function getLeaseArgv(c: KubeConnection, namespace: string, name: string): string[] {
  return [...kubectlConnectionArgs(c), 'get', LEASE_TYPE, name, '--namespace', namespace, '--ignore-not-found', '--output', 'json'];
}

/** `kubectl create|replace --filename - -o json` (the Lease on stdin). */
export function writeLeaseArgv(c: KubeConnection, verb: 'create' | 'replace'): string[] {
  return [...kubectlConnectionArgs(c), verb, '--filename', '-', '--output', 'json'];
}

/** An API failure a retry after a pause may cure (5xx, timeouts, dropped connections). */
export class TransientLeaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientLeaseError';
  }
}

export interface KubectlLeaseOptions {
  runner: Runner;
  kubectl: string;
  connection: KubeConnection;
  /** What the kubeconfig says about the context (names it and its server in errors). */
  target?: KubeTarget;
  env?: Record<string, string | undefined>;
  sleep?: (ms: number) => Promise<void>;
}

function describeTarget(c: KubeConnection, t: KubeTarget | undefined): string {
  const ctx = t?.context || c.context;
  const server = t?.server ? ` (${t.server})` : '';
  return ctx ? `context "${ctx}"${server}` : `the current context${server}`;
}

/** A LeaseApi that runs kubectl. */
export function kubectlLeaseApi(o: KubectlLeaseOptions): LeaseApi {
  const where = describeTarget(o.connection, o.target);
  const fail = (argv: string[], r: RunResult, what: string, namespace: string): never => {
    if (/\(Forbidden\)|forbidden/.test(r.stderr)) {
      throw new UserError(`not allowed to ${what} leases in namespace "${namespace}" (${where})`, {
        hint: `grant get, create and update on leases.coordination.k8s.io in "${namespace}" to the user of ${where}, or pick another namespace with --lock-namespace (--no-lock runs without the one-writer lock)`,
        cause: new ExternalCommandError('kubectl', argv, r.exitCode, r.stderr),
      });
    }
    if (/\(NotFound\).*namespaces? "/.test(r.stderr) || /namespaces "[^"]+" not found/.test(r.stderr)) {
      throw new UserError(`the lock namespace "${namespace}" does not exist (${where})`, {
        hint: `create it (kubectl create namespace ${namespace}) or pick another with --lock-namespace`,
        cause: new ExternalCommandError('kubectl', argv, r.exitCode, r.stderr),
      });
    }
    const err = new ExternalCommandError('kubectl', argv, r.killed ? undefined : r.exitCode, r.stderr);
    if (!r.killed && isTransientReadFailure(r.stderr)) throw new TransientLeaseError(`kubectl ${what} lease failed: ${r.stderr.trim().split('\n').pop()}`, { cause: err });
    throw asConnectionError(err, o.target);
  };
  const write = async (verb: 'create' | 'replace', w: LeaseWrite): Promise<WriteOutcome> => {
    const argv = writeLeaseArgv(o.connection, verb);
    const r = await o.runner.run(o.kubectl, argv, { env: o.env, input: JSON.stringify(leaseObject(w)) });
    if (r.exitCode === 0) return { ok: true, lease: parseLease(JSON.parse(r.stdout)) };
    if (/\(AlreadyExists\)/.test(r.stderr)) return { ok: false, reason: 'exists' };
    if (/\(Conflict\)/.test(r.stderr)) return { ok: false, reason: 'conflict' };
    if (/\(NotFound\)/.test(r.stderr) && !/namespaces? "/.test(r.stderr)) return { ok: false, reason: 'gone' };
    return fail(argv, r, verb === 'create' ? 'create' : 'update', w.namespace);
  };
  return {
    where,
    get: async (namespace, name) => {
      const argv = getLeaseArgv(o.connection, namespace, name);
      const r = await runRead({ runner: o.runner, env: o.env, ...(o.sleep ? { sleep: o.sleep } : {}) }, o.kubectl, argv);
      if (r.exitCode !== 0) return fail(argv, r, 'read', namespace);
      return r.stdout.trim() === '' ? undefined : parseLease(JSON.parse(r.stdout));
    },
    create: (w) => write('create', w),
    replace: (w) => write('replace', w),
  };
}
