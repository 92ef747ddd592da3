/**
 * `helmsync reconcile --watch --interval 10m --self-heal` through the BUILT
 * CLI with real helm 3 and helm 4 against the real control plane
 * (HELMSYNC_TEST_CLUSTER=emulator for the emulator), issue 10 "Congruence on
 * events": with the interval far away, a manual kubectl edit is healed and a
 * values-file change is deployed within seconds, each by a tick for the one
 * release it affects (helm's revisions prove the other is untouched); a
 * field that a second process keeps flipping back stops being healed and is
 * reported as contested with the ignoreDiffs rule that settles it.
 * Deadlines are generous and only bound the wait; no timing is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { repoRoot, sandbox, type Sandbox } from '../support/cli.js';
import { sharedTestCluster, type TestCluster } from '../support/test-cluster.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

/** Polls `probe` until it returns true; rejects with `what` after the deadline. */
async function eventually(what: string, probe: () => Promise<boolean>, deadlineMs = 90_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.each(HELM_MAJORS)('reconcile --watch with helm %i', (major) => {
  const { helm, kubectl } = toolset(major);
  let cluster: TestCluster;
  let sb: Sandbox;
  let dir: string;
  let ns: string;
  let running: Reconciler | undefined;
  let flipper: ChildProcess | undefined;
  const env = () => ({ ...sb.env, KUBECONFIG: cluster.kubeconfigPath });
  const k = (args: string[]) => cluster.exec(kubectl, args, { env: env() });
  const deployment = async (name: string) => cluster.get('apps/v1', 'Deployment', ns, name);
  const revisions = async () => {
    const out: Record<string, number> = {};
    for (const r of await cluster.releases(ns)) out[r.name] = Math.max(out[r.name] ?? 0, r.version as number);
    return out;
  };

  beforeAll(async () => {
    cluster = await sharedTestCluster({ emulator: { controllerDelayMs: 30 } });
    ns = await cluster.namespace(`watch-h${major}`);
    sb = sandbox('helmsync-e2e-watch-');
    dir = join(sb.dir, 'work');
    mkdirSync(join(dir, 'values'), { recursive: true });
    cpSync(join(repoRoot, 'fixtures', 'charts', 'demo'), join(dir, 'charts', 'demo'), { recursive: true });
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      ['releases:', ...['web', 'api'].flatMap((n) => [`  - name: ${n}`, `    namespace: ${ns}`, '    chart: ./charts/demo', '    values:', `      - values/${n}.yaml`]), ''].join('\n'),
    );
    writeFileSync(join(dir, 'values', 'web.yaml'), 'message: web says hello\n');
    writeFileSync(join(dir, 'values', 'api.yaml'), 'message: api says hello\n');
  }, 300_000);
  afterAll(async () => {
    flipper?.kill('SIGKILL');
    await running?.stop('SIGKILL');
    sb?.cleanup();
  });

  it('installs, then follows the files and the managed objects', async () => {
    running = startReconcile({ helm, kubectl, dir, sb, cluster }, ['reconcile', '--watch', '--interval', '10m', '--jitter', '0', '--self-heal', '--heal-rate-limit', '2s']);
    await running.waitFor(/tick 1: changed \(2 to install, 0 to upgrade, 0 to uninstall, 0 unchanged\)/, { timeoutMs: 120_000 });
    expect(await revisions()).toEqual({ web: 1, api: 1 });
    // Every kind of the demo chart's objects, in the one namespace; values and chart files too.
    const following = await running.waitFor(/watch: following /);
    expect(following).toMatch(/watch: following ConfigMap, Deployment, Secret, Service in 1 namespace \(4 API watches\)/);
  }, 180_000);

  it('a manual kubectl edit is healed by a tick for that release alone, long before the interval', async () => {
    const at = running!.lines.length;
    expect((await k(['set', 'image', 'deployment/web', `web=registry.example/hand-edited:1`, '-n', ns])).code).toBe(0);
    const started = await running!.waitFor(new RegExp(`tick \\d+: started for ${ns}/web \\(Deployment ${ns}/web changed in the cluster`), { from: at, timeoutMs: 90_000 });
    await running!.waitFor(new RegExp(`release ${ns}/web: drift healed`), { from: running!.lines.indexOf(started), timeoutMs: 90_000 });
    await eventually('the image is back to the chart\'s', async () => (await deployment('web'))?.spec.template.spec.containers[0].image !== 'registry.example/hand-edited:1');
    expect(await revisions()).toEqual({ web: 2, api: 1 });
  }, 120_000);

  it('a values-file change is deployed by a tick for the release that reads it', async () => {
    const at = running!.lines.length;
    writeFileSync(join(dir, 'values', 'api.yaml'), 'message: api changed on disk\n');
    // (web's own heal may still be echoing back from the cluster and share the tick.)
    await running!.waitFor(new RegExp(`tick \\d+: started for (${ns}/web, )?${ns}/api(, ${ns}/web)? \\((.*, )?values/api\\.yaml changed`), { from: at, timeoutMs: 90_000 });
    await eventually('the ConfigMap holds the new value', async () => (await cluster.get('v1', 'ConfigMap', ns, 'api'))?.data?.message === 'api changed on disk');
    await running!.waitFor(/tick \d+: changed \(0 to install, 1 to upgrade, 0 to uninstall, [01] unchanged\)/, { from: at });
    expect(await revisions()).toEqual({ web: 2, api: 2 });
  }, 120_000);

  it('a field another process keeps flipping back stops being healed and is reported with the ignoreDiffs rule', async () => {
    const at = running!.lines.length;
    // A second process owning replicas, as an HPA would: it sets 3 whenever it is not.
    const script = [
      "const { execFileSync } = require('node:child_process');",
      'const [kubectl, ns] = process.argv.slice(1);',
      'for (;;) {',
      "  try { const r = execFileSync(kubectl, ['get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}'], { encoding: 'utf8' });",
      "    if (r.trim() !== '3') execFileSync(kubectl, ['scale', 'deployment', 'web', '-n', ns, '--replicas=3']); } catch {}",
      "  execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 300)']);",
      '}',
    ].join('\n');
    flipper = spawn(process.execPath, ['-e', script, kubectl, ns], { env: { ...process.env, ...env() }, stdio: 'ignore' });
    const contested = await running!.waitFor(new RegExp(`release ${ns}/web: Deployment ${ns}/web /spec/replicas flipped back 3 times after being healed: another controller owns it, so it is no longer healed \\(contested\\)`), { from: at, timeoutMs: 150_000 });
    const from = running!.lines.indexOf(contested);
    // The exact YAML to add under the release.
    expect(running!.lines.slice(from + 1, from + 6).join('\n')).toBe(['  ignoreDiffs:', '    - kind: Deployment', '      name: web', '      jsonPointers:', '        - /spec/replicas'].join('\n'));
    const healedBefore = running!.lines.slice(at, from).filter((l) => l.includes(`release ${ns}/web: drift healed`)).length;
    expect(healedBefore).toBeGreaterThanOrEqual(3);
    // From now on the flipper wins: replicas stays 3, no more heals, no new revision, ticks find nothing to do.
    const revs = await revisions();
    const after = running!.lines.length;
    await k(['annotate', 'deployment', 'web', '-n', ns, '--overwrite', 'note=poke']);
    await running!.waitFor(new RegExp(`tick \\d+: started for ${ns}/web`), { from: after, timeoutMs: 60_000 });
    await running!.waitFor(/tick \d+: in-sync/, { from: after, timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 5000));
    expect(running!.lines.slice(after).filter((l) => l.includes('drift healed'))).toEqual([]);
    expect(await revisions()).toEqual(revs);
    expect((await deployment('web'))?.spec.replicas).toBe(3);
    flipper.kill('SIGKILL');
    flipper = undefined;
    expect(await running!.stop('SIGTERM')).toBe(0);
    running = undefined;
  }, 240_000);
});
