/**
 * The one-writer lock's decisions (src/lock/decide.ts), the Lease's wire
 * format (src/lock/lease.ts) and its name (src/lock/name.ts): pure, with the
 * clock as an input.
 */
import { describe, expect, it } from '@jest/globals';
import { decideAcquire, decideRenew, expiryOf, nextPollMs } from '../../src/lock/decide.js';
import { holderIdentity } from '../../src/lock/identity.js';
import { leaseObject, microTime, parseLease, type LeaseState } from '../../src/lock/lease.js';
import { lockLabelValue, lockName } from '../../src/lock/name.js';

const T0 = Date.parse('2026-12-02T16:00:00Z');
const me = 'helmsync apply by alice@ci-1 pid 10 (aaaa)';
const other = 'helmsync sync by bob@ci-2 pid 20 (bbbb)';

function lease(over: Partial<LeaseState> = {}): LeaseState {
  return { name: 'l', namespace: 'default', resourceVersion: '7', holder: other, durationSeconds: 30, acquireTime: T0 - 60_000, renewTime: T0 - 5_000, transitions: 2, annotations: {}, ...over };
}

describe('acquiring', () => {
  it('creates the Lease when there is none', () => {
    expect(decideAcquire({ me, now: T0, defaultDurationSeconds: 30 })).toEqual({ kind: 'create' });
  });

  it('takes a released Lease (no holder) at once, counting a transition', () => {
    expect(decideAcquire({ lease: lease({ holder: '' }), me, now: T0, defaultDurationSeconds: 30 })).toEqual({ kind: 'take', transitions: 3 });
  });

  it('a Lease that names us is ours (a write of ours whose answer was lost)', () => {
    expect(decideAcquire({ lease: lease({ holder: me }), me, now: T0, defaultDurationSeconds: 30 })).toEqual({ kind: 'mine' });
  });

  it('waits for a live holder, saying who, for how long and when it expires', () => {
    const step = decideAcquire({ lease: lease(), me, now: T0, defaultDurationSeconds: 30 });
    expect(step).toEqual({ kind: 'wait', held: { holder: other, heldForMs: 60_000, renewedAgoMs: 5_000, expiresInMs: 25_000, durationSeconds: 30 } });
  });

  it("takes a Lease whose holder did not renew it within its leaseDurationSeconds (a crashed run), by the holder's renewTime", () => {
    const step = decideAcquire({ lease: lease({ renewTime: T0 - 31_000 }), me, now: T0, defaultDurationSeconds: 30 });
    expect(step).toMatchObject({ kind: 'take', transitions: 3, expired: { holder: other, expiredAgoMs: 1_000 } });
  });

  it('a holder whose clock runs ahead (renewTime in our future) still expires once the Lease stays unchanged for its duration on our clock', () => {
    const ahead = lease({ renewTime: T0 + 3_600_000 });
    const seen = { resourceVersion: '7', since: T0 };
    expect(decideAcquire({ lease: ahead, me, now: T0 + 29_999, seen, defaultDurationSeconds: 30 }).kind).toBe('wait');
    expect(decideAcquire({ lease: ahead, me, now: T0 + 30_000, seen, defaultDurationSeconds: 30 }).kind).toBe('take');
    // A renewal (new resourceVersion) starts our count again.
    expect(decideAcquire({ lease: { ...ahead, resourceVersion: '8' }, me, now: T0 + 30_000, seen, defaultDurationSeconds: 30 }).kind).toBe('wait');
  });

  it('a Lease without leaseDurationSeconds is judged by our TTL', () => {
    const noDur = lease({ durationSeconds: undefined, renewTime: T0 - 11_000 });
    expect(decideAcquire({ lease: noDur, me, now: T0, defaultDurationSeconds: 10 }).kind).toBe('take');
    expect(decideAcquire({ lease: noDur, me, now: T0, defaultDurationSeconds: 15 }).kind).toBe('wait');
  });

  it('expiry is the earlier of the two clocks', () => {
    expect(expiryOf(lease(), { resourceVersion: '7', since: T0 - 20_000 }, T0, 30)).toBe(T0 + 10_000);
    expect(expiryOf(lease(), { resourceVersion: '6', since: T0 - 20_000 }, T0, 30)).toBe(T0 + 25_000);
  });

  it('polls no later than the expiry or the deadline', () => {
    const held = { holder: other, expiresInMs: 700, durationSeconds: 30 };
    expect(nextPollMs(held, 2000, 10_000)).toBe(750);
    expect(nextPollMs({ ...held, expiresInMs: 60_000 }, 2000, 300)).toBe(300);
    expect(nextPollMs({ ...held, expiresInMs: 60_000 }, 2000, 10_000)).toBe(2000);
  });
});

describe('renewing after a refused write', () => {
  it('renews at the new resourceVersion while the Lease still names us', () => {
    expect(decideRenew(lease({ holder: me, resourceVersion: '9' }), me)).toEqual({ kind: 'renew', resourceVersion: '9' });
  });
  it('is lost when another writer holds it, or it is gone', () => {
    expect(decideRenew(lease(), me)).toEqual({ kind: 'lost', holder: other });
    expect(decideRenew(undefined, me)).toEqual({ kind: 'lost', holder: '' });
  });
});

describe('the Lease on the wire', () => {
  it('MicroTime has exactly six fractional digits, as the API server parses it (Go layout 2006-01-02T15:04:05.000000Z07:00)', () => {
    expect(microTime(Date.parse('2026-12-02T16:00:00.123Z'))).toBe('2026-12-02T16:00:00.123000Z');
    expect(microTime(T0)).toBe('2026-12-02T16:00:00.000000Z');
  });

  it('is written with the resourceVersion it was read at, and read back', () => {
    const obj = leaseObject({ name: 'l', namespace: 'locks', resourceVersion: '41', holder: me, durationSeconds: 30, acquireTime: T0, renewTime: T0 + 10_000, transitions: 1, annotations: { 'helmsync.dev/owner': 'x@prod' } });
    expect(obj).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', namespace: 'locks', resourceVersion: '41', annotations: { 'helmsync.dev/owner': 'x@prod' } },
      spec: { holderIdentity: me, leaseDurationSeconds: 30, acquireTime: '2026-12-02T16:00:00.000000Z', renewTime: '2026-12-02T16:00:10.000000Z', leaseTransitions: 1 },
    });
    const back = parseLease(obj);
    expect(back).toMatchObject({ name: 'l', namespace: 'locks', resourceVersion: '41', holder: me, durationSeconds: 30, acquireTime: T0, renewTime: T0 + 10_000, transitions: 1 });
  });

  it('a create carries no resourceVersion; a Lease without a holder reads as free', () => {
    const obj = leaseObject({ name: 'l', namespace: 'd', holder: '', durationSeconds: 30, acquireTime: T0, renewTime: T0, transitions: 0 }) as { metadata: Record<string, unknown> };
    expect(obj.metadata.resourceVersion).toBeUndefined();
    expect(parseLease({ metadata: { name: 'l', resourceVersion: '3' }, spec: {} })).toMatchObject({ holder: '', transitions: 0, resourceVersion: '3' });
  });
});

describe('names', () => {
  it('the Lease name is a DNS-1123 label of at most 63 characters, readable, and differs for owners whose slugs collide', () => {
    // Owner marks as src/app/ownership.ts derives them: <readable>_<environment>_<8 hex>.
    expect(lockName('infra.deploy.helmfile.yaml_prod_1a2b3c4d')).toMatch(/^helmsync-infra-deploy-helmfile-prod-1a2b3c4d-[0-9a-f]{10}$/);
    expect(lockName('Web_prod')).not.toBe(lockName('web-prod'));
    const long = lockName(`${'very/long/path/'.repeat(10)}helmfile.yaml@production-europe-west`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(lockName('@@@')).toMatch(/^helmsync-[0-9a-f]{10}$/);
  });

  it('the lock label is tied to the revision it was written for', () => {
    expect(lockLabelValue('helmsync-x', 3)).toMatch(/^[0-9a-f]{20}\.r3$/);
    expect(lockLabelValue('helmsync-x', 3)).not.toBe(lockLabelValue('helmsync-x', 4));
    expect(lockLabelValue('helmsync-x', 3).length).toBeLessThanOrEqual(63);
  });

  it('the holder identity names command, user, host and pid, never arguments', () => {
    expect(holderIdentity({ command: 'apply', user: 'alice', host: 'ci-7', pid: 4242, token: '3f9a1c2b' })).toBe('helmsync apply by alice@ci-7 pid 4242 (3f9a1c2b)');
    expect(holderIdentity({ command: 'sync', user: '', host: 'a b', pid: 1, token: 't' })).toBe('helmsync sync by ?@a-b pid 1 (t)');
  });
});
