/**
 * Runs one bad-input case (test/e2e/bad-input-cases.ts) through the BUILT CLI
 * against an API emulator and returns what a user would see plus what the
 * emulator's request recorder saw while the case ran.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { HelmMajor } from '../support/binaries.js';
import { toolset } from '../support/binaries.js';
import { packageChart, startChartRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { runCli, sandbox, type CliResult, type Sandbox } from '../support/cli.js';
import { startCluster, type Cluster, type RecordedRequest } from '../support/cluster.js';
import type { BadInputCase, CaseContext } from './bad-input-cases.js';

/** Methods that change something on the API server. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CaseOutcome {
  result: CliResult;
  /** Every request the emulator received while the case ran (after `prepare`). */
  requests: RecordedRequest[];
  /** The write requests among them: must be none. */
  writes: RecordedRequest[];
  /** stderr lines starting with `error:`. */
  errorLines: string[];
  /** stderr lines starting with `hint:`. */
  hintLines: string[];
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  x: "1"\n';

export interface SuiteEnv {
  major: HelmMajor;
  cluster: Cluster;
  sb: Sandbox;
  repo: ChartRepoServer;
  /** Sandbox env (isolated homes) with KUBECONFIG pointing at the emulator. */
  env: Record<string, string>;
  /** Parent of the case folders. */
  root: string;
  repoUrl: string;
  deadUrl: string;
}

/** An emulator, a chart repository serving chart c (0.1.0, 1.0.0) and a sandbox whose KUBECONFIG is the emulator's. */
export async function startSuite(major: HelmMajor): Promise<SuiteEnv & { stop(): Promise<void> }> {
  const { helm } = toolset(major);
  const cluster = await startCluster();
  const sb = sandbox('helmsync-bad-input-');
  const src = join(sb.dir, 'chart-src', 'c');
  mkdirSync(join(src, 'templates'), { recursive: true });
  writeFileSync(join(src, 'Chart.yaml'), CHART);
  writeFileSync(join(src, 'templates', 'cm.yaml'), CM);
  const pkg = join(sb.dir, 'repo');
  packageChart(helm, sb.env, src, ['0.1.0', '1.0.0'], pkg);
  const repo = await startChartRepo({ dir: pkg, helm, env: sb.env });
  const deadUrl = `http://127.0.0.1:${await closedPort()}/`;
  const root = join(sb.dir, 'cases');
  mkdirSync(root, { recursive: true });
  return {
    major,
    cluster,
    sb,
    repo,
    env: { ...sb.env, KUBECONFIG: cluster.kubeconfigPath },
    root,
    repoUrl: repo.url,
    deadUrl,
    stop: async () => {
      await repo.close();
      await cluster.stop();
      sb.cleanup();
    },
  };
}

/** Writes the case's folder, runs `prepare`, then the case, recording the emulator's requests. */
export async function runCase(s: SuiteEnv, c: BadInputCase, index: number): Promise<CaseOutcome> {
  const { helm, kubectl } = toolset(s.major);
  const dir = join(s.root, `case-${index}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'c', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'c', 'Chart.yaml'), CHART);
  writeFileSync(join(dir, 'c', 'templates', 'cm.yaml'), CM);
  const bin = ['--helm-binary', helm, '--kubectl-binary', kubectl];
  const ctx: CaseContext = {
    repoUrl: s.repoUrl,
    deadUrl: s.deadUrl,
    dir,
    cli: (args) => runCli([...args, ...bin], { cwd: dir, env: s.env }),
  };
  const files = typeof c.files === 'function' ? c.files(ctx) : c.files;
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  await c.prepare?.(ctx);
  const from = s.cluster.requests.length;
  const args = typeof c.args === 'function' ? c.args(ctx) : c.args;
  const result = await runCli(c.bare ? args : [...args, ...bin], { cwd: dir, env: s.env });
  const requests = s.cluster.requests.slice(from);
  const lines = result.stderr.split('\n');
  return {
    result,
    requests,
    writes: requests.filter((q) => WRITE_METHODS.has(q.method)),
    errorLines: lines.filter((l) => l.startsWith('error:')),
    hintLines: lines.filter((l) => l.startsWith('hint:')),
  };
}

/** `error: <at>[:col]: ` — the location the message starts with. */
export function locationPattern(at: string): RegExp {
  const esc = at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^error: ${esc}(:\\d+)?: `);
}
