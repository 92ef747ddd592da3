/**
 * The one-writer lock's loop (src/lock/writer-lock.ts) with an injected
 * clock and an in-memory Lease API that keeps resourceVersions as an API
 * server does (a create of an existing Lease is AlreadyExists, a replace at a
 * stale resourceVersion is a Conflict): waiting, timing out, taking over a
 * crashed holder, renewing, losing and releasing run through minutes of
 * virtual time instantly. The real API server's answers are held to the
 * same rules by test/e2e/writer-lock.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors/index.js';
import { TransientLeaseError, type LeaseApi, type WriteOutcome } from '../../src/lock/kubectl-lease.js';
import { parseLease, leaseObject, type LeaseState, type LeaseWrite } from '../../src/lock/lease.js';
import { LeaseLock, WriterLock, type LeaseLockOptions } from '../../src/lock/writer-lock.js';
import type { Clock, Logger } from '../../src/ports/index.js';

/** Virtual time: sleeps wait until advance() passes their deadline. */
class VirtualClock implements Clock {
  t = Date.parse('2026-12-02T16:00:00Z');
  private timers: { at: number; resolve: () => void }[] = [];
  now = (): number => this.t;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const abort = () => Object.assign(new Error('aborted'), { name: 'AbortError' });
      if (signal?.aborted) return reject(abort());
      const timer = {
        at: this.t + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(abort());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  /** Moves time on by ms, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.resolve();
    }
    this.t = end;
    await settle();
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

/** One Lease with API-server write rules. */
class FakeLeases {
  stored?: Record<string, any>;
  rv = 100;
  calls: string[] = [];
  /** Makes the next n calls fail as a flapping API server does. */
  failNext = 0;
  api(): LeaseApi {
    const guard = (what: string) => {
      this.calls.push(what);
      if (this.failNext > 0) {
        this.failNext--;
        throw new TransientLeaseError('the server is currently unable to handle the request');
      }
    };
    const store = (w: LeaseWrite): WriteOutcome => {
      this.stored = leaseObject({ ...w, resourceVersion: String(++this.rv) });
      return { ok: true, lease: parseLease(this.stored) };
    };
    return {
      where: 'context "test"',
      get: async () => {
        guard('get');
        return this.stored ? parseLease(this.stored) : undefined;
      },
      create: async (w) => {
        guard('create');
        if (this.stored) return { ok: false, reason: 'exists' };
        return store(w);
      },
      replace: async (w) => {
        guard('replace');
        if (!this.stored) return { ok: false, reason: 'gone' };
        if (w.resourceVersion !== this.stored.metadata.resourceVersion) return { ok: false, reason: 'conflict' };
        return store(w);
      },
    };
  }
  get lease(): LeaseState | undefined {
    return this.stored ? parseLease(this.stored) : undefined;
  }
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

function lockOf(leases: FakeLeases, clock: VirtualClock, identity: string, over: Partial<LeaseLockOptions> = {}) {
  const log = logger();
  const lock = new LeaseLock({ api: leases.api(), namespace: 'default', name: 'helmsync-x', owner: 'helmfile.yaml@prod', identity, ttlSeconds: 30, timeoutMs: 5 * 60_000, clock, logger: log, pollMs: 2000, ...over });
  return { lock, log };
}

/** Starts a promise and reports whether it settled, without awaiting it. */
function track<T>(p: Promise<T>) {
  const s: { done: boolean; value?: T; error?: unknown } = { done: false };
  p.then(
    (v) => Object.assign(s, { done: true, value: v }),
    (e) => Object.assign(s, { done: true, error: e }),
  );
  return s;
}

describe('one writer at a time', () => {
  it('the first writer creates the Lease as holder; release clears the holder so the next takes it at once', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'A');
    await a.lock.acquire();
    expect(leases.lease).toMatchObject({ holder: 'A', durationSeconds: 30, transitions: 0, annotations: { 'helmsync.dev/owner': 'helmfile.yaml@prod' } });
    expect(a.lock.isHeld).toBe(true);
    await a.lock.release();
    expect(leases.lease?.holder).toBe('');
    const b = lockOf(leases, clock, 'B');
    const started = clock.now();
    await b.lock.acquire();
    expect(clock.now()).toBe(started);
    expect(leases.lease).toMatchObject({ holder: 'B', transitions: 1 });
    expect(b.log.lines).toEqual([]);
    await b.lock.release();
  });

  it('a second writer waits while the first holds it, says who holds it once, and proceeds when it is released', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'helmsync apply by alice@ci-1 pid 7 (aa)');
    await a.lock.acquire();
    const b = lockOf(leases, clock, 'B');
    const waiting = track(b.lock.acquire());
    await clock.advance(70_000);
    expect(waiting.done).toBe(false);
    // Renewed all along (every 10 s), so never expired although 70 s > the 30 s TTL.
    expect(leases.lease?.holder).toBe('helmsync apply by alice@ci-1 pid 7 (aa)');
    expect(b.log.lines).toHaveLength(1);
    expect(b.log.lines[0]).toMatch(
      /^warn lock default\/helmsync-x on context "test" is held by helmsync apply by alice@ci-1 pid 7 \(aa\) for 0s \(renewed 0s ago, expires in 30s unless renewed\); waiting up to 5m \(--lock-timeout\)$/,
    );
    await a.lock.release();
    await clock.advance(2_000);
    expect(waiting.done).toBe(true);
    expect(waiting.error).toBeUndefined();
    expect(leases.lease?.holder).toBe('B');
    await b.lock.release();
  });

  it('--lock-timeout: the waiting writer gives up with the holder named, how long it has held it and when it expires', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'helmsync sync by bob@ci-2 pid 9 (bb)');
    await a.lock.acquire();
    await clock.advance(45_000);
    const b = lockOf(leases, clock, 'B', { timeoutMs: 60_000 });
    const waiting = track(b.lock.acquire());
    await clock.advance(61_000);
    expect(waiting.done).toBe(true);
    expect(waiting.error).toBeInstanceOf(UserError);
    const e = waiting.error as UserError;
    expect(e.message).toMatch(
      /^another writer holds the lock default\/helmsync-x on context "test": helmsync sync by bob@ci-2 pid 9 \(bb\) for 1m\d+s \(renewed \d+s ago, expires in \d+s unless renewed\); gave up after --lock-timeout 1m, nothing was written$/,
    );
    expect(e.hint).toMatch(/frees the lock by itself within its 30s lease/);
    expect(leases.lease?.holder).toBe('helmsync sync by bob@ci-2 pid 9 (bb)');
    await a.lock.release();
  });

  it('--lock-timeout 0 fails at once, without waiting', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    await lockOf(leases, clock, 'A').lock.acquire();
    const t = clock.now();
    await expect(lockOf(leases, clock, 'B', { timeoutMs: 0 }).lock.acquire()).rejects.toThrow(/holds the lock default\/helmsync-x on context "test": A for 0s .*; --lock-timeout 0: not waiting, nothing was written$/);
    expect(clock.now()).toBe(t);
  });

  it('a crashed holder (never renews, never releases) frees the lock after its leaseDurationSeconds', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    // A writer that took the Lease and died: nobody renews it.
    leases.stored = leaseObject({ name: 'helmsync-x', namespace: 'default', resourceVersion: '5', holder: 'ghost', durationSeconds: 20, acquireTime: clock.now(), renewTime: clock.now(), transitions: 4 });
    await clock.advance(5_000);
    const b = lockOf(leases, clock, 'B');
    const waiting = track(b.lock.acquire());
    await clock.advance(14_000);
    expect(waiting.done).toBe(false);
    await clock.advance(2_000);
    expect(waiting.done).toBe(true);
    expect(waiting.error).toBeUndefined();
    expect(leases.lease).toMatchObject({ holder: 'B', transitions: 5, durationSeconds: 30 });
    expect(b.log.lines.at(-1)).toBe('warn lock default/helmsync-x on context "test": ghost did not renew it for 20s (a crashed run?); taking it over');
    await b.lock.release();
  });

  it('a Lease left by a run that crashed long ago is taken at once', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    leases.stored = leaseObject({ name: 'helmsync-x', namespace: 'default', resourceVersion: '5', holder: 'ghost', durationSeconds: 30, acquireTime: clock.now() - 3_600_000, renewTime: clock.now() - 3_500_000, transitions: 0 });
    const t = clock.now();
    await lockOf(leases, clock, 'B').lock.acquire();
    expect(clock.now()).toBe(t);
    expect(leases.lease?.holder).toBe('B');
  });

  it('two writers starting together: one create wins (the other gets AlreadyExists), the other waits', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'A');
    const b = lockOf(leases, clock, 'B');
    const ta = track(a.lock.acquire());
    const tb = track(b.lock.acquire());
    await clock.advance(0);
    expect([ta.done, tb.done].filter(Boolean)).toHaveLength(1);
    const [winner, loser] = ta.done ? [a, tb] : [b, ta];
    expect(leases.lease?.holder).toBe(ta.done ? 'A' : 'B');
    expect(leases.calls.filter((c) => c === 'create')).toHaveLength(2);
    await winner.lock.release();
    await clock.advance(2_000);
    expect(loser.done).toBe(true);
    expect(loser.error).toBeUndefined();
  });

  it('renews every third of the TTL at the resourceVersion it last wrote', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'A');
    await a.lock.acquire();
    const acquired = leases.lease!;
    await clock.advance(10_000);
    const once = leases.lease!;
    expect(once.renewTime).toBe(acquired.renewTime! + 10_000);
    expect(once.acquireTime).toBe(acquired.acquireTime);
    expect(Number(once.resourceVersion)).toBe(Number(acquired.resourceVersion) + 1);
    await clock.advance(20_000);
    expect(leases.lease!.renewTime).toBe(acquired.renewTime! + 30_000);
    await a.lock.release();
    // No renewal after release.
    const n = leases.calls.length;
    await clock.advance(60_000);
    expect(leases.calls.length).toBe(n);
  });

  it('is lost when another writer took the Lease over (its renewal conflicts): `lost` fires, naming the new holder', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'A');
    await a.lock.acquire();
    // Someone forces it (as if A had stalled for longer than its TTL).
    leases.stored = leaseObject({ ...parseLease(leases.stored).valueOf(), name: 'helmsync-x', namespace: 'default', resourceVersion: String(++leases.rv), holder: 'C', durationSeconds: 30, acquireTime: clock.now(), renewTime: clock.now(), transitions: 1 } as LeaseWrite);
    await clock.advance(10_000);
    expect(a.lock.lost.aborted).toBe(true);
    expect(String((a.lock.lost.reason as Error).message)).toMatch(/lost the lock default\/helmsync-x on context "test": it is held by C now/);
    expect(a.lock.isHeld).toBe(false);
    await a.lock.release();
    // Release never clears another writer's hold.
    expect(leases.lease?.holder).toBe('C');
  });

  it('renewal survives a flapping API server, and is lost only when it could not renew for a whole TTL', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    const a = lockOf(leases, clock, 'A');
    await a.lock.acquire();
    leases.failNext = 1;
    await clock.advance(20_000);
    expect(a.lock.lost.aborted).toBe(false);
    expect(a.log.lines.some((l) => l.startsWith('warn lock default/helmsync-x on context "test": renewal failed, trying again'))).toBe(true);
    leases.failNext = 1000;
    await clock.advance(40_000);
    expect(a.lock.lost.aborted).toBe(true);
    expect(String((a.lock.lost.reason as Error).message)).toMatch(/not renewed for 30s/);
  });

  it('waiting goes on through transient API errors', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    leases.failNext = 2;
    const a = lockOf(leases, clock, 'A');
    const t = track(a.lock.acquire());
    await clock.advance(4_000);
    expect(t.done).toBe(true);
    expect(t.error).toBeUndefined();
    expect(leases.lease?.holder).toBe('A');
  });

  it('a signal while waiting ends the wait with nothing written', async () => {
    const clock = new VirtualClock();
    const leases = new FakeLeases();
    await lockOf(leases, clock, 'A').lock.acquire();
    const ctl = new AbortController();
    const b = lockOf(leases, clock, 'B', { signal: ctl.signal });
    const t = track(b.lock.acquire());
    await clock.advance(3_000);
    ctl.abort(new Error('interrupted by SIGTERM'));
    await clock.advance(0);
    expect(t.done).toBe(true);
    expect((t.error as Error).message).toBe('interrupted by SIGTERM while waiting for the lock default/helmsync-x on context "test"; nothing was written');
    expect(leases.lease?.holder).toBe('A');
  });
});

describe('a lock per cluster', () => {
  it('takes every cluster in order; when one times out, those already taken are released', async () => {
    const clock = new VirtualClock();
    const one = new FakeLeases();
    const two = new FakeLeases();
    await lockOf(two, clock, 'other').lock.acquire();
    const w = new WriterLock([lockOf(one, clock, 'me').lock, lockOf(two, clock, 'me', { timeoutMs: 0 }).lock]);
    await expect(w.acquire()).rejects.toThrow(/holds the lock .*: other for/);
    expect(one.lease?.holder).toBe('');
    expect(w.isHeld).toBe(false);
  });

  it('holds all of them, and releases all', async () => {
    const clock = new VirtualClock();
    const one = new FakeLeases();
    const two = new FakeLeases();
    const w = new WriterLock([lockOf(one, clock, 'me').lock, lockOf(two, clock, 'me').lock]);
    await w.acquire();
    expect(w.isHeld).toBe(true);
    expect([one.lease?.holder, two.lease?.holder]).toEqual(['me', 'me']);
    await w.release();
    expect([one.lease?.holder, two.lease?.holder]).toEqual(['', '']);
  });
});
