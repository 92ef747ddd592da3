/**
 * Cluster READS are retried when the failure is transient (a 5xx or 429 from
 * the API server, a dropped connection, a timeout): reading twice is safe.
 * Writes are never retried here; helm's own writes are not blindly repeated
 * (issue 14).
 */
import type { Runner, RunResult } from '../process/runner.js';
import { isTransientReadFailure } from './connection-errors.js';

export interface ReadRunOptions {
  runner: Runner;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Waits between attempts (tests pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Delays before the 2nd and 3rd attempt. */
export const READ_RETRY_DELAYS_MS: readonly number[] = [250, 1000];

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a read-only command, again after a transient failure (at most 3 attempts); returns the last result. */
export async function runRead(opts: ReadRunOptions, bin: string, argv: readonly string[], input?: string): Promise<RunResult> {
  const sleep = opts.sleep ?? realSleep;
  const run = { env: opts.env, signal: opts.signal, ...(input !== undefined ? { input } : {}) };
  let r = await opts.runner.run(bin, argv, run);
  for (const delay of READ_RETRY_DELAYS_MS) {
    if (r.exitCode === 0 || r.killed || opts.signal?.aborted || !isTransientReadFailure(r.stderr)) break;
    await sleep(delay);
    r = await opts.runner.run(bin, argv, run);
  }
  return r;
}
