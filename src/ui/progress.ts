/**
 * Progress for per-release work. On a TTY (and not in CI) a listr2 task list on
 * stderr; otherwise plain log lines, so CI logs and pipes stay readable.
 * Either way stdout is untouched.
 */
import type { Logger } from '../ports/index.js';

export interface ProgressTask<T> {
  title: string;
  run: () => Promise<T>;
}

export interface ProgressOptions {
  /** listr2 only when true (TTY, no CI, not quiet). */
  interactive: boolean;
  concurrency: number;
  logger: Logger;
  /** Where listr2 draws (stderr); required when `interactive`. */
  stream?: NodeJS.WriteStream;
}

/**
 * Runs tasks with at most `concurrency` at once and returns their results in
 * task order (callers print in that order so output is stable whatever finishes first).
 * The first failure rejects after the running tasks settle.
 */
export async function runWithProgress<T>(tasks: ProgressTask<T>[], o: ProgressOptions): Promise<T[]> {
  if (o.interactive && tasks.length > 0) return runListr(tasks, o);
  return runPool(tasks, o.concurrency);
}

/**
 * A bounded worker pool; results in input order. After a failure no new task
 * starts; once the running ones settle, the error of the EARLIEST task (in input
 * order) is thrown, so the reported failure does not depend on timing.
 */
export async function runPool<T>(tasks: ProgressTask<T>[], concurrency: number): Promise<T[]> {
  const limit = concurrency > 0 ? concurrency : tasks.length || 1;
  const results: T[] = new Array(tasks.length);
  const errors = new Map<number, unknown>();
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && errors.size === 0) {
      const i = next++;
      try {
        results[i] = await tasks[i]!.run();
      } catch (e) {
        errors.set(i, e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (errors.size) throw errors.get(Math.min(...errors.keys()));
  return results;
}

async function runListr<T>(tasks: ProgressTask<T>[], o: ProgressOptions): Promise<T[]> {
  // Loaded lazily: listr2 is only needed on an interactive terminal.
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const results: T[] = new Array(tasks.length);
  const errors = new Map<number, unknown>();
  const logger = o.stream ? { logger: new ListrLogger({ processOutput: new ProcessOutput(o.stream, o.stream) }) } : {};
  const list = new Listr(
    tasks.map((t, i) => ({
      title: t.title,
      task: async () => {
        try {
          results[i] = await t.run();
        } catch (e) {
          errors.set(i, e);
          throw e;
        }
      },
    })),
    {
      concurrent: o.concurrency > 0 ? o.concurrency : true,
      // Let running tasks finish; the earliest failure (input order) is reported, as in runPool.
      exitOnError: false,
      // Draw on the given stream (stderr): stdout carries the command's output. listr2
      // picks its line-based renderer when stdout is not a terminal, so both get the logger.
      rendererOptions: { collapseErrors: false, ...logger },
      fallbackRendererOptions: { ...logger },
      renderer: 'default',
      fallbackRenderer: 'simple',
    } as never,
  );
  await list.run().catch(() => undefined);
  if (errors.size) throw errors.get(Math.min(...errors.keys()));
  return results;
}
