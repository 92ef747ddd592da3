/**
 * Labels on helm's release storage objects, written with kubectl (issue 10,
 * `helmsync suspend` / `resume`): every stored revision of one release
 * (`kubectl label secrets -l owner=helm,name=NAME`), so the mark creates no
 * helm revision, survives a plain `helm upgrade` (helm carries the last
 * revision's custom labels over) and a `helm rollback N` (revision N has it
 * too), and helm itself reads it back as a release label.
 */
import { ExternalCommandError, UserError } from '../errors/index.js';
import type { Runner } from '../process/runner.js';
import { kubectlConnectionArgs, type KubeConnection } from './kubectl-argv.js';
import { storageForDriver } from './release-records.js';

export interface StorageLabelEdit {
  resource: 'secrets' | 'configmaps';
  namespace: string;
  release: string;
  /** Labels to set (overwriting). */
  set?: Readonly<Record<string, string>>;
  /** Label keys to remove. */
  remove?: readonly string[];
}

/** `kubectl label secrets --namespace NS --selector owner=helm,name=R k=v k2- --overwrite`. Pure. */
export function labelStorageArgv(c: KubeConnection, e: StorageLabelEdit): string[] {
  const changes = [...Object.entries(e.set ?? {}).map(([k, v]) => `${k}=${v}`), ...(e.remove ?? []).map((k) => `${k}-`)];
  return [...kubectlConnectionArgs(c), 'label', e.resource, '--namespace', e.namespace, '--selector', `owner=helm,name=${e.release}`, ...changes, '--overwrite'];
}

/** The storage kind kubectl can label for a HELM_DRIVER, or a UserError for sql/memory. */
export function labelledStorage(driver: string | undefined): 'secrets' | 'configmaps' {
  const s = storageForDriver(driver);
  if (s === 'helm') {
    throw new UserError(`HELM_DRIVER=${driver} keeps releases where kubectl cannot label them`, { hint: 'suspend and resume need helm\'s secret or configmap storage' });
  }
  return s;
}

export interface LabelStorageOptions {
  runner: Runner;
  kubectl: string;
  connection: KubeConnection;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** Runs the edit; throws an ExternalCommandError naming the release when kubectl fails. */
export async function labelReleaseStorage(opts: LabelStorageOptions, e: StorageLabelEdit): Promise<void> {
  const argv = labelStorageArgv(opts.connection, e);
  const r = await opts.runner.run(opts.kubectl, argv, { env: opts.env, signal: opts.signal });
  if (r.exitCode !== 0) {
    throw new ExternalCommandError(opts.kubectl.split('/').pop() ?? opts.kubectl, argv, r.killed ? undefined : r.exitCode, r.stderr, { release: `${e.namespace}/${e.release}` });
  }
}
