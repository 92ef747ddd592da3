import { describe, expect, it } from '@jest/globals';
import { decideRecovery } from '../../src/plan/recovery.js';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

describe('decideRecovery', () => {
  it('does nothing without history or when the last revision is not pending', () => {
    expect(decideRecovery({ history: [], now: T0, timeoutSeconds: 300 })).toEqual({ kind: 'none' });
    expect(
      decideRecovery({ history: [{ revision: 1, status: 'deployed' }, { revision: 2, status: 'failed', lastDeployed: at(0) }], now: T0, timeoutSeconds: 300 }),
    ).toEqual({ kind: 'none' });
  });

  it('a pending revision younger than the timeout is busy (its writer may be running)', () => {
    const d = decideRecovery({ history: [{ revision: 1, status: 'deployed' }, { revision: 2, status: 'pending-upgrade', lastDeployed: at(0) }], now: T0 + 299_000, timeoutSeconds: 300 });
    expect(d).toEqual({ kind: 'busy', status: 'pending-upgrade', revision: 2, ageSeconds: 299, timeoutSeconds: 300 });
  });

  it('an old pending upgrade rolls back to the last deployed or superseded revision, skipping failed ones', () => {
    const history = [
      { revision: 3, status: 'failed' },
      { revision: 1, status: 'superseded' },
      { revision: 2, status: 'deployed' },
      { revision: 4, status: 'pending-upgrade', lastDeployed: at(0) },
    ];
    expect(decideRecovery({ history, now: T0 + 300_000, timeoutSeconds: 300 })).toEqual({ kind: 'rollback', status: 'pending-upgrade', revision: 4, toRevision: 2, ageSeconds: 300 });
  });

  it('a pending install (nothing ever deployed) is uninstalled; so is an upgrade whose every earlier revision failed', () => {
    expect(decideRecovery({ history: [{ revision: 1, status: 'pending-install', lastDeployed: at(0) }], now: T0 + 600_000, timeoutSeconds: 300 })).toMatchObject({ kind: 'uninstall', revision: 1 });
    expect(
      decideRecovery({ history: [{ revision: 1, status: 'failed' }, { revision: 2, status: 'pending-upgrade', lastDeployed: at(0) }], now: T0 + 600_000, timeoutSeconds: 300 }),
    ).toMatchObject({ kind: 'uninstall', revision: 2 });
  });

  it('the lock decides when known: a live writer keeps it busy, a released lock lets a young one be recovered', () => {
    const history = [{ revision: 1, status: 'deployed' }, { revision: 2, status: 'pending-rollback', lastDeployed: at(0) }];
    expect(decideRecovery({ history, now: T0 + 10_000_000, timeoutSeconds: 300, writerActive: true }).kind).toBe('busy');
    expect(decideRecovery({ history, now: T0 + 1_000, timeoutSeconds: 300, writerActive: false })).toMatchObject({ kind: 'rollback', toRevision: 1 });
  });

  it('a pending revision without a deploy time counts as abandoned', () => {
    expect(decideRecovery({ history: [{ revision: 1, status: 'deployed' }, { revision: 2, status: 'pending-upgrade' }], now: T0, timeoutSeconds: 300 })).toMatchObject({ kind: 'rollback' });
  });

  it('an unfinished uninstall (uninstalling) is finished, even when an earlier revision was deployed', () => {
    // helm refuses to upgrade such a release ("has no deployed releases"): found under faults with helm 3.
    const history = [{ revision: 1, status: 'superseded' }, { revision: 2, status: 'uninstalling', lastDeployed: at(0) }];
    expect(decideRecovery({ history, now: T0 + 400_000, timeoutSeconds: 300 })).toEqual({ kind: 'uninstall', status: 'uninstalling', revision: 2, ageSeconds: 400 });
    expect(decideRecovery({ history, now: T0 + 10_000, timeoutSeconds: 300 })).toMatchObject({ kind: 'busy' });
  });
});
