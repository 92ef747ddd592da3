/**
 * `npx tsx test/corpus/run-realworld.ts [-v] [case-id…]`: runs the real-world
 * corpus against the built CLI and prints PASS/FAIL per case with the reason.
 */
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { loadRealworldCases, runRealworldCase } from './realworld.js';

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const only = args.filter((a) => !a.startsWith('-'));
let pass = 0;
const cases = loadRealworldCases().filter((c) => !only.length || only.some((o) => c.id.includes(o)));
for (const c of cases) {
  const r = await runRealworldCase(c, join(repoRoot, 'bin', 'run.js'), toolset(4).helm);
  if (r.pass) pass++;
  process.stdout.write(`${r.pass ? 'PASS' : 'FAIL'} ${c.id}  (${r.reason})\n`);
  if (verbose && !r.pass) process.stdout.write(`${r.output.slice(-3000)}\n`);
}
process.stdout.write(`\nrealworld: ${pass}/${cases.length} passed\n`);
