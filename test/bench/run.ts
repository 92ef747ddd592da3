/**
 * `npm run bench`: load + plan time and peak RSS for a generated 1,000-release /
 * 20-environment file (goals: < 1 s, < 250 MB), and `helmsync --version`
 * start-up time against `node -e 0` (goal: < 2x). Prints figures and ratios;
 * asserts nothing (timing on shared machines is noise, not a test).
 */
import { execa } from 'execa';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { generateHelmfile } from './generate.js';

const RELEASES = Number(process.env.BENCH_RELEASES ?? 1000);
const ENVS = Number(process.env.BENCH_ENVS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(file: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const r = await execa(file, args, { reject: false, cwd: repoRoot });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'helmsync-bench-'));
try {
  cpSync(join(repoRoot, 'fixtures', 'demo', 'charts'), join(dir, 'charts'), { recursive: true });
  const file = join(dir, 'helmfile.yaml');
  writeFileSync(file, generateHelmfile(RELEASES, ENVS));

  const loads: { ms: number; maxRssMb: number; releases: number; waves: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await execa(process.execPath, [join(repoRoot, 'test', 'bench', 'load-probe.mjs'), join(repoRoot, 'dist'), file, `env${i % ENVS}`], { reject: false });
    if (r.exitCode !== 0) throw new Error(`load failed: ${r.stderr}`);
    loads.push(JSON.parse(r.stdout));
  }
  const loadMs = median(loads.map((l) => l.ms));
  const rss = Math.max(...loads.map((l) => l.maxRssMb));
  console.log(`load + plan, ${RELEASES} releases / ${ENVS} environments: median ${loadMs.toFixed(0)} ms (goal < 1000 ms, ratio ${(loadMs / 1000).toFixed(2)}), peak RSS ${rss.toFixed(0)} MB (goal < 250 MB, ratio ${(rss / 250).toFixed(2)}), ${loads[0]!.releases} releases in ${loads[0]!.waves} waves`);

  const listTimes: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) listTimes.push(await timeIt(process.execPath, [join(repoRoot, 'bin', 'run.js'), '-f', file, '-e', 'env0', 'list']));
  console.log(`helmsync list on that file (whole CLI): median ${median(listTimes).toFixed(0)} ms`);

  const nodeTimes: number[] = [];
  const cliTimes: number[] = [];
  const oclifTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    nodeTimes.push(await timeIt(process.execPath, ['-e', '0']));
    cliTimes.push(await timeIt(process.execPath, [join(repoRoot, 'bin', 'run.js'), '--version']));
    // What the framework alone costs: importing oclif's entry point and nothing of helmsync.
    oclifTimes.push(await timeIt(process.execPath, ['--input-type=module', '-e', "await import('@oclif/core/execute')"]));
  }
  const n = median(nodeTimes);
  const c = median(cliTimes);
  const o = median(oclifTimes);
  console.log(`start-up: node -e 0 ${n.toFixed(0)} ms, helmsync --version ${c.toFixed(0)} ms, ratio ${(c / n).toFixed(2)}x (goal < 2x); importing @oclif/core/execute alone ${o.toFixed(0)} ms (${(o / n).toFixed(2)}x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
