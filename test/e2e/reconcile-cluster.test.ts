/**
 * `helmsync reconcile` through the BUILT CLI against the API emulator with
 * real helm 3 and helm 4 (issue 10): --once exit codes, a value change
 * upgrading only that release on the next tick, drift reported and left
 * alone without --self-heal and healed with it, a failing release backed
 * off (1 s, 2 s, 4 s …) while the others are reconciled, a file that stops
 * loading failing the tick without ending the loop, and SIGTERM exiting 0
 * with no release pending. Expected values come from the fixture and the
 * cluster, never from helmsync's own output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUp, type ClusterEnv } from './cluster-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

describe.each(HELM_MAJORS)('reconcile with helm %i', (major) => {
  let e: ClusterEnv;
  let running: Reconciler | undefined;
  beforeAll(async () => {
    e = await setUp(major);
  }, 60_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await e?.stop();
  });

  const replicas = () => e.cluster.get('apps/v1', 'Deployment', 'apps', 'web')?.spec.replicas;
  const noPending = () => e.cluster.releases().filter((r) => String(r.info.status).startsWith('pending-'));

  it('--once installs everything and exits 2, then exits 0 with nothing to do', async () => {
    const first = await e.cli(['reconcile', '--once']);
    expect({ code: first.exitCode, err: first.exitCode === 2 ? '' : first.stderr }).toEqual({ code: 2, err: '' });
    expect(e.revisions()).toEqual({ 'data/db': 1, 'apps/web': 1, 'apps/widgets': 1 });
    expect(first.stderr).toMatch(/tick 1: changed \(3 to install, 0 to upgrade, 0 to uninstall, 0 unchanged\)/);
    const second = await e.cli(['reconcile', '--once']);
    expect({ code: second.exitCode, err: second.exitCode === 0 ? '' : second.stderr }).toEqual({ code: 0, err: '' });
    expect(second.stderr).toMatch(/tick 1: in-sync/);
    expect(e.revisions()).toEqual({ 'data/db': 1, 'apps/web': 1, 'apps/widgets': 1 });
  }, 120_000);

  it('without --self-heal: a kubectl scale is reported as drift on every tick and left alone; a value change upgrades only its release', async () => {
    expect((await e.kubectl_(['scale', 'deployment', 'web', '-n', 'apps', '--replicas=3'])).code).toBe(0);
    running = startReconcile(e, ['reconcile', '--interval', '1s', '--jitter', '0']);
    await running.waitFor(/tick 2: in-sync/);
    expect(running.lines.filter((l) => /release apps\/web: live objects drifted, left alone/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(replicas()).toBe(3);
    expect(e.revisions()).toEqual({ 'data/db': 1, 'apps/web': 1, 'apps/widgets': 1 });

    e.write('values/db.yaml', 'message: db changed by a commit\npassword: SENTINEL-7f3a9c2e-secret\n');
    const at = running.lines.length;
    await running.waitFor(/tick \d+: changed \(0 to install, 1 to upgrade, 0 to uninstall, 2 unchanged\)/, { from: at });
    expect(e.revisions()).toEqual({ 'data/db': 2, 'apps/web': 1, 'apps/widgets': 1 });
    expect(e.cluster.get('v1', 'ConfigMap', 'data', 'db')?.data).toEqual({ message: 'db changed by a commit' });
    // The drift is still there: only the changed release was touched.
    expect(replicas()).toBe(3);
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(running.lines.join('\n')).not.toContain('SENTINEL');
    running = undefined;
  }, 120_000);

  it('--self-heal: the drifted release is synced on the next tick and stays healed', async () => {
    running = startReconcile(e, ['reconcile', '--interval', '1s', '--jitter', '0', '--self-heal']);
    await running.waitFor(/tick 1: changed \(0 to install, 1 to upgrade, 0 to uninstall, 2 unchanged\)/);
    expect(replicas()).toBe(1);
    expect(e.revisions()).toEqual({ 'data/db': 2, 'apps/web': 2, 'apps/widgets': 1 });
    await running.waitFor(/tick 2: in-sync/);
    // A live edit while it runs is healed on the next tick too.
    expect((await e.kubectl_(['patch', 'widgets.example.helmsync.dev', 'widgets', '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"color":"red"}}'])).code).toBe(0);
    const at = running.lines.length;
    await running.waitFor(/release apps\/widgets: drift healed/, { from: at });
    expect(e.cluster.get('example.helmsync.dev/v1', 'Widget', 'apps', 'widgets')?.spec.color).toBe('blue');
    expect(e.revisions()['apps/widgets']).toBe(2);
    expect(await running.stop('SIGTERM')).toBe(0);
    running = undefined;
  }, 120_000);

  it('a failing release backs off 1s, 2s, 4s while the others are reconciled; its dependant waits; the process never exits', async () => {
    running = startReconcile(e, ['-f', 'failing.yaml', 'reconcile', '--interval', '1m', '--jitter', '0', '--retry-backoff', '1s']);
    await running.waitFor(/release fail\/bad: install failed \(1 in a row\), backing off 1s/);
    await running.waitFor(/release fail\/bad: upgrade failed \(2 in a row\), backing off 2s/);
    await running.waitFor(/release fail\/bad: upgrade failed \(3 in a row\), backing off 4s/);
    const log = running.lines.join('\n');
    expect(log).toMatch(/next tick in (1s|9\d\dms) \(a release is due for its retry\)/);
    expect(log).toMatch(/next tick in (2s|1\d\d\dms) \(a release is due for its retry\)/);
    expect(log).toMatch(/skipping install fail\/after-bad: needs fail\/bad failed/);
    const status = Object.fromEntries(e.cluster.releases().map((x) => [`${x.namespace}/${x.name}`, x.info.status]));
    expect(status['other/fine']).toBe('deployed');
    expect(status['fail/after-bad']).toBeUndefined();
    expect(e.cluster.releases('other').length).toBe(1); // fine was installed once, never upgraded again
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(noPending()).toEqual([]);
    running = undefined;
  }, 120_000);

  it('a file that stops loading fails the tick with file:line, writes nothing and the loop goes on', async () => {
    const good = e.read('helmfile.yaml');
    running = startReconcile(e, ['reconcile', '--interval', '1s', '--jitter', '0']);
    await running.waitFor(/tick 1: in-sync/);
    e.write('helmfile.yaml', `${good}\n  - name: broken\n    namespace: apps\n    chart: ./charts/demo\n    needs: [nowhere/missing]\n`);
    const bad = await running.waitFor(/tick \d+: failed, nothing was written/);
    expect(bad).toMatch(/helmfile\.yaml:\d+/);
    e.write('helmfile.yaml', good);
    const at = running.lines.findIndex((l) => l === bad);
    await running.waitFor(/tick \d+: in-sync/, { from: at });
    expect(await running.stop('SIGINT')).toBe(0);
    running = undefined;
  }, 120_000);
});
