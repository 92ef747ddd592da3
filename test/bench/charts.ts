/**
 * Chart-source bench: 50 releases sharing 5 chart versions from one HTTP
 * repository and 5 from one OCI registry (both real, on 127.0.0.1), resolved
 * concurrently by one resolver. Helmfile refreshes repositories and pulls per
 * release (inventory §6 #1, #11); helmsync must read each index once, list each
 * OCI repository once and fetch each chart version once. Prints wall time and
 * the counters; exits 1 when a counter is off (counts are deterministic,
 * timings are not). Run: `npx tsx test/bench/charts.ts` (BENCH_HELM=3|4).
 */
import { join } from 'node:path';
import { createChartResolver, total } from '../../src/charts/index.js';
import { loadFrom, realDeps, writeTree } from '../charts/helpers.js';
import { toolset } from '../support/binaries.js';
import { CHARTS_SRC, isolatedHelmEnv, packageChart, removeTree, startChartRepo } from '../support/chart-repo.js';
import { pushCharts, startOciRegistry } from '../support/oci-registry.js';

const major = (Number(process.env.BENCH_HELM ?? 4) === 3 ? 3 : 4) as 3 | 4;
const { helm } = toolset(major);
const VERSIONS = ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0'];
const home = isolatedHelmEnv('helmsync-bench-charts-');
const tgzs = packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), VERSIONS, join(home.dir, 'pkg'));
const repo = await startChartRepo({ dir: join(home.dir, 'pkg'), helm, env: home.env });
const registry = await startOciRegistry();
let failed = false;
try {
  await pushCharts(helm, home.env, registry, 'charts', tgzs);
  const lines = ['repositories:', '- name: http', `  url: ${repo.url}`, '- name: oci', `  url: ${registry.host}/charts`, '  oci: true', 'releases:'];
  for (let i = 0; i < 50; i++) {
    const source = i % 2 === 0 ? 'http' : 'oci';
    // Mix exact versions and constraints that land on the same 5 versions.
    const v = VERSIONS[i % 5]!;
    lines.push(`- name: r${i}`, `  chart: ${source}/demo`, `  version: "${i % 3 === 0 ? `~${v.slice(0, 3)}` : v}"`);
  }
  const dir = writeTree({ 'helmfile.yaml': lines.join('\n') });
  const { deps } = realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
  const state = await loadFrom(dir, deps);
  const before = repo.indexReads();
  const t0 = performance.now();
  const resolver = createChartResolver(state, deps, { helmBinary: helm });
  const resolved = await Promise.all(state.releases.map((r) => resolver.resolve(r)));
  const ms = performance.now() - t0;
  const c = resolver.counters;
  const distinct = new Set(resolved.map((r) => `${r.kind}|${r.version}`)).size;
  console.log(`helm ${major}: resolved ${resolved.length} releases (${distinct} distinct chart versions) in ${ms.toFixed(0)} ms`);
  console.log(`  index reads: ${total(c.indexReads)} counted, ${repo.indexReads() - before} seen by the server (want 1)`);
  console.log(`  OCI tag listings: ${total(c.tagListings)} (want <= 1)`);
  console.log(`  chart fetches: ${total(c.pulls)} for ${distinct} versions (want ${distinct}; Helmfile: up to ${resolved.length})`);
  failed = repo.indexReads() - before !== 1 || total(c.tagListings) > 1 || total(c.pulls) !== distinct || distinct !== 10;
  resolver.dispose();
  removeTree(dir);
} finally {
  await repo.close();
  await registry.stop();
  removeTree(home.dir);
}
if (failed) {
  console.error('chart bench: a counter is off');
  process.exit(1);
}
