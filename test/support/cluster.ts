/**
 * Test-facing helper around the Kubernetes API emulator (test/emulator):
 * one emulator per test file on port 0, a kubeconfig in a fresh temp dir,
 * and an isolated environment for helm/kubectl child processes (T6: HOME,
 * KUBECONFIG, KUBECACHEDIR and HELM_*_HOME never leak between tests).
 *
 * ```ts
 * const cluster = await startCluster();
 * const r = await cluster.exec(toolset(4).helm, ['install', 'demo', chart, '-n', 'demo', '--create-namespace']);
 * await cluster.stop();
 * ```
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FaultSpec } from '../emulator/faults.js';
import { Emulator, type EmulatorOptions, type RecordedRequest } from '../emulator/server.js';

export type { FaultSpec } from '../emulator/faults.js';
export type { RecordedRequest } from '../emulator/server.js';

/** Options of `startCluster` (all optional). */
export type StartClusterOptions = EmulatorOptions;

/** Result of `cluster.exec`. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A running emulator plus everything a test needs to point helm/kubectl at it. */
export interface Cluster {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Kubeconfig (mode 0600) whose current context targets the emulator. */
  kubeconfigPath: string;
  /** Environment for a child process: PATH plus a private HOME, KUBECONFIG, KUBECACHEDIR, HELM_{CONFIG,CACHE,DATA}_HOME. Replaced by `reset()`. */
  env: Record<string, string>;
  /** Every request received since start/reset, in order. */
  requests: RecordedRequest[];
  /** The emulator itself (store, registry, controllers) for white-box assertions. */
  emulator: Emulator;
  /** A further fresh environment (own HOME and caches) against the same cluster. */
  newEnv(): Record<string, string>;
  /** Run a binary with `env` (or `opts.env`); never throws on a non-zero exit. */
  exec(bin: string, args: string[], opts?: { env?: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number }): Promise<ExecResult>;
  /** Empty cluster (system namespaces only), no faults, empty recorder, fresh `env`. */
  reset(): void;
  /** Every stored object as clients read it, plus the current resourceVersion. */
  dump(): { resourceVersion: string; objects: Record<string, any>[] };
  /** One object as a client would read it (managedFields included), or undefined. */
  get(apiVersion: string, kind: string, namespace: string, name: string): Record<string, any> | undefined;
  /** Objects of a kind (optionally in one namespace), sorted by namespace/name. */
  list(apiVersion: string, kind: string, namespace?: string): Record<string, any>[];
  /** Decoded helm release records (release Secrets, T10), sorted by name then revision. */
  releases(namespace?: string): Record<string, any>[];
  /** Replace the fault settings; `{}` clears them. */
  setFault(spec: FaultSpec): void;
  /** Request faults injected since the last `setFault`. */
  faultsInjected(): number;
  /** Stop the server (saving state when `statePath` is set) and remove the temp dir. */
  stop(): Promise<void>;
}

/** Kubeconfig text for an emulator URL (a dummy bearer token, as client-go sends over http). */
export function kubeconfigFor(url: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: emulator',
    '  cluster:',
    `    server: ${url}`,
    'contexts:',
    '- name: emulator',
    '  context:',
    '    cluster: emulator',
    '    user: emulator',
    `    namespace: ${namespace}`,
    'current-context: emulator',
    'users:',
    '- name: emulator',
    '  user:',
    '    token: emulator',
    '',
  ].join('\n');
}

/** Decode a helm release Secret's `data.release` (base64 → base64 → gzip → JSON, T10). */
export function decodeRelease(secret: { data?: Record<string, string> }): Record<string, any> {
  const once = Buffer.from(secret.data?.release ?? '', 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(once, 'base64')).toString('utf8')) as Record<string, any>;
}

/** Start an emulator on 127.0.0.1 (port 0 by default) with a kubeconfig and isolated env. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const emulator = new Emulator(opts);
  const url = await emulator.start();
  const root = mkdtempSync(join(tmpdir(), 'helmsync-cluster-'));
  const kubeconfigPath = join(root, 'kubeconfig.yaml');
  writeFileSync(kubeconfigPath, kubeconfigFor(url), { mode: 0o600 });
  let n = 0;
  const newEnv = (): Record<string, string> => {
    const home = join(root, `home-${n++}`);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      KUBECONFIG: kubeconfigPath,
      KUBECACHEDIR: join(home, '.kube', 'cache'),
      HELM_CONFIG_HOME: join(home, 'helm', 'config'),
      HELM_CACHE_HOME: join(home, 'helm', 'cache'),
      HELM_DATA_HOME: join(home, 'helm', 'data'),
      TMPDIR: join(home, 'tmp'),
    };
    for (const d of [home, env.KUBECACHEDIR!, env.HELM_CONFIG_HOME!, env.HELM_CACHE_HOME!, env.HELM_DATA_HOME!, env.TMPDIR!]) mkdirSync(d, { recursive: true });
    return env;
  };
  const cluster: Cluster = {
    url,
    kubeconfigPath,
    env: newEnv(),
    requests: emulator.requests,
    emulator,
    newEnv,
    exec: (bin, args, o = {}) =>
      new Promise<ExecResult>((resolve, reject) => {
        const child = spawn(bin, args, { env: o.env ?? cluster.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = o.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), o.timeoutMs) : undefined;
        child.on('error', reject);
        child.on('close', (code) => {
          if (timer) clearTimeout(timer);
          resolve({ code: code ?? -1, stdout, stderr });
        });
        child.stdin.end(o.input ?? '');
      }),
    reset: () => {
      emulator.reset();
      cluster.env = newEnv();
    },
    dump: () => emulator.dump() as ReturnType<Cluster['dump']>,
    get: (apiVersion, kind, namespace, name) => {
      const rt = emulator.registry.byKind(apiVersion, kind);
      const s = rt && emulator.store.get(rt, namespace, name);
      return rt && s ? emulator.store.render(s, rt) : undefined;
    },
    list: (apiVersion, kind, namespace) => {
      const rt = emulator.registry.byKind(apiVersion, kind);
      return rt ? emulator.store.list(rt, namespace).map((s) => emulator.store.render(s, rt)) : [];
    },
    releases: (namespace) =>
      cluster
        .list('v1', 'Secret', namespace)
        .filter((s) => s.type === 'helm.sh/release.v1')
        .map(decodeRelease)
        .sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1)),
    setFault: (spec) => emulator.setFault(spec),
    faultsInjected: () => emulator.faultsInjected(),
    stop: async () => {
      await emulator.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return cluster;
}
