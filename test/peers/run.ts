/**
 * `npx tsx test/peers/run.ts [--helm 3|4] [--own|--corpus] [-v] [id…]`: runs
 * Helmfile (npm run peers:build) and the built helmsync (npm run build) on
 * the same releases files and prints, per comparison, SAME or DIFF, then the
 * counts per command.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { toolset, type HelmMajor } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
// @ts-expect-error plain ESM module shared with the build scripts
import { peerBinaries } from '../../scripts/cluster-versions.mjs';
import { compare, corpusCases, planCorpus, tally, type Comparison } from './harness.js';
import { ownCases } from './fixtures.js';

const args = process.argv.slice(2);
const hi = args.indexOf('--helm');
const major: HelmMajor = hi >= 0 && args[hi + 1] === '3' ? 3 : 4;
if (hi >= 0) args.splice(hi, 2);
const verbose = args.includes('-v');
const which = args.includes('--own') ? 'own' : args.includes('--corpus') ? 'corpus' : 'both';
const only = args.filter((a) => !a.startsWith('-'));

const o = { helmfile: (peerBinaries() as { helmfile: string }).helmfile, helmsync: join(repoRoot, 'bin', 'run.js'), helm: toolset(major).helm, helmMajor: major };
const results: Comparison[] = [];
const print = (r: Comparison): void => {
  process.stdout.write(`${r.outcome === 'same' ? 'SAME' : 'DIFF'} ${r.command.padEnd(8)} ${r.id}  [${r.argv.join(' ')}]${r.reason && !verbose ? `  (${r.reason.split('\n')[0]!.slice(0, 160)})` : ''}\n`);
  if (verbose && r.reason) process.stdout.write(`${r.reason}\n`);
};
if (which !== 'own') {
  const { planned, skipped } = planCorpus(corpusCases(), major);
  for (const p of planned.filter((x) => !only.length || only.includes(x.id))) {
    const r = await compare(p, o);
    results.push(r);
    print(r);
  }
  for (const s of skipped) if (!only.length || only.includes(s.id)) process.stdout.write(`SKIP          ${s.id}  (${s.reason})\n`);
}
if (which !== 'corpus') {
  const { cases, dir } = ownCases();
  for (const p of cases.filter((x) => !only.length || only.includes(x.id))) {
    const r = await compare(p, o);
    results.push(r);
    print(r);
  }
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`\nhelm ${major}, helmfile vs helmsync:\n`);
for (const [cmd, t] of Object.entries(tally(results))) process.stdout.write(`  ${cmd.padEnd(9)} ${t.same} same, ${t.different} different\n`);
