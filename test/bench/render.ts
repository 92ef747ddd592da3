/**
 * Part of `npm run bench`: rendering speed, printed as figures and ratios, never asserted.
 * - The Go template engine (built code) on a 2,000-line values `.gotmpl` (goal < 50 ms).
 * - `helmsync template` on the bundled demo (3 releases) against calling `helm template`
 *   for the same 3 releases directly: the ratio is helmsync's overhead over helm itself.
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toolset } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { valuesTemplate } from './generate.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// 1. The template engine, as built (dist), outside jest's module sandbox.
const engine = (await import(pathToFileURL(join(repoRoot, 'dist', 'src', 'gotemplate', 'index.js')).href)) as typeof import('../../src/gotemplate/index.js');
const text = valuesTemplate(2000);
const data = { Values: { registry: 'r.io', tag: 'v1', enabled: true, env: { A: '1', B: 'two' } } };
const renders: number[] = [];
for (let run = 0; run < RUNS * 4; run++) {
  // A different text each run, so no parse cache can serve it.
  const t0 = performance.now();
  engine.render(`${text}\n# run ${run}`, data, { option: 'missingkey=error' });
  renders.push(performance.now() - t0);
}
const renderMs = median(renders.slice(RUNS)); // the first runs warm the JIT up
console.log(`render a 2,000-line values .gotmpl (parse + execute): median ${renderMs.toFixed(1)} ms (goal < 50 ms, ratio ${(renderMs / 50).toFixed(2)})`);

// 2. helmsync template vs helm template, same releases, same helm.
const { helm } = toolset(4);
const home = mkdtempSync(join(tmpdir(), 'helmsync-bench-render-'));
const env = { HOME: home, HELM_CONFIG_HOME: join(home, 'c'), HELM_CACHE_HOME: join(home, 'k'), HELM_DATA_HOME: join(home, 'd'), NO_COLOR: '1', CI: 'true' };
try {
  const demo = join(repoRoot, 'fixtures', 'demo');
  const time = async (file: string, args: string[], cwd: string): Promise<number> => {
    const t0 = performance.now();
    const r = await execa(file, args, { cwd, env, reject: false });
    if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: ${r.stderr}`);
    return performance.now() - t0;
  };
  const ours: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await time(process.execPath, [join(repoRoot, 'bin', 'run.js'), '-f', 'helmfile.yaml.gotmpl', '-e', 'dev', '--helm-binary', helm, 'template', '--concurrency', '1', '-q'], demo));
    let sum = 0;
    for (const [name, ns] of [['database', 'data'], ['backend', 'apps'], ['frontend', 'apps']] as const) {
      sum += await time(helm, ['template', name, './charts/app', '--namespace', ns], demo);
    }
    direct.push(sum);
  }
  const o = median(ours);
  const d = median(direct);
  console.log(`helmsync template (demo, 3 releases, sequential): median ${o.toFixed(0)} ms vs 3 × helm template ${d.toFixed(0)} ms: ratio ${(o / d).toFixed(2)}x`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
