/**
 * Shared settings of the property/fuzz tests (fast-check): a bounded time per
 * property so `npm test` stays fast, and a seed that is printed on failure and
 * can be replayed with HELMSYNC_FUZZ_SEED=<seed> (each run explores new inputs
 * unless the seed is given).
 */
import fc from 'fast-check';

/** Parameters for fc.assert: random seed unless HELMSYNC_FUZZ_SEED is set, at most `seconds` of runs. */
export function fuzzParams(seconds: number, numRuns = 100_000): fc.Parameters<unknown> {
  const seed = process.env.HELMSYNC_FUZZ_SEED ? Number(process.env.HELMSYNC_FUZZ_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
  return { seed, numRuns, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false, verbose: 1 };
}

/** How many runs a property got (for a visible line in the test output). */
export function countingRuns<T extends unknown[]>(counter: { n: number }, f: (...a: T) => void): (...a: T) => void {
  return (...a: T) => {
    counter.n++;
    f(...a);
  };
}
