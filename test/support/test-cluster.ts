/**
 * One call to start either kind of cluster for a test: the real control plane
 * (test/support/real-cluster.ts, the default) or the emulator
 * (test/support/cluster.ts). `HELMSYNC_TEST_CLUSTER=emulator` sends the
 * switched suites to the emulator instead (no Go needed).
 *
 * `sharedTestCluster()` gives every caller in one test file the same cluster
 * (one control plane per file); it is stopped by a root afterAll registered
 * when this module loads. `cluster.namespace()` makes a fresh namespace.
 */
import { afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRelease, startCluster, type Cluster, type ExecResult, type StartClusterOptions } from './cluster.js';
import { startRealControlPlane, type RealControlPlane } from './real-cluster.js';

export type ClusterKind = 'real' | 'emulator';

/** The kind the switched suites use: HELMSYNC_TEST_CLUSTER, else real. */
export function testClusterKind(env = process.env): ClusterKind {
  return env.HELMSYNC_TEST_CLUSTER === 'emulator' ? 'emulator' : 'real';
}

export interface TestCluster {
  kind: ClusterKind;
  url: string;
  kubeconfigPath: string;
  /** PATH plus a private HOME, KUBECONFIG, KUBECACHEDIR, HELM_{CONFIG,CACHE,DATA}_HOME. */
  env: Record<string, string>;
  newEnv(): Record<string, string>;
  exec(bin: string, args: string[], opts?: { env?: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number }): Promise<ExecResult>;
  /** One object as a client reads it, or undefined. */
  get(apiVersion: string, kind: string, namespace: string, name: string): Promise<Record<string, any> | undefined>;
  /** Objects of a kind (optionally in one namespace), sorted by namespace/name. */
  list(apiVersion: string, kind: string, namespace?: string): Promise<Record<string, any>[]>;
  /** Decoded helm release records (Secret driver), sorted by name then revision. */
  releases(namespace?: string): Promise<Record<string, any>[]>;
  /** Creates a fresh namespace `<prefix>-<n>` and returns its name. */
  namespace(prefix?: string): Promise<string>;
  /** The emulator, when kind is emulator (for fault injection and white-box reads). */
  emulator?: Cluster;
  /** The real control plane, when kind is real. */
  real?: RealControlPlane;
  stop(): Promise<void>;
}

export interface StartTestClusterOptions {
  kind?: ClusterKind;
  /** Options of the emulator (ignored by the real control plane). */
  emulator?: StartClusterOptions;
}

const byName = (a: Record<string, any>, b: Record<string, any>): number => {
  const ka = `${a.metadata?.namespace ?? ''}/${a.metadata?.name}`;
  const kb = `${b.metadata?.namespace ?? ''}/${b.metadata?.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
const sortReleases = (rs: Record<string, any>[]): Record<string, any>[] =>
  rs.sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1));

function execIn(env: () => Record<string, string>): TestCluster['exec'] {
  return (bin, args, o = {}) =>
    new Promise<ExecResult>((resolve, reject) => {
      const child = spawn(bin, args, { env: o.env ?? env(), cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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
    });
}

async function startReal(): Promise<TestCluster> {
  const real = await startRealControlPlane();
  const root = mkdtempSync(join(tmpdir(), 'helmsync-realtest-'));
  const kubeconfigPath = join(root, 'kubeconfig.yaml');
  writeFileSync(kubeconfigPath, real.kubeconfig(), { mode: 0o600 });
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
  // apiVersion/kind → collection path, from discovery.
  const paths = new Map<string, { plural: string; namespaced: boolean }>();
  const resource = async (apiVersion: string, kind: string): Promise<{ base: string; plural: string; namespaced: boolean } | undefined> => {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const key = `${apiVersion}/${kind}`;
    if (!paths.has(key)) {
      const r = await real.api('GET', base);
      if (r.status !== 200) return undefined;
      for (const res of r.body.resources ?? []) if (!res.name.includes('/')) paths.set(`${apiVersion}/${res.kind}`, { plural: res.name, namespaced: res.namespaced });
    }
    const p = paths.get(key);
    return p && { base, ...p };
  };
  const collection = (r: { base: string; plural: string; namespaced: boolean }, ns?: string): string =>
    r.namespaced && ns ? `${r.base}/namespaces/${ns}/${r.plural}` : `${r.base}/${r.plural}`;
  const list = async (apiVersion: string, kind: string, ns?: string): Promise<Record<string, any>[]> => {
    const r = await resource(apiVersion, kind);
    if (!r) return [];
    const res = await real.api('GET', collection(r, ns));
    if (res.status !== 200) throw new Error(`list ${apiVersion} ${kind}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body.items as Record<string, any>[]).map((o) => ({ apiVersion, kind, ...o })).sort(byName);
  };
  let nsCount = 0;
  const cluster: TestCluster = {
    kind: 'real',
    url: real.url,
    kubeconfigPath,
    env: newEnv(),
    newEnv,
    exec: execIn(() => cluster.env),
    real,
    get: async (apiVersion, kind, ns, name) => {
      const r = await resource(apiVersion, kind);
      if (!r) return undefined;
      const res = await real.api('GET', `${collection(r, ns)}/${name}`);
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw new Error(`get ${apiVersion} ${kind} ${ns}/${name}: HTTP ${res.status}`);
      return res.body;
    },
    list,
    releases: async (ns) => sortReleases((await list('v1', 'Secret', ns)).filter((s) => s.type === 'helm.sh/release.v1').map(decodeRelease)),
    namespace: async (prefix = 'test') => {
      const name = `${prefix}-${++nsCount}`;
      const r = await real.api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      if (r.status !== 201) throw new Error(`create namespace ${name}: HTTP ${r.status}`);
      return name;
    },
    stop: async () => {
      await real.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return cluster;
}

async function startEmulated(opts: StartClusterOptions = {}): Promise<TestCluster> {
  const c = await startCluster(opts);
  let nsCount = 0;
  const cluster: TestCluster = {
    kind: 'emulator',
    url: c.url,
    kubeconfigPath: c.kubeconfigPath,
    get env() {
      return c.env;
    },
    set env(v) {
      c.env = v;
    },
    newEnv: () => c.newEnv(),
    exec: (bin, args, o) => c.exec(bin, args, o),
    emulator: c,
    get: async (...a) => c.get(...a),
    list: async (...a) => c.list(...a),
    releases: async (ns) => c.releases(ns),
    namespace: async (prefix = 'test') => {
      const name = `${prefix}-${++nsCount}`;
      const r = await fetch(`${c.url}/api/v1/namespaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) });
      if (r.status !== 201) throw new Error(`create namespace ${name}: HTTP ${r.status}`);
      return name;
    },
    stop: () => c.stop(),
  };
  return cluster;
}

/** Start a cluster of the given kind (default: testClusterKind()). */
export function startTestCluster(opts: StartTestClusterOptions = {}): Promise<TestCluster> {
  return (opts.kind ?? testClusterKind()) === 'real' ? startReal() : startEmulated(opts.emulator);
}

let shared: Promise<TestCluster> | undefined;
afterAll(async () => {
  const s = shared;
  shared = undefined;
  if (s) await (await s).stop();
});

/** The test file's one cluster, started on first use, stopped after the file's last test. */
export function sharedTestCluster(opts: StartTestClusterOptions = {}): Promise<TestCluster> {
  shared ??= startTestCluster(opts);
  return shared;
}
