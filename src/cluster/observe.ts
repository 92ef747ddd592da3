/**
 * Everything `diff`/`apply`/`sync`/`status` need to know about the cluster
 * for a set of releases, read with the fewest calls: per kube context, one
 * `kubectl get secrets -A -l owner=helm,name in (…)` for the release records
 * (per namespace only when listing across namespaces is forbidden), and one
 * `kubectl get` per namespace for the live objects of ALL releases together.
 */
import { ExternalCommandError } from '../errors/index.js';
import { liveTargets, resourceId, type ReleaseRef } from '../diff/release-diff.js';
import type { JsonObject } from '../diff/manifest.js';
import type { ResourceKey } from '../diff/types.js';
import type { Runner } from '../process/runner.js';
import { classifyClusterFailure, clusterConnectionError } from './connection-errors.js';
import type { KubeConnection } from './kubectl-argv.js';
import type { KubeTarget } from './kubeconfig.js';
import { readLiveObjects } from './live-objects.js';
import type { ReleaseRecord } from './release-payload.js';
import { readReleaseRecords } from './release-records.js';

export interface ObserveInput {
  /** Caller's id for the release (the state's release id). */
  id: string;
  release: ReleaseRef;
  /** Rendered desired manifest; live objects are read for it when `readLive`. */
  desiredManifest?: string;
}

export interface ObserveOptions {
  runner: Runner;
  kubectl: string;
  helm?: string;
  /** `--kubeconfig`; the context comes from each release's `kubeContext`. */
  kubeconfig?: string;
  env?: Record<string, string | undefined>;
  /** HELM_DRIVER. */
  driver?: string;
  /** Read live objects for drift. */
  readLive?: boolean;
  /** Passed to {@link liveTargets}. */
  includeTests?: boolean;
  noHooks?: boolean;
  signal?: AbortSignal;
  /** Told when something could not be read and was skipped (no kubectl: no drift). */
  onWarning?: (message: string) => void;
  /**
   * What the kubeconfig says about a context ('' = the current one): names
   * context and server in connection errors, and refuses an unknown context
   * before kubectl runs.
   */
  describeContext?: (context: string) => KubeTarget;
  /** Waits between retries of transient read failures. */
  sleep?: (ms: number) => Promise<void>;
  /** Live objects of all namespaces in one `kubectl get --filename -`. */
  liveInOneCall?: boolean;
  /** Records are already known (read moments ago): read only live objects. */
  skipRecords?: boolean;
}

export interface Observed {
  /** Last revision, undefined when the release was never installed. */
  record?: ReleaseRecord;
  /** Live objects of the desired manifest, by resource id (when `readLive`). */
  live?: Map<string, JsonObject | null>;
}

/** Reads records (and live objects) for every input; the map has an entry per input id. */
export async function observeReleases(inputs: readonly ObserveInput[], opts: ObserveOptions): Promise<Map<string, Observed>> {
  const out = new Map<string, Observed>();
  const byContext = new Map<string, ObserveInput[]>();
  for (const i of inputs) {
    const ctx = i.release.kubeContext ?? '';
    byContext.set(ctx, [...(byContext.get(ctx) ?? []), i]);
  }
  await Promise.all([...byContext].map(([ctx, group]) => observeContext(ctx, group, opts, out).catch((e: unknown) => Promise.reject(asConnectionError(e, opts.describeContext?.(ctx))))));
  return out;
}

/** A kubectl failure that means the cluster cannot be talked to, as one clear UserError; anything else unchanged. */
export function asConnectionError(e: unknown, target: KubeTarget | undefined): unknown {
  if (!(e instanceof ExternalCommandError)) return e;
  const f = classifyClusterFailure(e.stderr);
  return f ? clusterConnectionError(f, target, e) : e;
}

async function observeContext(context: string, group: ObserveInput[], opts: ObserveOptions, out: Map<string, Observed>): Promise<void> {
  const target = opts.describeContext?.(context);
  if (target && !target.contextExists && target.files.length) {
    throw clusterConnectionError({ problem: 'no-context', reason: `context "${target.context}" does not exist` }, target, undefined);
  }
  const connection: KubeConnection = { ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(context ? { context } : {}) };
  const base = { runner: opts.runner, kubectl: opts.kubectl, helm: opts.helm, connection, env: opts.env, driver: opts.driver, signal: opts.signal, sleep: opts.sleep };
  const names = [...new Set(group.map((i) => i.release.name))];
  const namespaces = [...new Set(group.map((i) => i.release.namespace))];
  const targets = new Map<string, ResourceKey[]>();
  if (opts.readLive) {
    for (const i of group) if (i.desiredManifest !== undefined) targets.set(i.id, liveTargets(i.desiredManifest, i.release, opts));
  }
  const [records, live] = await Promise.all([
    opts.skipRecords ? Promise.resolve([]) : readRecords(base, names, namespaces),
    opts.readLive
      ? readLiveObjects([...targets.values()].flat(), { ...base, oneCall: opts.liveInOneCall }).catch((e: unknown) => {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          opts.onWarning?.(`cannot run ${opts.kubectl}: live objects not read, drift not checked`);
          return undefined;
        })
      : Promise.resolve(undefined),
  ]);
  const recordOf = new Map(records.map((r) => [`${r.namespace}/${r.name}`, r]));
  for (const i of group) {
    const record = recordOf.get(`${i.release.namespace}/${i.release.name}`);
    const keys = targets.get(i.id);
    out.set(i.id, {
      ...(record ? { record } : {}),
      ...(live && keys ? { live: new Map(keys.map((k) => [resourceId(k), live.get(resourceId(k)) ?? null])) } : {}),
    });
  }
}

async function readRecords(base: Parameters<typeof readReleaseRecords>[0], names: string[], namespaces: string[]): Promise<ReleaseRecord[]> {
  if (namespaces.length === 1) return readReleaseRecords({ ...base, names, namespaces });
  try {
    return await readReleaseRecords({ ...base, names });
  } catch (e) {
    // Namespace-scoped RBAC: listing across namespaces is forbidden, per namespace is not.
    if (e instanceof ExternalCommandError && /forbidden/i.test(e.stderr)) return readReleaseRecords({ ...base, names, namespaces });
    throw e;
  }
}
