/**
 * Reads the live state of many objects with one `kubectl get` per namespace
 * (`kubectl get deployment.v1.apps/web configmap/web-config … -n ns -o json
 * --ignore-not-found`), never one call per object. Objects that do not exist
 * come back as `null`; a kind the server does not know (a CRD not installed
 * yet) makes its objects `null` instead of failing the whole read.
 */
import type { Runner } from '../process/runner.js';
import { resourceId, splitApiVersion, type JsonObject } from '../diff/manifest.js';
import type { ResourceKey } from '../diff/types.js';
import { getObjectsArgv, getObjectsFromStdinArgv, resourceTypeArg, type KubeConnection } from './kubectl-argv.js';
import { readInRounds } from './read-rounds.js';

export interface ReadLiveObjectsOptions {
  runner: Runner;
  kubectl: string;
  connection?: KubeConnection;
  env?: Record<string, string | undefined>;
  /** Objects per kubectl call (keeps argv short). Default 200. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Waits between retries of a transient read failure. */
  sleep?: (ms: number) => Promise<void>;
  /** One `kubectl get --filename -` for every namespace instead of one call per namespace and batch. */
  oneCall?: boolean;
}

/** stderr lines of `kubectl get -f -` for kinds the server does not know (the other objects still come back). */
const UNMAPPED_LINE_RE = /^(error: )?resource mapping not found for name|^ensure CRDs are installed first/;

/** `error: the server doesn't have a resource type "widget.v1.example.com"` → the type. */
const UNKNOWN_TYPE_RE = /doesn't have a resource type "([^"]+)"/;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Live objects by {@link resourceId} of each requested key; `null` when the
 * object (or its kind) does not exist. Every requested key is in the result.
 */
export async function readLiveObjects(keys: readonly ResourceKey[], opts: ReadLiveObjectsOptions): Promise<Map<string, JsonObject | null>> {
  const result = new Map<string, JsonObject | null>();
  const byNamespace = new Map<string, ResourceKey[]>();
  for (const k of keys) {
    result.set(resourceId(k), null);
    const list = byNamespace.get(k.namespace) ?? [];
    if (!list.some((x) => resourceId(x) === resourceId(k))) list.push(k);
    byNamespace.set(k.namespace, list);
  }
  if (opts.oneCall && byNamespace.size > 0) {
    await readAllFromStdin([...byNamespace.values()].flat(), opts, result);
    return result;
  }
  const size = opts.batchSize ?? 200;
  const batches: [string, ResourceKey[]][] = [];
  for (const [ns, list] of byNamespace) for (let i = 0; i < list.length; i += size) batches.push([ns, list.slice(i, i + size)]);
  await Promise.all(batches.map(([ns, list]) => readBatch(ns, list, opts, result)));
  return result;
}

async function readBatch(namespace: string, keys: ResourceKey[], opts: ReadLiveObjectsOptions, result: Map<string, JsonObject | null>): Promise<void> {
  const run = { env: opts.env, signal: opts.signal };
  // Types the server does not serve (a CRD not installed yet): their objects are absent.
  const unserved = new Set<string>();
  const served = (list: readonly ResourceKey[]): ResourceKey[] =>
    list.filter((k) => {
      const t = resourceTypeArg(k);
      return ![...unserved].some((u) => t === u || t.startsWith(`${u}.`));
    });
  await readInRounds(
    keys,
    async (pending, ignoreNotFound) => {
      for (;;) {
        const asked = served(pending);
        const argv = getObjectsArgv(opts.connection ?? {}, namespace, asked.map((k) => `${resourceTypeArg(k)}/${k.name}`), { ignoreNotFound });
        if (asked.length === 0) return { argv, result: { exitCode: 0, stdout: '', stderr: '', killed: false } };
        const r = await opts.runner.run(opts.kubectl, argv, run);
        // kubectl names the type as it parsed it: `widget` for `widget.v1.example.com`.
        const unknown = r.exitCode === 0 ? undefined : UNKNOWN_TYPE_RE.exec(r.stderr)?.[1];
        if (!unknown || unserved.has(unknown)) return { argv, result: r };
        unserved.add(unknown);
      }
    },
    {
      sleep: opts.sleep ?? realSleep,
      signal: opts.signal,
      collect: (items, found) => {
        for (const item of items) {
          const meta = isObj(item.metadata) ? item.metadata : {};
          const { group } = splitApiVersion(String(item.apiVersion ?? ''));
          // Cluster-scoped objects come back without a namespace: they answer for the namespace asked.
          const id = resourceId({ group, kind: String(item.kind ?? ''), namespace: typeof meta.namespace === 'string' ? meta.namespace : namespace, name: String(meta.name ?? '') });
          if (result.has(id)) {
            result.set(id, item);
            found.add(id);
          }
        }
      },
    },
  );
}

async function readAllFromStdin(keys: ResourceKey[], opts: ReadLiveObjectsOptions, result: Map<string, JsonObject | null>): Promise<void> {
  await readInRounds(
    keys,
    async (pending, ignoreNotFound) => {
      const input = pending.map((k) => JSON.stringify({ apiVersion: k.apiVersion, kind: k.kind, metadata: { name: k.name, namespace: k.namespace } })).join('\n');
      const argv = getObjectsFromStdinArgv(opts.connection ?? {}, { ignoreNotFound });
      return { argv, result: await opts.runner.run(opts.kubectl, argv, { env: opts.env, signal: opts.signal, input }) };
    },
    {
      sleep: opts.sleep ?? realSleep,
      signal: opts.signal,
      absentLine: UNMAPPED_LINE_RE,
      collect: (items, found) => {
        // Cluster-scoped objects come back without a namespace: they answer for every namespace they were asked in.
        const byName = new Map<string, string[]>();
        for (const k of keys) {
          const n = `${k.group}/${k.kind}/${k.name}`;
          byName.set(n, [...(byName.get(n) ?? []), resourceId(k)]);
        }
        for (const item of items) {
          const meta = isObj(item.metadata) ? item.metadata : {};
          const { group } = splitApiVersion(String(item.apiVersion ?? ''));
          const kind = String(item.kind ?? '');
          const name = String(meta.name ?? '');
          const ids = typeof meta.namespace === 'string' ? [resourceId({ group, kind, namespace: meta.namespace, name })] : (byName.get(`${group}/${kind}/${name}`) ?? []);
          for (const id of ids) {
            if (!result.has(id)) continue;
            result.set(id, item);
            found.add(id);
          }
        }
      },
    },
  );
}
