/**
 * `npx tsx test/corpus/run.ts [--helm 3|4] [case-id…]`: runs the Helmfile
 * corpus against the built CLI and prints pass / fail / skip per case and totals.
 * Build first (`npm run build`).
 */
import { join } from 'node:path';
import { toolset, type HelmMajor } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { runCorpus } from './harness.js';

const args = process.argv.slice(2);
let major: HelmMajor = 4;
const hi = args.indexOf('--helm');
if (hi >= 0) {
  major = Number(args[hi + 1]) === 3 ? 3 : 4;
  args.splice(hi, 2);
}
const verbose = args.includes('-v');
const only = args.filter((a) => !a.startsWith('-'));

const reports = await runCorpus({ bin: join(repoRoot, 'bin', 'run.js'), helm: toolset(major).helm, helmMajor: major, only: only.length ? only : undefined });
const counts = { pass: 0, fail: 0, skip: 0 };
for (const r of reports) {
  counts[r.outcome]++;
  process.stdout.write(`${r.outcome.toUpperCase().padEnd(4)} ${r.id}${r.reason && (r.outcome === 'skip' || !verbose) ? `  (${r.reason.split('\n')[0]})` : ''}\n`);
  if (verbose && r.outcome === 'fail') process.stdout.write(`${r.reason}\n`);
}
process.stdout.write(`\nhelm ${major}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped of ${reports.length} cases\n`);
