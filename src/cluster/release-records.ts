/**
 * Reads helm's release records from the cluster in as few calls as possible:
 * one `kubectl get secrets -l owner=helm -o json` for all namespaces (or one
 * per namespace when the caller names them), decoded locally. Helm itself
 * would need `helm list` plus three `helm get` calls per release.
 * Storage kubectl cannot read (HELM_DRIVER=sql or memory) falls back to
 * `helm list` + `helm get manifest/hooks/values`.
 */
import { ExternalCommandError, UserError } from '../errors/index.js';
import type { Runner } from '../process/runner.js';
import { helmGetArgv, helmListArgv } from '../helm/argv-storage.js';
import { releaseStorageArgv, type KubeConnection } from './kubectl-argv.js';
import { runRead } from './read-retry.js';
import { customLabelsOf, latestRevisions, recordFromStorageObject, type ReleaseRecord } from './release-payload.js';

export interface ReadReleaseRecordsOptions {
  runner: Runner;
  /** kubectl executable. */
  kubectl: string;
  /** helm executable, for the HELM_DRIVER=sql|memory fallback. */
  helm?: string;
  connection?: KubeConnection;
  /** Environment for the child processes (KUBECONFIG, HOME, HELM_* …). */
  env?: Record<string, string | undefined>;
  /** helm's storage driver (HELM_DRIVER): `secret` (default), `configmap`, `sql`, `memory`. */
  driver?: string;
  /** Read only these namespaces (one call each); every namespace in one call when undefined. */
  namespaces?: readonly string[];
  /** Only these release names (narrowed by label selector). */
  names?: readonly string[];
  /** Every revision instead of only the last one of each release. */
  history?: boolean;
  /** Only storage objects carrying these custom labels (kubectl storage only; helm's storage ignores them). */
  labels?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Waits between retries of a transient read failure (tests pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
}

type Storage = 'secrets' | 'configmaps' | 'helm';

/** Which storage a HELM_DRIVER value means (helm's own spellings: pkg/cli/environment.go). */
export function storageForDriver(driver: string | undefined): Storage {
  switch ((driver ?? '').toLowerCase()) {
    case '':
    case 'secret':
    case 'secrets':
      return 'secrets';
    case 'configmap':
    case 'configmaps':
      return 'configmaps';
    case 'sql':
    case 'memory':
      return 'helm';
    default:
      throw new UserError(`unknown HELM_DRIVER "${driver}"`, { hint: 'helm knows secret, configmap, sql and memory' });
  }
}

async function run(opts: ReadReleaseRecordsOptions, bin: string, argv: string[], what: string): Promise<string> {
  const r = await runRead(opts, bin, argv);
  if (r.exitCode !== 0) {
    const forbidden = /forbidden/i.test(r.stderr);
    throw new ExternalCommandError(bin.split('/').pop() ?? bin, argv, r.killed ? undefined : r.exitCode, r.stderr, {
      cause: forbidden ? new UserError(`not allowed to read ${what}`, { hint: 'grant list on secrets, or name the namespaces to read' }) : undefined,
    });
  }
  return r.stdout;
}

function itemsOf(stdout: string): unknown[] {
  if (stdout.trim() === '') return [];
  const doc = JSON.parse(stdout) as { items?: unknown[]; kind?: string };
  return Array.isArray(doc.items) ? doc.items : [doc];
}

/**
 * The release records the cluster holds: by default the last revision of
 * every release (superseded revisions are not even transferred).
 */
export async function readReleaseRecords(opts: ReadReleaseRecordsOptions): Promise<ReleaseRecord[]> {
  const storage = storageForDriver(opts.driver);
  const scopes: (string | undefined)[] = opts.namespaces ? [...new Set(opts.namespaces)] : [undefined];
  let records: ReleaseRecord[];
  if (storage === 'helm') {
    records = (await Promise.all(scopes.map((ns) => readThroughHelm(opts, ns)))).flat();
  } else {
    records = await readThroughKubectl(opts, storage, scopes).catch(async (e: unknown) => {
      // No kubectl on this machine: helm alone can still read the records, one release at a time.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && opts.helm) return (await Promise.all(scopes.map((ns) => readThroughHelm(opts, ns)))).flat();
      throw e;
    });
  }
  if (opts.names) {
    const wanted = new Set(opts.names);
    records = records.filter((r) => wanted.has(r.name));
  }
  if (opts.history) {
    return records.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.revision - b.revision);
  }
  return latestRevisions(records);
}

async function readThroughKubectl(opts: ReadReleaseRecordsOptions, storage: 'secrets' | 'configmaps', scopes: (string | undefined)[]): Promise<ReleaseRecord[]> {
  const outputs = await Promise.all(
    scopes.map((ns) =>
      run(
        opts,
        opts.kubectl,
        releaseStorageArgv(opts.connection ?? {}, { resource: storage, namespace: ns, names: opts.names, skipSuperseded: !opts.history, ...(opts.labels ? { labels: opts.labels } : {}) }),
        `helm release ${storage}`,
      ),
    ),
  );
  return outputs.flatMap(itemsOf).map(recordFromStorageObject);
}

interface HelmListEntry {
  name: string;
  namespace: string;
  revision: string | number;
  status: string;
  chart: string;
  app_version?: string;
  updated?: string;
}

/** `webapp-0.1.0-rc.1` → name `webapp`, version `0.1.0-rc.1` (helm list joins them with a dash). */
export function splitChartLabel(label: string): { name: string; version: string } {
  const m = /^(.+?)-(v?\d+\.\d+\.\d+\S*)$/.exec(label);
  return m ? { name: m[1]!, version: m[2]! } : { name: label, version: '' };
}

async function readThroughHelm(opts: ReadReleaseRecordsOptions, namespace: string | undefined): Promise<ReleaseRecord[]> {
  if (!opts.helm) throw new UserError('reading releases from sql/memory storage needs helm', { hint: 'pass the helm binary' });
  const helm = opts.helm;
  const c = opts.connection ?? {};
  const list = JSON.parse((await run(opts, helm, helmListArgv(c, namespace), 'helm releases')) || '[]') as HelmListEntry[];
  const wanted = opts.names ? new Set(opts.names) : undefined;
  return Promise.all(
    list
      .filter((e) => !wanted || wanted.has(e.name))
      .map(async (e): Promise<ReleaseRecord> => {
        const revision = Number(e.revision);
        const [manifest, hooks, values, metadata] = await Promise.all([
          run(opts, helm, helmGetArgv(c, 'manifest', e.name, e.namespace, revision), 'release manifest'),
          run(opts, helm, helmGetArgv(c, 'hooks', e.name, e.namespace, revision), 'release hooks'),
          run(opts, helm, helmGetArgv(c, 'values', e.name, e.namespace, revision), 'release values'),
          // `helm get metadata` lists the storage labels, helm's own among them.
          run(opts, helm, helmGetArgv(c, 'metadata', e.name, e.namespace, revision), 'release metadata'),
        ]);
        const config = JSON.parse(values.trim() || 'null') as Record<string, unknown> | null;
        return {
          name: e.name,
          namespace: e.namespace,
          revision,
          status: e.status,
          chart: { ...splitChartLabel(e.chart), ...(e.app_version ? { appVersion: e.app_version } : {}) },
          config: config ?? {},
          manifest,
          hooksManifest: hooks,
          ...(e.updated ? { lastDeployed: e.updated } : {}),
          labels: customLabelsOf((JSON.parse(metadata.trim() || '{}') as { labels?: unknown }).labels),
          storage: 'helm',
        };
      }),
  );
}
