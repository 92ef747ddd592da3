/**
 * reconcile's timing with an injected clock (issue 10): many ticks run
 * instantly; the waits, jitter bounds, retry wake-ups, backoff growth and
 * the stop signal are asserted exactly.
 */
import { describe, expect, it } from '@jest/globals';
import { Backoff, backoffDelay } from '../../src/reconcile/backoff.js';
import { formatDuration, parseDuration } from '../../src/reconcile/duration.js';
import { jitteredInterval, runLoop } from '../../src/reconcile/loop.js';
import type { Clock } from '../../src/ports/index.js';

/** A clock whose sleep advances time at once and records every wait. */
function fakeClock(start = 1_000_000): Clock & { waits: number[]; t: number } {
  const c = {
    t: start,
    waits: [] as number[],
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      c.waits.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('Go durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['0', 0],
    ['2m3s', 123_000],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', 'm', '5x', '1h 30m', '-5s', 'five minutes'])('"%s" is refused naming the flag and the format', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(`--interval: "${text}" is not a duration`);
  });

  it('formats as Go writes them', () => {
    expect([0, 250, 1000, 40_000, 60_000, 123_000, 3_600_000, 3_723_000].map(formatDuration)).toEqual(['0ms', '250ms', '1s', '40s', '1m', '2m3s', '1h', '1h2m3s']);
  });
});

describe('backoff', () => {
  it('doubles from the base and is capped at the interval', () => {
    const o = { baseMs: 10_000, capMs: 300_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n, o))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('holds a release until its retry time, per release, and forgets it on success', () => {
    const b = new Backoff({ baseMs: 10_000, capMs: 60_000 });
    expect(b.fail('a', 0)).toEqual({ failures: 1, delayMs: 10_000, nextRetryAt: 10_000 });
    expect(b.fail('a', 10_000)).toEqual({ failures: 2, delayMs: 20_000, nextRetryAt: 30_000 });
    b.fail('b', 5_000);
    expect([b.isHeld('a', 29_999), b.isHeld('a', 30_000), b.isHeld('b', 14_999), b.isHeld('c', 0)]).toEqual([true, false, true, false]);
    expect(b.earliestRetry(12_000)).toBe(15_000);
    expect(b.earliestRetry(15_000)).toBe(30_000);
    b.succeed('a');
    expect([b.isHeld('a', 0), b.get('a'), b.fail('a', 100).failures]).toEqual([false, undefined, 1]);
  });
});

describe('the loop', () => {
  it('jitter keeps every wait within interval × (1 ± jitter)', () => {
    expect(jitteredInterval(100_000, 0.1, () => 0)).toBe(90_000);
    expect(jitteredInterval(100_000, 0.1, () => 0.5)).toBe(100_000);
    expect(jitteredInterval(100_000, 0.1, () => 0.999999)).toBe(110_000);
    expect(jitteredInterval(100_000, 0, () => 0)).toBe(100_000);
    // Out-of-range jitter is clamped to [0, 1].
    expect(jitteredInterval(100_000, 5, () => 0)).toBe(0);
  });

  it('runs max-ticks ticks with a jittered wait between them and none after the last', async () => {
    const clock = fakeClock();
    const randoms = [0, 0.25, 0.75, 0.5];
    const at: number[] = [];
    const r = await runLoop({ clock, intervalMs: 60_000, jitter: 0.2, random: () => randoms.shift()!, maxTicks: 5, tick: async () => (at.push(clock.now()), {}) });
    expect(r.ticks).toBe(5);
    expect(clock.waits).toEqual([48_000, 54_000, 66_000, 60_000]);
    expect(at.map((t) => t - 1_000_000)).toEqual([0, 48_000, 102_000, 168_000, 228_000]);
  });

  it('a thousand ticks of a five-minute interval run instantly', async () => {
    const clock = fakeClock(0);
    const r = await runLoop({ clock, intervalMs: 300_000, jitter: 0, maxTicks: 1000, tick: async () => ({}) });
    expect([r.ticks, clock.t]).toEqual([1000, 999 * 300_000]);
  });

  it('wakes early when a backing-off release is due before the interval', async () => {
    const clock = fakeClock(0);
    const whys: string[] = [];
    const reports = [{ nextRetryAt: 10_000 }, { nextRetryAt: 30_000 }, {}];
    await runLoop({ clock, intervalMs: 60_000, jitter: 0, maxTicks: 4, tick: async () => reports.shift() ?? {}, onWait: (_ms, why) => whys.push(why) });
    expect(clock.waits).toEqual([10_000, 20_000, 60_000]);
    expect(whys).toEqual(['retry', 'retry', 'interval']);
  });

  it('a throwing tick is reported and the loop goes on', async () => {
    const clock = fakeClock(0);
    const errors: number[] = [];
    const r = await runLoop({
      clock,
      intervalMs: 1000,
      jitter: 0,
      maxTicks: 3,
      tick: async (n) => {
        if (n === 2) throw new Error('boom');
        return {};
      },
      onTickError: (n) => errors.push(n),
    });
    expect([r.ticks, errors]).toEqual([3, [2]]);
  });

  it('the stop signal ends a wait at once and starts no further tick', async () => {
    const stop = new AbortController();
    let now = 0;
    const clock: Clock = {
      now: () => now,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
          if (ms > 0 && now > 0) return; // the second wait never ends by itself
          now += ms;
          resolve();
        }),
    };
    let ticks = 0;
    const done = runLoop({ clock, intervalMs: 1000, jitter: 0, signal: stop.signal, tick: async () => (ticks++, {}) });
    await new Promise((r) => setTimeout(r, 20));
    expect(ticks).toBe(2);
    stop.abort();
    expect(await done).toEqual({ ticks: 2 });
  });

  it('a stop during a tick lets it finish and starts no other', async () => {
    const stop = new AbortController();
    const clock = fakeClock(0);
    const r = await runLoop({ clock, intervalMs: 1000, jitter: 0, signal: stop.signal, tick: async () => (stop.abort(), {}) });
    expect([r.ticks, clock.waits]).toEqual([1, []]);
  });
});
