/**
 * Shared set-up of the cluster e2e tests: a copy of fixtures/e2e-cluster with
 * the fixture charts in a temp dir, an emulator, and a runner for the BUILT
 * CLI with real helm/kubectl of one major (passed explicitly, nothing from PATH).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolset, type HelmMajor } from '../support/binaries.js';
import { repoRoot, runCli, sandbox, type CliResult, type Sandbox } from '../support/cli.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { sharedTestCluster, type StartTestClusterOptions, type TestCluster } from '../support/test-cluster.js';

export interface ClusterEnv {
  cluster: Cluster;
  sb: Sandbox;
  /** The copied fixture folder (releases files, values, charts). */
  dir: string;
  helm: string;
  kubectl: string;
  /** Runs `helmsync <args> --helm-binary … --kubectl-binary …` in `dir`. */
  cli(args: string[], opts?: { env?: Record<string, string> }): Promise<CliResult>;
  /** kubectl against the emulator. */
  kubectl_(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  write(rel: string, text: string): void;
  read(rel: string): string;
  /** Last revision of each release in the cluster, `ns/name` → revision. */
  revisions(): Record<string, number>;
  stop(): Promise<void>;
}

export async function setUp(major: HelmMajor): Promise<ClusterEnv> {
  const { helm, kubectl } = toolset(major);
  const cluster = await startCluster({ controllerDelayMs: 30 });
  const sb = sandbox('helmsync-e2e-cluster-');
  const dir = join(sb.dir, 'work');
  mkdirSync(join(dir, 'charts'), { recursive: true });
  cpSync(join(repoRoot, 'fixtures', 'e2e-cluster'), dir, { recursive: true });
  for (const c of ['demo', 'crds']) cpSync(join(repoRoot, 'fixtures', 'charts', c), join(dir, 'charts', c), { recursive: true });
  const env = { ...sb.env, KUBECONFIG: cluster.kubeconfigPath };
  return {
    cluster,
    sb,
    dir,
    helm,
    kubectl,
    cli: (args, opts = {}) => runCli([...args, '--helm-binary', helm, '--kubectl-binary', kubectl], { cwd: dir, env: { ...env, ...opts.env } }),
    kubectl_: (args) => cluster.exec(kubectl, args, { env: cluster.env }),
    write: (rel, text) => writeFileSync(join(dir, rel), text),
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    revisions: () => {
      const out: Record<string, number> = {};
      for (const r of cluster.releases()) {
        const id = `${r.namespace}/${r.name}`;
        out[id] = Math.max(out[id] ?? 0, r.version as number);
      }
      return out;
    },
    stop: async () => {
      await cluster.stop();
      sb.cleanup();
    },
  };
}

/** Like ClusterEnv, on the file's shared cluster of either kind (test/support/test-cluster.ts). */
export interface SharedClusterEnv extends Omit<ClusterEnv, 'cluster' | 'revisions'> {
  cluster: TestCluster;
  /** Last revision of each release in the cluster, `ns/name` → revision. */
  revisions(): Promise<Record<string, number>>;
}

/**
 * The fixture copy and CLI runner of `setUp`, on the test file's one shared
 * cluster: the real control plane unless HELMSYNC_TEST_CLUSTER=emulator.
 * `stop()` removes the sandbox only; the cluster stops after the file.
 */
export async function setUpShared(major: HelmMajor, opts: StartTestClusterOptions = {}): Promise<SharedClusterEnv> {
  const { helm, kubectl } = toolset(major);
  const cluster = await sharedTestCluster({ emulator: { controllerDelayMs: 30 }, ...opts });
  const sb = sandbox('helmsync-e2e-cluster-');
  const dir = join(sb.dir, 'work');
  mkdirSync(join(dir, 'charts'), { recursive: true });
  cpSync(join(repoRoot, 'fixtures', 'e2e-cluster'), dir, { recursive: true });
  for (const c of ['demo', 'crds']) cpSync(join(repoRoot, 'fixtures', 'charts', c), join(dir, 'charts', c), { recursive: true });
  const env = { ...sb.env, KUBECONFIG: cluster.kubeconfigPath };
  return {
    cluster,
    sb,
    dir,
    helm,
    kubectl,
    cli: (args, o = {}) => runCli([...args, '--helm-binary', helm, '--kubectl-binary', kubectl], { cwd: dir, env: { ...env, ...o.env } }),
    kubectl_: (args) => cluster.exec(kubectl, args, { env: cluster.env }),
    write: (rel, text) => writeFileSync(join(dir, rel), text),
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    revisions: async () => {
      const out: Record<string, number> = {};
      for (const r of await cluster.releases()) {
        const id = `${r.namespace}/${r.name}`;
        out[id] = Math.max(out[id] ?? 0, r.version as number);
      }
      return out;
    },
    stop: async () => sb.cleanup(),
  };
}
