/**
 * When an upgrade is repeated and when a pending revision is settled
 * (src/app/settle-release.ts), on a scripted helm: unit tests of the
 * decision; the e2e of the same behaviour against faults is
 * test/e2e/cluster-faults.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import type { ReleaseRecord } from '../../src/cluster/release-payload.js';
import { upgradeSettled, UnrecordedUpgradeError, type SettleContext } from '../../src/app/settle-release.js';

type Rev = Pick<ReleaseRecord, 'revision' | 'status'>;

function scripted(history: Rev[]) {
  const calls: string[] = [];
  const ctx: SettleContext = {
    id: 'ns/web',
    history: async () => history.map((h) => ({ ...h }) as ReleaseRecord),
    rollback: async (rev) => {
      calls.push(`rollback ${rev}`);
      history.push({ revision: history.length + 1, status: 'deployed' });
    },
    uninstall: async () => {
      calls.push('uninstall');
      history.length = 0;
    },
    sleep: async () => {},
    warn: (m) => calls.push(`warn ${m}`),
  };
  return { ctx, calls, history };
}

const transient = Object.assign(new Error('helm upgrade failed (exit 1)'), { stderr: 'Error: Internal error occurred: injected fault' });

describe('upgradeSettled', () => {
  it('retries a transient failure when helm wrote nothing', async () => {
    const { ctx, history } = scripted([{ revision: 1, status: 'deployed' }]);
    let n = 0;
    const out = await upgradeSettled(1, async (last) => {
      if (n++ === 0) throw transient;
      history.push({ revision: last + 1, status: 'deployed' });
      return 'ok';
    }, ctx);
    expect(out).toBe('ok');
    expect(n).toBe(2);
  });

  it('does not repeat an upgrade helm recorded as failed, and says at which revision', async () => {
    const { ctx, history } = scripted([{ revision: 1, status: 'deployed' }]);
    let n = 0;
    await expect(
      upgradeSettled(1, async () => {
        n++;
        history.push({ revision: 2, status: 'failed' });
        throw transient;
      }, ctx),
    ).rejects.toThrow(/left failed at revision 2/);
    expect(n).toBe(1);
  });

  it('does not repeat a failure that is not transient', async () => {
    const { ctx } = scripted([{ revision: 1, status: 'deployed' }]);
    let n = 0;
    const bad = Object.assign(new Error('helm upgrade failed'), { stderr: 'Error: template: demo/templates/x.yaml:3: function "nope" not defined' });
    await expect(upgradeSettled(1, async () => { n++; throw bad; }, ctx)).rejects.toBe(bad);
    expect(n).toBe(1);
  });

  it('settles a revision helm left pending after exiting 0 (rollback), then upgrades again', async () => {
    const { ctx, calls, history } = scripted([{ revision: 1, status: 'deployed' }]);
    const lastSeen: number[] = [];
    let n = 0;
    await upgradeSettled(1, async (last) => {
      lastSeen.push(last);
      history.push({ revision: last + 1, status: n++ === 0 ? 'pending-upgrade' : 'deployed' });
      return 'ok';
    }, ctx);
    expect(calls.filter((c) => !c.startsWith('warn'))).toEqual(['rollback 1']);
    // The second attempt upgrades from the rollback's revision (3), so its digest label names revision 4.
    expect(lastSeen).toEqual([1, 3]);
    expect(history.at(-1)).toEqual({ revision: 4, status: 'deployed' });
  });

  it('uninstalls a never-deployed pending install and gives up after the retries, never leaving it pending', async () => {
    const { ctx, calls, history } = scripted([]);
    const err = await upgradeSettled(0, async () => {
      history.push({ revision: 1, status: 'pending-install' });
      return 'ok';
    }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnrecordedUpgradeError);
    expect(String((err as Error).message)).toMatch(/settled: uninstalled/);
    expect(calls.filter((c) => c === 'uninstall')).toHaveLength(3);
    expect(history).toEqual([]);
  });
});
