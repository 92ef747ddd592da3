/**
 * Interrupted runs, through the BUILT CLI under helm 3 and helm 4: a `sync`
 * killed with SIGKILL of its whole process group (as CI cancels a job) in the
 * middle of `helm upgrade --wait` / `helm upgrade --install --wait` leaves the
 * release pending-upgrade / pending-install, and its one-writer Lease held.
 * The next run waits for that Lease (`--lock-timeout 0` fails at once naming
 * the dead holder) until its TTL frees it; then, holding the lock, it knows
 * no writer is at work and recovers the release at once (rollback to the last
 * deployed revision, or uninstall of the never-deployed install) and
 * converges to `deployed`; `--no-recover` fails with the helm command to run.
 * Without the lock (`--no-lock`) the age rule still refuses while the
 * interrupted writer's timeout has not passed.
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
  async function killMidWait(file: string, name: string, pendingStatus: string, extra: string[] = []): Promise<void> {
    const child = spawn(process.execPath, [binRun, '-f', file, 'sync', '--helm-binary', e.helm, '--kubectl-binary', e.kubectl, ...extra], {
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

  const LOCK = /lock default\/helmsync-[a-z]+-default-[0-9a-f]{8}-[0-9a-f]{10} on context "emulator" \(http:\/\/127\.0\.0\.1:\d+\)/;
  const holder = (name: string): string | undefined => e.cluster.list('coordination.k8s.io/v1', 'Lease', 'default').find((l) => l.metadata.name.startsWith(`helmsync-${name}-default-`))?.spec.holderIdentity;

  it('a sync killed mid-upgrade --wait leaves pending-upgrade and its Lease; the next run waits for the Lease to expire, then rolls back at once and upgrades', async () => {
    e.write('web.yaml', releasesFile('web', false));
    expect((await e.cli(['-f', 'web.yaml', 'sync'])).exitCode).toBe(0);
    expect(holder('web')).toBe('');
    e.write('web.yaml', releasesFile('web', true));
    // Its Lease lives 25 s unless renewed (long enough for the next CLI to start on a loaded machine; 10 s was not): the killed run never renews it.
    await killMidWait('web.yaml', 'web', 'pending-upgrade', ['--lock-ttl', '25s']);
    expect(statusOf('web')).toEqual(['1 deployed', '2 pending-upgrade']);
    expect(holder('web')).toMatch(/^helmsync sync by \S+@\S+ pid \d+ \([0-9a-f]{8}\)$/);

    // The dead writer's Lease is still live: --lock-timeout 0 says who holds it and writes nothing.
    e.write('web.yaml', releasesFile('web', false));
    const busy = await e.cli(['-f', 'web.yaml', 'sync', '--lock-timeout', '0']);
    expect(busy.exitCode).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`another writer holds the ${LOCK.source}: helmsync sync by \\S+@\\S+ pid \\d+ \\(\\w+\\) for \\d+s \\(renewed \\d+s ago, expires in \\d+s unless renewed\\); --lock-timeout 0: not waiting, nothing was written`));
    expect(statusOf('web')).toEqual(['1 deployed', '2 pending-upgrade']);

    // Without the lock only the age rule is left: within the writer's 60 s timeout it may still be running.
    const unlocked = await e.cli(['-f', 'web.yaml', 'sync', '--no-lock']);
    expect(unlocked.exitCode).toBe(1);
    expect(unlocked.stderr).toMatch(/release apps\/web is pending-upgrade at revision 2 since \d+s ago, within its 60s timeout: another run may still be changing it/);

    // Once the dead writer's Lease expired (this run waits for it if need be) the run holds the lock:
    // no writer is at work, however young the revision.
    const refused = await e.cli(['-f', 'web.yaml', 'sync', '--no-recover']);
    expect(refused.stderr).toMatch(/helmsync sync by \S+ pid \d+ \(\w+\) did not renew it for 25s \(a crashed run\?\); taking it over/);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/release apps\/web was left pending-upgrade at revision 2 by an interrupted run/);
    expect(refused.stderr).toMatch(/helm rollback web 1 --namespace apps/);
    expect(statusOf('web')).toEqual(['1 deployed', '2 pending-upgrade']);
    // Released on error too.
    expect(holder('web')).toBe('');

    const r = await e.cli(['-f', 'web.yaml', 'sync']);
    expect(r.stderr).toMatch(/release apps\/web: revision 2 was left pending-upgrade by an interrupted run \(\d+s ago\); rolling back to revision 1/);
    expect(r.exitCode).toBe(0);
    const history = statusOf('web');
    expect(history[history.length - 1]).toMatch(/^4 deployed$/);
    expect(history).toContain('3 superseded');
    const dep = e.cluster.get('apps/v1', 'Deployment', 'apps', 'web');
    expect(dep?.spec.template.metadata.annotations?.['emulator.helmsync.dev/never-ready']).toBeUndefined();
    // Converged: a diff finds nothing.
    expect((await e.cli(['-f', 'web.yaml', 'diff', '--detailed-exitcode'])).exitCode).toBe(0);
    expect(holder('web')).toBe('');
  }, 180_000);

  it('a sync killed mid-install --wait leaves pending-install; once its Lease expired the next run uninstalls it and installs afresh', async () => {
    e.write('fresh.yaml', releasesFile('fresh', true));
    await killMidWait('fresh.yaml', 'fresh', 'pending-install', ['--lock-ttl', '25s']);
    expect(statusOf('fresh')).toEqual(['1 pending-install']);
    e.write('fresh.yaml', releasesFile('fresh', false));
    const refused = await e.cli(['-f', 'fresh.yaml', 'apply', '--no-recover']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/helm uninstall fresh --namespace apps/);
    const r = await e.cli(['-f', 'fresh.yaml', 'apply']);
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
    // The lock was released on the way out: the next writer need not wait for its TTL.
    expect(holder('chain')).toBe('');

    e.write('chain.yaml', file(false));
    const r = await e.cli(['-f', 'chain.yaml', 'sync']);
    expect(r.exitCode).toBe(0);
    expect(statusOf('slow').pop()).toMatch(/deployed$/);
    expect(statusOf('after')).toEqual(['1 deployed']);
  }, 180_000);
});
