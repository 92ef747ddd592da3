/**
 * One writer at a time (issues 10 and 14), through the BUILT CLI with real
 * helm 3 and helm 4 on the real control plane (the emulator under
 * HELMSYNC_TEST_CLUSTER=emulator): two applies at once — the second waits
 * for the first's Lease, then plans again from what it left and has nothing
 * to do (one new helm revision, no "another operation is in progress"), or
 * gives up after --lock-timeout naming the holder; two reconcilers on one
 * file upgrade a release once for one change; sync and destroy wait too,
 * diff and status never; the Lease lives in --lock-namespace on the
 * environment's kubeContext; SIGTERM while waiting writes nothing, and a
 * reconcile stopped mid-tick releases its Lease. Each release has a presync
 * hook that sleeps, so a writer holds the lock for seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUpShared, type SharedClusterEnv } from './cluster-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

/** How long each upgrade's presync hook keeps its writer holding the lock: long enough for the other runs (a CLI start, load, render and cluster read each) to start meanwhile on a loaded 2-core machine (8 s proved too short in a fresh-clone CI run). */
const HOLD_MS = 25_000;

function releasesFile(o: { name: string; namespace: string; message: string; kubeContext?: string }): string {
  const lines = [
    ...(o.kubeContext ? ['environments:', '  default:', `    kubeContext: ${o.kubeContext}`, '---'] : []),
    'releases:',
    `  - name: ${o.name}`,
    `    namespace: ${o.namespace}`,
    '    chart: ./charts/demo',
    '    values:',
    `      - message: ${o.message}`,
    '    hooks:',
    '      - events: [presync]',
    '        showlogs: false',
    '        command: node',
    `        args: ["-e", "setTimeout(() => {}, ${HOLD_MS})"]`,
    '',
  ];
  return lines.join('\n');
}

describe.each(HELM_MAJORS)('the one-writer lock with helm %i', (major) => {
  let e: SharedClusterEnv;
  const running: Reconciler[] = [];
  const start = (args: string[]): Reconciler => {
    const r = startReconcile(e, args);
    running.push(r);
    return r;
  };
  beforeAll(async () => {
    e = await setUpShared(major);
  }, 180_000);
  afterAll(async () => {
    for (const r of running) await r.stop('SIGKILL');
    await e?.stop();
  });

  const history = async (ns: string, name: string) => (await e.cluster.releases(ns)).filter((r) => r.name === name).map((r) => `${r.version} ${r.info.status}`);
  const leases = async (ns = 'default') => (await e.cluster.list('coordination.k8s.io/v1', 'Lease', ns)).filter((l) => l.metadata.name.startsWith('helmsync-'));
  // The owner mark of a file outside a git work tree: <file name>_<environment>_<hash> (src/app/ownership.ts).
  const leaseOf = async (file: string, ns = 'default') => (await leases(ns)).find((l) => String(l.metadata.annotations?.['helmsync.dev/owner']).startsWith(`${file}_default_`));
  const holderRe = (pid: number) => `helmsync apply by \\S+@\\S+ pid ${pid} \\([0-9a-f]{8}\\)`;

  it('two applies at once: the second waits for the first, plans again from its revision and changes nothing; the Lease names the holder and is released', async () => {
    const ns = await e.cluster.namespace(`lock${major}a`);
    const file = `two-${major}.yaml`;
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'one' }));
    expect((await e.cli(['-f', file, 'apply', '--skip-hooks'])).exitCode).toBe(0); // the set-up install need not hold the lock
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'two' }));

    const first = start(['-f', file, 'apply', '--suppress-diff']);
    await first.waitFor(/upgrade .*\/web: started/);
    // While it writes, the Lease names it: command, user, host and pid.
    const held = await leaseOf(file);
    expect(held?.spec.holderIdentity).toMatch(new RegExp(`^${holderRe(first.pid)}$`));
    expect(held?.spec.leaseDurationSeconds).toBe(30);
    expect(held?.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const second = await e.cli(['-f', file, 'apply', '--suppress-diff']);
    expect(await first.exited).toBe(0);
    expect({ code: second.exitCode, err: second.exitCode ? second.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(second.stderr).toMatch(new RegExp(`lock default/helmsync-two-${major}-default-[0-9a-f]{8}-[0-9a-f]{10} on context "\\w+" \\([^)]+\\) is held by ${holderRe(first.pid)} for \\d+s \\(renewed \\d+s ago, expires in \\d+s unless renewed\\); waiting up to 5m \\(--lock-timeout\\)`));
    expect(second.stderr).toMatch(/No affected releases/);
    expect(second.all).not.toMatch(/another operation .* is in progress/);
    expect(await history(ns, 'web')).toEqual(['1 superseded', '2 deployed']);
    expect((await e.cluster.get('v1', 'ConfigMap', ns, 'web'))?.data).toEqual({ message: 'two' });
    expect((await leaseOf(file))?.spec.holderIdentity).toBe('');
  }, 300_000);

  it('--lock-timeout: a second apply gives up naming the holder and how long it has held the lock, and writes nothing', async () => {
    const ns = await e.cluster.namespace(`lock${major}b`);
    const file = `timeout-${major}.yaml`;
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'one' }));
    expect((await e.cli(['-f', file, 'apply', '--skip-hooks'])).exitCode).toBe(0); // the set-up install need not hold the lock
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'two' }));
    const first = start(['-f', file, 'apply', '--suppress-diff']);
    await first.waitFor(/upgrade .*\/web: started/);
    const second = await e.cli(['-f', file, 'apply', '--suppress-diff', '--lock-timeout', '1s']);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another writer holds the lock default/helmsync-timeout-${major}-default-[0-9a-f]{8}-[0-9a-f]{10} on context "\\w+" \\([^)]+\\): ${holderRe(first.pid)} for \\d+s \\(renewed \\d+s ago, expires in \\d+s unless renewed\\); gave up after --lock-timeout 1s, nothing was written`));
    expect(second.stderr).toMatch(/hint: let that run finish and run again, or wait longer with --lock-timeout; a holder that crashed frees the lock by itself within its 30s lease/);
    expect(await first.exited).toBe(0);
    expect(await history(ns, 'web')).toEqual(['1 superseded', '2 deployed']);
  }, 300_000);

  it('two reconcilers on one file upgrade a release once for one change', async () => {
    const ns = await e.cluster.namespace(`lock${major}c`);
    const file = `reconcile-${major}.yaml`;
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'one' }));
    expect((await e.cli(['-f', file, 'apply', '--skip-hooks'])).exitCode).toBe(0); // the set-up install need not hold the lock
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'two' }));
    const args = ['-f', file, 'reconcile', '--interval', '1s', '--jitter', '0'];
    const [a, b] = [start(args), start(args)];
    // Both finish a tick after the one that upgraded: every tick either changed it or found it in sync.
    await Promise.all([a.waitFor(/tick [2-9]: in-sync/, { timeoutMs: 200_000 }), b.waitFor(/tick [2-9]: in-sync/, { timeoutMs: 200_000 })]);
    expect([await a.stop('SIGTERM'), await b.stop('SIGTERM')]).toEqual([0, 0]);
    const log = [...a.lines, ...b.lines];
    expect(log.filter((l) => /tick \d+: changed/.test(l))).toHaveLength(1);
    expect(log.filter((l) => /tick \d+: (failed|error)/.test(l))).toEqual([]);
    expect(await history(ns, 'web')).toEqual(['1 superseded', '2 deployed']);
    expect((await leaseOf(file))?.spec.holderIdentity).toBe('');
  }, 360_000);

  it('while an apply writes, sync and destroy wait for it (--lock-timeout 0 names it) but diff and status never do', async () => {
    const ns = await e.cluster.namespace(`lock${major}d`);
    const file = `others-${major}.yaml`;
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'one' }));
    expect((await e.cli(['-f', file, 'apply', '--skip-hooks'])).exitCode).toBe(0); // the set-up install need not hold the lock
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'two' }));
    const first = start(['-f', file, 'apply', '--suppress-diff']);
    await first.waitFor(/upgrade .*\/web: started/);
    // All at once, while it holds the lock.
    const [writers, readers] = await Promise.all([
      Promise.all(['sync', 'destroy'].map(async (cmd) => ({ cmd, r: await e.cli(['-f', file, cmd, '--lock-timeout', '0']) }))),
      Promise.all([['diff'], ['status']].map(async (args) => ({ args, r: await e.cli(['-f', file, ...args]) }))),
    ]);
    for (const { cmd, r } of writers) {
      expect({ cmd, code: r.exitCode }).toEqual({ cmd, code: 1 });
      expect(r.stderr).toMatch(new RegExp(`another writer holds the lock .*: ${holderRe(first.pid)} for \\d+s .*; --lock-timeout 0: not waiting, nothing was written`));
    }
    for (const { args, r } of readers) {
      expect({ args, code: r.exitCode === 1 ? r.stderr : 'ok' }).toEqual({ args, code: 'ok' });
      expect(r.stderr).not.toMatch(/is held by|holds the lock|waiting up to/);
    }
    expect(await first.exited).toBe(0);
    // Once it is done destroy takes the lock itself.
    const d = await e.cli(['-f', file, 'destroy']);
    expect(d.exitCode).toBe(0);
    expect(await history(ns, 'web')).toEqual([]);
    expect((await leaseOf(file))?.spec.holderIdentity).toBe('');
  }, 300_000);

  it('SIGTERM while waiting for the lock writes nothing; a reconcile stopped mid-tick finishes the upgrade and releases its Lease', async () => {
    const ns = await e.cluster.namespace(`lock${major}e`);
    const file = `signal-${major}.yaml`;
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'one' }));
    expect((await e.cli(['-f', file, 'apply', '--skip-hooks'])).exitCode).toBe(0); // the set-up install need not hold the lock
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'two' }));
    const rec = start(['-f', file, 'reconcile', '--interval', '1m']);
    await rec.waitFor(/upgrade .*\/web: started/);
    const waiter = start(['-f', file, 'apply', '--suppress-diff']);
    await waiter.waitFor(/is held by helmsync reconcile by/);
    expect(await waiter.stop('SIGTERM')).toBe(1);
    expect(waiter.lines.join('\n')).toMatch(/interrupted by SIGTERM while waiting for the lock default\/helmsync-signal-\d-default-[0-9a-f]{8}-[0-9a-f]{10} on context .*; nothing was written/);
    expect(await rec.stop('SIGTERM')).toBe(0);
    expect(await history(ns, 'web')).toEqual(['1 superseded', '2 deployed']);
    expect((await leaseOf(file))?.spec.holderIdentity).toBe('');
  }, 300_000);

  it('the Lease lives in --lock-namespace, on the kube context the environment names (not the current one)', async () => {
    const ns = await e.cluster.namespace(`lock${major}f`);
    const locks = await e.cluster.namespace(`locks${major}`);
    // A kubeconfig whose current context points nowhere: only kubeContext: reaches the cluster.
    const kc = parse(readFileSync(e.cluster.kubeconfigPath, 'utf8')) as Record<string, any>;
    const good = kc['current-context'] as string;
    kc.clusters.push({ name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } });
    kc.contexts.push({ name: 'nowhere', context: { cluster: 'nowhere', user: kc.contexts[0].context.user } });
    kc['current-context'] = 'nowhere';
    const kubeconfig = join(e.dir, `ctx-${major}.kubeconfig`);
    writeFileSync(kubeconfig, stringify(kc), { mode: 0o600 });
    const file = `ctx-${major}.yaml`;
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'one', kubeContext: good }));
    const r = await e.cli(['-f', file, 'apply', '--skip-hooks', '--lock-namespace', locks], { env: { KUBECONFIG: kubeconfig } });
    expect({ code: r.exitCode, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    const lease = await leaseOf(file, locks);
    expect(lease?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 30 });
    expect(await leaseOf(file, 'default')).toBeUndefined();

    // A lock namespace that does not exist: one clear line, and no release written.
    e.write(file, releasesFile({ name: 'web', namespace: ns, message: 'two', kubeContext: good }));
    const bad = await e.cli(['-f', file, 'apply', '--skip-hooks', '--lock-namespace', 'no-such-ns'], { env: { KUBECONFIG: kubeconfig } });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`the lock namespace "no-such-ns" does not exist \\(context "${good}" \\([^)]+\\)\\)`));
    expect(await history(ns, 'web')).toEqual(['1 deployed']);
  }, 300_000);
});
