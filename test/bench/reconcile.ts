/**
 * Part of `npm run bench` (issue 10): what a no-op reconcile tick of 100
 * deployed releases costs, as a ratio to a no-op `apply` of the same file
 * (helm 4, the API emulator). Printed, never asserted.
 * - a warm tick: ticks 2… of one long-running `reconcile` (the process, helm's
 *   version and the chart cache already there), from the `duration_ms` of its
 *   `tick.end` JSON log events;
 * - `reconcile --once`: a whole process for one tick, the CronJob way (≈ apply);
 * - the status server's share: the same warm ticks with `--listen 127.0.0.1:0`
 *   and /metrics scraped every 100 ms.
 * BENCH_RELEASES, BENCH_RUNS (ticks/applies measured) override the size.
 */
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { binRun, repoRoot, sandbox } from '../support/cli.js';
import { startCluster } from '../support/cluster.js';

const RELEASES = Number(process.env.BENCH_RELEASES ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NAMESPACES = 4;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { helm, kubectl } = toolset(4);
const cluster = await startCluster();
const sb = sandbox('helmsync-bench-reconcile-');
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
const tools = ['--helm-binary', helm, '--kubectl-binary', kubectl];

async function timed(args: string[], okCodes = [0]): Promise<number> {
  const t0 = performance.now();
  const r = await execa(process.execPath, [binRun, ...args, ...tools], { cwd: dir, env, reject: false });
  const ms = performance.now() - t0;
  if (!okCodes.includes(r.exitCode ?? -1)) throw new Error(`helmsync ${args.join(' ')} exited ${r.exitCode}: ${String(r.stderr).slice(-2000)}`);
  return ms;
}

/** Runs `reconcile` for RUNS+1 ticks 1 s apart; returns the duration_ms of ticks 2… (tick 1 warms up). */
async function warmTicks(extra: string[], scrape: boolean): Promise<number[]> {
  const child = spawn(process.execPath, [binRun, 'reconcile', '--interval', '1s', '--jitter', '0', '--max-ticks', String(RUNS + 1), '--log-format', 'json', ...extra, ...tools], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const durations: number[] = [];
  let partial = '';
  let url: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const l of parts) {
      const x = JSON.parse(l) as { event?: string; tick?: number; duration_ms?: number; result?: string; url?: string };
      if (x.event === 'server.listen' && scrape) {
        url = x.url;
        timer = setInterval(() => void fetch(`${url}/metrics`).then((r) => r.text()).catch(() => undefined), 100);
      }
      if (x.event === 'tick.end') {
        if (x.result !== 'in-sync') throw new Error(`tick ${x.tick} was ${x.result}, not a no-op`);
        if (x.tick! > 1) durations.push(x.duration_ms!);
      }
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (timer) clearInterval(timer);
  if (code !== 0) throw new Error(`reconcile exited ${code}`);
  return durations;
}

try {
  await timed(['sync', '--concurrency', '8']);
  const applies: number[] = [];
  const onces: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    applies.push(await timed(['apply', '--detailed-exitcode', '-q']));
    onces.push(await timed(['reconcile', '--once', '-q']));
  }
  const apply = median(applies);
  const ticks = await warmTicks(['--listen', ''], false);
  const served = await warmTicks(['--listen', '127.0.0.1:0'], true);
  console.log(`reference: no-op apply of ${RELEASES} releases: median ${apply.toFixed(0)} ms over ${RUNS} runs`);
  console.log(`reconcile --once (a process per tick): median ${median(onces).toFixed(0)} ms, ratio ${(median(onces) / apply).toFixed(2)}x`);
  console.log(`no-op tick inside a running reconcile: median ${median(ticks).toFixed(0)} ms, ratio ${(median(ticks) / apply).toFixed(2)}x (ticks: ${ticks.map((t) => t.toFixed(0)).join(', ')} ms)`);
  console.log(`  the same with --listen and /metrics scraped every 100 ms: median ${median(served).toFixed(0)} ms, ratio ${(median(served) / apply).toFixed(2)}x`);
} finally {
  await cluster.stop();
  sb.cleanup();
}
