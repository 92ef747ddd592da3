/**
 * Interrupted runs, through the BUILT CLI under helm 3 and helm 4: a `sync`
 * killed with SIGKILL of its whole process group (as CI cancels a job) in the
 * middle of `helm upgrade --wait` / `helm upgrade --install --wait` leaves the
 * release pending-upgrade / pending-install. The next run refuses while the
 * interrupted writer's timeout has not passed (it may still be running),
 * `--no-recover` fails with the helm command to run, and a plain run recovers
 * the release (rollback to the last deployed revision, or uninstall of the
 * never-deployed install) and converges to `deployed`.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { binRun } from '../support/cli.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function releasesFile(name: string, neverReady: boolean): string {
  // timeout 60: helm would wait a minute for the never-ready pod; the test kills it long before.
  return ['releases:', `  - name: ${name}`, '    namespace: apps', '    chart: ./charts/demo', '    wait: true', '    timeout: 60', '    values:', `      - neverReady: ${neverReady}`, ''].join('\n');
}

describe.each(HELM_MAJORS)('interrupted runs with helm %i', (major) => {
  let e: ClusterEnv;
  beforeAll(async () => {
    e = await setUp(major);
  }, 60_000);
  afterAll(async () => {
    await e?.stop();
  });
  beforeEach(() => e.cluster.reset());

  const statusOf = (name: string) =>
    e.cluster
      .releases('apps')
      .filter((r) => r.name === name)
      .map((r) => `${r.version} ${r.info.status}`);

  /** Starts `helmsync sync` in its own process group, waits until helm marked the release pending, kills the group. */
  async function killMidWait(file: string, name: string, pendingStatus: string): Promise<void> {
    const child = spawn(process.execPath, [binRun, '-f', file, 'sync', '--helm-binary', e.helm, '--kubectl-binary', e.kubectl], {
      cwd: e.dir,
      env: { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!e.cluster.releases('apps').some((r) => r.name === name && r.info.status === pendingStatus)) {
      if (Date.now() > deadline) throw new Error(`release never became ${pendingStatus}`);
      await sleep(100);
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  }

  it('a sync killed mid-upgrade --wait leaves pending-upgrade; the next run refuses while it may be live, --no-recover names the fix, a plain run rolls back and upgrades', async () => {
    e.write('web.yaml', releasesFile('web', false));
    expect((await e.cli(['-f', 'web.yaml', 'sync'])).exitCode).toBe(0);
    e.write('web.yaml', releasesFile('web', true));
    await killMidWait('web.yaml', 'web', 'pending-upgrade');
    expect(statusOf('web')).toEqual(['1 deployed', '2 pending-upgrade']);

    // The writer's timeout (60 s) has not passed: another run may still be at work.
    e.write('web.yaml', releasesFile('web', false));
    const busy = await e.cli(['-f', 'web.yaml', 'sync']);
    expect(busy.exitCode).toBe(1);
    expect(busy.stderr).toMatch(/release apps\/web is pending-upgrade at revision 2 since \d+s ago, within its 60s timeout: another run may still be changing it/);
    expect(statusOf('web')).toEqual(['1 deployed', '2 pending-upgrade']);

    // --timeout 3: the interrupted writer's 3 s are over by now.
    await sleep(3_100);
    const refused = await e.cli(['-f', 'web.yaml', 'sync', '--timeout', '3', '--no-recover']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/release apps\/web was left pending-upgrade at revision 2 by an interrupted run/);
    expect(refused.stderr).toMatch(/helm rollback web 1 --namespace apps/);
    expect(statusOf('web')).toEqual(['1 deployed', '2 pending-upgrade']);

    const r = await e.cli(['-f', 'web.yaml', 'sync', '--timeout', '3']);
    expect(r.stderr).toMatch(/release apps\/web: revision 2 was left pending-upgrade by an interrupted run \(\d+s ago\); rolling back to revision 1/);
    expect(r.exitCode).toBe(0);
    const history = statusOf('web');
    expect(history[history.length - 1]).toMatch(/^4 deployed$/);
    expect(history).toContain('3 superseded');
    const dep = e.cluster.get('apps/v1', 'Deployment', 'apps', 'web');
    expect(dep?.spec.template.metadata.annotations?.['emulator.helmsync.dev/never-ready']).toBeUndefined();
    // Converged: a diff finds nothing.
    expect((await e.cli(['-f', 'web.yaml', 'diff', '--detailed-exitcode'])).exitCode).toBe(0);
  }, 180_000);

  it('a sync killed mid-install --wait leaves pending-install; the next run uninstalls it and installs afresh', async () => {
    e.write('fresh.yaml', releasesFile('fresh', true));
    await killMidWait('fresh.yaml', 'fresh', 'pending-install');
    expect(statusOf('fresh')).toEqual(['1 pending-install']);
    e.write('fresh.yaml', releasesFile('fresh', false));
    await sleep(3_100);
    const refused = await e.cli(['-f', 'fresh.yaml', 'apply', '--timeout', '3', '--no-recover']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/helm uninstall fresh --namespace apps/);
    const r = await e.cli(['-f', 'fresh.yaml', 'apply', '--timeout', '3']);
    expect(r.stderr).toMatch(/release apps\/fresh: revision 1 was left pending-install by an interrupted run \(\d+s ago\) and was never deployed; uninstalling it/);
    expect(r.exitCode).toBe(0);
    expect(statusOf('fresh')).toEqual(['1 deployed']);
  }, 180_000);

  it('SIGTERM to a running sync stops its helm call (revision marked failed, not pending), starts no further release, exit 1; the next run finishes', async () => {
    const file = (neverReady: boolean) =>
      [
        'releases:',
        '  - name: slow', '    namespace: apps', '    chart: ./charts/demo', '    wait: true', '    timeout: 60', '    values:', `      - neverReady: ${neverReady}`,
        '  - name: after', '    namespace: apps', '    chart: ./charts/demo', '    needs: [apps/slow]',
        '',
      ].join('\n');
    e.write('chain.yaml', file(true));
    const child = spawn(process.execPath, [binRun, '-f', 'chain.yaml', 'sync', '--helm-binary', e.helm, '--kubectl-binary', e.kubectl], {
      cwd: e.dir,
      env: { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (!e.cluster.releases('apps').some((r) => r.name === 'slow' && r.info.status === 'pending-install')) await sleep(100);
    // Only helmsync gets the signal (as `kill PID` or a Pod stop): it must pass it on to helm.
    child.kill('SIGTERM');
    const code = await exited;
    expect(stderr).toContain('received SIGTERM');
    expect(stderr).toMatch(/interrupted by SIGTERM: 1 release stopped \(marked failed, not pending\), 1 not started, 0 finished/);
    expect(stderr).toMatch(/apps\/after: skipped, interrupted before it started/);
    expect(code).toBe(1);
    expect(statusOf('slow')).toEqual(['1 failed']);
    expect(statusOf('after')).toEqual([]);

    e.write('chain.yaml', file(false));
    const r = await e.cli(['-f', 'chain.yaml', 'sync']);
    expect(r.exitCode).toBe(0);
    expect(statusOf('slow').pop()).toMatch(/deployed$/);
    expect(statusOf('after')).toEqual(['1 deployed']);
  }, 180_000);
});
