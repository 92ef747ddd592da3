/**
 * Part of `npm run bench` (issue 11): 100 releases of one local chart, helm 4,
 * the API emulator. Every figure is a ratio to the same reference measured in
 * the same run: a 2-way-parallel loop of plain `helm template` over the same
 * releases (what a script would do). Printed, never asserted.
 * - cold `helmsync template` (empty helmsync cache: no remembered helm version);
 * - no-op `diff` and no-op `apply` of the 100 deployed releases (goal <= 0.10x
 *   and <= 3 helm/kubectl processes), and the same with --no-fast-path;
 * - the processes each run starts, counted by wrapping helm and kubectl in
 *   counting shims (one extra run each, not timed).
 * BENCH_RELEASES, BENCH_RUNS override the size.
 */
import { execa } from 'execa';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { binRun, repoRoot, sandbox } from '../support/cli.js';
import { startCluster } from '../support/cluster.js';

const RELEASES = Number(process.env.BENCH_RELEASES ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAMESPACES = 4;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { helm, kubectl } = toolset(4);
const cluster = await startCluster();
const sb = sandbox('helmsync-bench-noop-');
const dir = join(sb.dir, 'work');
mkdirSync(join(dir, 'values'), { recursive: true });
cpSync(join(repoRoot, 'fixtures', 'demo', 'charts'), join(dir, 'charts'), { recursive: true });
const lines = ['releases:'];
for (let i = 0; i < RELEASES; i++) {
  writeFileSync(join(dir, 'values', `r${i}.yaml`), `replicas: ${(i % 3) + 1}\nmessage: release ${i}\n`);
  lines.push(`  - name: r${i}`, `    namespace: ns${i % NAMESPACES}`, '    chart: ./charts/app', '    values:', `      - values/r${i}.yaml`);
}
writeFileSync(join(dir, 'helmfile.yaml'), `${lines.join('\n')}\n`);
const env = { ...sb.env, KUBECONFIG: cluster.kubeconfigPath, HELMSYNC_CACHE_HOME: join(sb.dir, 'cache') };

async function timed(file: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const r = await execa(file, args, { cwd: dir, env: { ...env, ...extraEnv }, reject: false });
  const ms = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.exitCode}: ${String(r.stderr).slice(-2000)}`);
  return ms;
}
const cli = (args: string[], extraEnv: Record<string, string> = {}, h = helm, k = kubectl) =>
  timed(process.execPath, [binRun, ...args, '--helm-binary', h, '--kubectl-binary', k], extraEnv);

/** The reference: `helm template` for every release, two at a time. */
async function helmLoop(): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < RELEASES) {
      const i = next++;
      const r = await execa(helm, ['template', `r${i}`, './charts/app', '--namespace', `ns${i % NAMESPACES}`, '--values', `values/r${i}.yaml`], { cwd: dir, env, reject: false });
      if (r.exitCode !== 0) throw new Error(String(r.stderr));
    }
  };
  await Promise.all([worker(), worker()]);
  return performance.now() - t0;
}

/** Runs once through counting shims; returns how many helm and kubectl processes the command started. */
async function processes(args: string[]): Promise<{ helm: number; kubectl: number }> {
  const shims = join(sb.dir, 'shims');
  const log = join(sb.dir, 'calls.log');
  mkdirSync(shims, { recursive: true });
  for (const [name, real] of [['helm', helm], ['kubectl', kubectl]] as const) {
    writeFileSync(
      join(shims, name),
      `#!/usr/bin/env node\nrequire('node:fs').appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${name}\n`)});\nconst r = require('node:child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });\nprocess.exit(r.status ?? 1);\n`,
    );
    chmodSync(join(shims, name), 0o755);
  }
  // The shim is another binary: let it have its helm version remembered first, as the real one has.
  await cli(['diff'], {}, join(shims, 'helm'), join(shims, 'kubectl'));
  rmSync(log, { force: true });
  await cli(args, {}, join(shims, 'helm'), join(shims, 'kubectl'));
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    text = '';
  }
  const n = (name: string) => text.split('\n').filter((l) => l === name).length;
  return { helm: n('helm'), kubectl: n('kubectl') };
}

try {
  const ref: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ref.push(await helmLoop());
    rmSync(env.HELMSYNC_CACHE_HOME, { recursive: true, force: true });
    cold.push(await cli(['template', '-q']));
    warm.push(await cli(['template', '-q']));
  }
  const loop = median(ref);
  console.log(`reference: ${RELEASES} x helm template, 2 at a time: median ${loop.toFixed(0)} ms (${availableParallelism()} CPUs)`);
  console.log(`helmsync template, cold: median ${median(cold).toFixed(0)} ms, ratio ${(median(cold) / loop).toFixed(2)}x (goal <= 1.10x); warm ${(median(warm) / loop).toFixed(2)}x`);

  await cli(['sync', '--concurrency', '8'], {});
  const diffs: number[] = [];
  const applies: number[] = [];
  const fullDiffs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    diffs.push(await cli(['diff', '--detailed-exitcode', '-q']));
    applies.push(await cli(['apply', '--detailed-exitcode', '-q']));
    fullDiffs.push(await cli(['diff', '--detailed-exitcode', '-q', '--no-fast-path']));
  }
  const node = median(await Promise.all([0, 1, 2].map(() => timed(process.execPath, ['-e', '0']))));
  const pd = await processes(['diff', '--detailed-exitcode', '-q']);
  const pa = await processes(['apply', '--detailed-exitcode', '-q']);
  const pf = await processes(['diff', '--detailed-exitcode', '-q', '--no-fast-path']);
  const show = (name: string, ms: number, p: { helm: number; kubectl: number }, goal: string) =>
    console.log(`${name}: median ${ms.toFixed(0)} ms, ratio ${(ms / loop).toFixed(2)}x${goal}; ${p.helm} helm + ${p.kubectl} kubectl processes`);
  show('no-op diff (fast path)', median(diffs), pd, ' (goal <= 0.10x, <= 3 processes)');
  show('no-op apply (fast path)', median(applies), pa, ' (goal <= 0.10x, <= 3 processes)');
  show('no-op diff --no-fast-path', median(fullDiffs), pf, '');
  console.log(`  for scale: node -e 0 takes ${node.toFixed(0)} ms = ${(node / loop).toFixed(2)}x of the reference`);
} finally {
  await cluster.stop();
  sb.cleanup();
}
