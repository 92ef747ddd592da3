import { runPool } from '../../src/ui/progress.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runPool', () => {
  it('returns results in task order whatever finishes first', async () => {
    const r = await runPool(
      [30, 5, 15].map((ms, i) => ({ title: String(i), run: async () => (await sleep(ms), i) })),
      0,
    );
    expect(r).toEqual([0, 1, 2]);
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    let running = 0;
    let peak = 0;
    await runPool(
      Array.from({ length: 6 }, (_, i) => ({
        title: String(i),
        run: async () => {
          peak = Math.max(peak, ++running);
          await sleep(5);
          running--;
        },
      })),
      2,
    );
    expect(peak).toBe(2);
  });

  it('reports the earliest failing task, not the first to fail in time', async () => {
    const err = await runPool(
      [
        { title: 'a', run: async () => (await sleep(30), Promise.reject(new Error('a failed'))) },
        { title: 'b', run: async () => Promise.reject(new Error('b failed')) },
      ],
      0,
    ).catch((e: Error) => e.message);
    expect(err).toBe('a failed');
  });
});
