/**
 * `reconcile --watch` when the API watches drop (issue 10): against the API
 * emulator, whose fault injection can end every open watch and drop the
 * reconnecting ones, with the BUILT CLI and real helm 3 and helm 4 and
 * kubectl. Each watch is resumed with growing backoff (1 s, 2 s …), and a
 * kubectl edit made while the watches were down is found when they list the
 * objects again, and healed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUp, type ClusterEnv } from './cluster-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

describe.each(HELM_MAJORS)('reconcile --watch resumes dropped watches with helm %i', (major) => {
  let e: ClusterEnv;
  let running: Reconciler | undefined;
  beforeAll(async () => {
    e = await setUp(major);
  }, 60_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await e?.stop();
  });

  it('a change made while the watches were down is healed once they list again; reconnects back off', async () => {
    running = startReconcile(e, ['reconcile', '--watch', '--interval', '10m', '--jitter', '0', '--self-heal']);
    await running.waitFor(/tick 1: changed \(3 to install/);
    await running.waitFor(/watch: following /);
    const at = running.lines.length;
    // Every watch request of kubectl (not those of helm --wait) is dropped from now on, and the open ones end.
    e.cluster.setFault({ dropRate: 1, match: { path: /[?&]watch=(true|1)/, userAgent: /^kubectl/ } });
    e.cluster.emulator.store.hub.closeAll();
    await running.waitFor(/watch Deployment in apps ended \(.*\); resuming in 1s/, { from: at });
    expect((await e.kubectl_(['scale', 'deployment', 'web', '-n', 'apps', '--replicas=4'])).code).toBe(0);
    await running.waitFor(/watch Deployment in apps ended \(.*\); resuming in 2s/, { from: at });
    // Listing again (the watch request after it is still dropped) finds the edit.
    const started = await running.waitFor(/tick \d+: started for apps\/web \(Deployment apps\/web changed in the cluster/, { from: at });
    await running.waitFor(/release apps\/web: drift healed/, { from: running.lines.indexOf(started) });
    expect(e.cluster.get('apps/v1', 'Deployment', 'apps', 'web')?.spec.replicas).toBe(1);
    // The connection is back: every watch follows again.
    const healed = running.lines.length;
    e.cluster.setFault({});
    await running.waitFor(/watch: following /, { from: healed, timeoutMs: 90_000 });
    expect(await running.stop('SIGTERM')).toBe(0);
    running = undefined;
  }, 180_000);
});
