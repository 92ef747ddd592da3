/**
 * Part of `npm run bench` (issue 9): helmsync beside Helmfile v1.8.0 (npm run
 * peers:build) on the same work, helm 4, one run, figures as ratios
 * helmsync / helmfile (below 1 means helmsync is faster). Printed, never asserted.
 * - cold `template` of 100 releases of one local chart (empty caches);
 * - no-op `diff` and no-op `apply` of the same 100 releases once deployed,
 *   against the real control plane (npm run cluster:build), helmfile with
 *   helm-diff v3.13.2 as helm's plugin, helmsync on its fast path.
 * BENCH_RELEASES overrides the size. Skipped with one line when a binary is missing.
 */
import { execa } from 'execa';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { binRun, repoRoot, sandbox } from '../support/cli.js';
import { missingRealClusterBinaries, startRealControlPlane } from '../support/real-cluster.js';
// @ts-expect-error plain ESM module shared with the build scripts
import { missingPeerBinaries, peerBinaries } from '../../scripts/cluster-versions.mjs';

const RELEASES = Number(process.env.BENCH_RELEASES ?? 100);
const NAMESPACES = 4;
const missing = [...(missingPeerBinaries() as string[]), ...missingRealClusterBinaries()];
if (missing.length) {
  console.log(`peers bench skipped: missing ${missing.join(', ')} (npm run peers:build, npm run cluster:build)`);
  process.exit(0);
}
const bins = peerBinaries() as { helmfile: string; helmPlugins: string; helmPlugins3: string };
const { helm, kubectl } = toolset(4);
const cluster = await startRealControlPlane();
const sb = sandbox('helmsync-bench-peers-');
writeFileSync(sb.env.KUBECONFIG!, cluster.kubeconfig(), { mode: 0o600 });
const dir = join(sb.dir, 'work');
mkdirSync(join(dir, 'values'), { recursive: true });
cpSync(join(repoRoot, 'fixtures', 'demo', 'charts'), join(dir, 'charts'), { recursive: true });
const lines = ['releases:'];
for (let i = 0; i < RELEASES; i++) {
  writeFileSync(join(dir, 'values', `r${i}.yaml`), `replicas: 1\nmessage: release ${i}\n`);
  lines.push(`  - name: r${i}`, `    namespace: ns${i % NAMESPACES}`, '    chart: ./charts/app', '    values:', `      - values/r${i}.yaml`);
}
writeFileSync(join(dir, 'helmfile.yaml'), `${lines.join('\n')}\n`);
const env: Record<string, string> = {
  ...sb.env,
  HELM_PLUGINS: bins.helmPlugins,
  HELMSYNC_CACHE_HOME: join(sb.dir, 'cache'),
  HELMFILE_HELM4: '1',
  HELMFILE_UPGRADE_NOTICE_DISABLED: '1',
  PATH: `${join(helm, '..')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
};

async function timed(tool: 'helmfile' | 'helmsync', args: string[], ok: number[] = [0]): Promise<number> {
  const [file, argv] = tool === 'helmfile' ? [bins.helmfile, args] : [process.execPath, [binRun, ...args, '--kubectl-binary', kubectl]];
  const t0 = performance.now();
  const r = await execa(file, [...argv, '--helm-binary', helm], { cwd: dir, env, extendEnv: false, reject: false });
  const ms = performance.now() - t0;
  if (!ok.includes(r.exitCode ?? -1)) throw new Error(`${tool} ${args.join(' ')} exited ${r.exitCode}: ${String(r.stderr).slice(-2000)}`);
  return ms;
}
const coldCaches = () => {
  for (const d of [env.HELMSYNC_CACHE_HOME, env.HELM_CACHE_HOME, env.HELMFILE_CACHE_HOME]) rmSync(d!, { recursive: true, force: true });
};
const row = (what: string, hf: number, hs: number) =>
  console.log(`${what}: helmfile ${hf.toFixed(0)} ms, helmsync ${hs.toFixed(0)} ms, ratio helmsync/helmfile ${(hs / hf).toFixed(2)}x`);

try {
  coldCaches();
  const hfTemplate = await timed('helmfile', ['template', '--skip-deps']);
  coldCaches();
  const hsTemplate = await timed('helmsync', ['template', '--skip-deps', '-q']);
  console.log(`peers, ${RELEASES} releases, helm 4, one run (helmfile v1.8.0, helm-diff v3.13.2; real control plane v1.34):`);
  row('cold template', hfTemplate, hsTemplate);

  await timed('helmsync', ['sync', '--concurrency', '8']);
  // Both no-op: exit 0 under --detailed-exitcode.
  const hfDiff = await timed('helmfile', ['diff', '--detailed-exitcode', '--skip-deps']);
  const hsDiff = await timed('helmsync', ['diff', '--detailed-exitcode', '-q']);
  row('no-op diff of deployed releases', hfDiff, hsDiff);
  const hfApply = await timed('helmfile', ['apply', '--detailed-exitcode', '--skip-deps']);
  const hsApply = await timed('helmsync', ['apply', '--detailed-exitcode', '-q']);
  row('no-op apply of deployed releases', hfApply, hsApply);
} finally {
  await cluster.stop();
  sb.cleanup();
}
