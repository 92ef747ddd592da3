/**
 * Executes a {@link Plan} wave by wave (DESIGN.md: src/sync executes a Plan,
 * nothing else). Inside a wave releases run together, at most `concurrency`
 * at a time. A release that fails does not stop the others: every release
 * that waits for it (directly or through another skipped release) is skipped,
 * independent releases still run, and the report names each failure.
 *
 * Progress: a listr2 task list on stderr on an interactive terminal, plain log
 * lines otherwise (CI, pipes), nothing extra with --quiet. stdout is untouched.
 */
import type { Clock, Logger } from '../ports/index.js';
import type { Plan, PlanAction } from '../plan/types.js';
import { errorLine } from './report.js';

/** What happened to one planned release. */
export interface ReleaseOutcome {
  id: string;
  release: PlanAction['release'];
  action: PlanAction['action'];
  /** `noop`: nothing to do; `skipped`: a release it waits for failed. */
  status: 'succeeded' | 'failed' | 'skipped' | 'noop';
  error?: unknown;
  /** Why it was skipped (`needs apps/db, which failed`). */
  reason?: string;
  durationMs?: number;
}

export interface ExecutionReport {
  /** One entry per plan action, in plan (state) order. */
  outcomes: ReleaseOutcome[];
  failed: ReleaseOutcome[];
  skipped: ReleaseOutcome[];
  /** Releases changed successfully (installed, upgraded or uninstalled). */
  changed: ReleaseOutcome[];
}

export interface ExecuteOptions {
  /** Runs one action (helm upgrade/uninstall with its hooks); throws on failure. */
  run: (action: PlanAction) => Promise<void>;
  /** Parallel releases inside a wave; 0 = no limit. */
  concurrency: number;
  /** listr2 on stderr when true; plain log lines when false. */
  interactive: boolean;
  /** Where listr2 draws (stderr). */
  stream?: NodeJS.WriteStream;
  /** No progress at all (the logger decides what else is shown). */
  quiet?: boolean;
  logger: Logger;
  clock: Pick<Clock, 'now'>;
  /** Title of a task in the progress display. */
  title?: (action: PlanAction) => string;
  /** Masks secret values in error messages shown by the progress display. */
  mask?: (text: string) => string;
  /** Once fired (SIGTERM/SIGINT), no further release starts; those not started are reported skipped. */
  signal?: AbortSignal;
}

const VERB: Record<PlanAction['action'], string> = { install: 'install', upgrade: 'upgrade', uninstall: 'uninstall', noop: 'noop' };

function defaultTitle(a: PlanAction): string {
  return `${VERB[a.action]} ${a.release.namespace ? `${a.release.namespace}/` : ''}${a.release.name}`;
}

/** Runs the plan's waves in order; never throws for a release failure (see {@link ExecutionReport}). */
export async function executePlan(plan: Plan, opts: ExecuteOptions): Promise<ExecutionReport> {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const outcome = new Map<string, ReleaseOutcome>();
  for (const a of plan.actions) {
    if (a.action === 'noop') outcome.set(a.id, { id: a.id, release: a.release, action: a.action, status: 'noop' });
  }
  const title = opts.title ?? defaultTitle;

  for (const wave of plan.waves) {
    if (opts.signal?.aborted) break;
    const runnable: PlanAction[] = [];
    // Prunes (issue 10) run only when every other action of the run succeeded.
    const earlier = wave.kind === 'prune' ? [...outcome.values()].find((o) => (o.status === 'failed' || o.status === 'skipped') && !byId.get(o.id)?.prune) : undefined;
    for (const id of wave.ids) {
      const a = byId.get(id)!;
      if (earlier) {
        const reason = `not pruned: ${earlier.id} ${earlier.status === 'failed' ? 'failed' : 'was skipped'}`;
        outcome.set(id, { id, release: a.release, action: a.action, status: 'skipped', reason });
        if (!opts.quiet) opts.logger.warn(`skipping ${title(a)}: ${reason}`);
        continue;
      }
      const blocker = a.waitsFor.find((w) => {
        const o = outcome.get(w);
        return o?.status === 'failed' || o?.status === 'skipped';
      });
      if (blocker) {
        const b = outcome.get(blocker)!;
        const reason = `${a.action === 'uninstall' ? 'dependant' : 'needs'} ${blocker} ${b.status === 'failed' ? 'failed' : 'was skipped'}`;
        outcome.set(id, { id, release: a.release, action: a.action, status: 'skipped', reason });
        if (!opts.quiet) opts.logger.warn(`skipping ${title(a)}: ${reason}`);
      } else {
        runnable.push(a);
      }
    }
    const runOne = async (a: PlanAction): Promise<void> => {
      if (opts.signal?.aborted) return;
      const start = opts.clock.now();
      try {
        await opts.run(a);
        outcome.set(a.id, { id: a.id, release: a.release, action: a.action, status: 'succeeded', durationMs: opts.clock.now() - start });
      } catch (error) {
        outcome.set(a.id, { id: a.id, release: a.release, action: a.action, status: 'failed', error, durationMs: opts.clock.now() - start });
        throw error;
      }
    };
    if (opts.interactive && !opts.quiet && runnable.length) await runListr(runnable, runOne, opts, title);
    else await runPlain(runnable, runOne, opts, title);
  }

  const notRun = opts.signal?.aborted ? 'interrupted before it started' : 'not run';
  const outcomes = plan.actions.map((a) => outcome.get(a.id) ?? { id: a.id, release: a.release, action: a.action, status: 'skipped' as const, reason: notRun });
  return {
    outcomes,
    failed: outcomes.filter((o) => o.status === 'failed'),
    skipped: outcomes.filter((o) => o.status === 'skipped'),
    changed: outcomes.filter((o) => o.status === 'succeeded'),
  };
}

/** A bounded pool with log lines; failures are recorded by `runOne` and do not stop the pool. */
async function runPlain(actions: PlanAction[], runOne: (a: PlanAction) => Promise<void>, opts: ExecuteOptions, title: (a: PlanAction) => string): Promise<void> {
  const limit = opts.concurrency > 0 ? opts.concurrency : actions.length || 1;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < actions.length && !opts.signal?.aborted) {
      const a = actions[next++]!;
      if (!opts.quiet) opts.logger.info(`${title(a)}: started`);
      try {
        await runOne(a);
        if (!opts.quiet) opts.logger.info(`${title(a)}: done`);
      } catch (e) {
        if (!opts.quiet) opts.logger.error(`${title(a)}: failed: ${(opts.mask ?? ((x: string) => x))(errorLine(e))}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, actions.length) }, worker));
}

async function runListr(actions: PlanAction[], runOne: (a: PlanAction) => Promise<void>, opts: ExecuteOptions, title: (a: PlanAction) => string): Promise<void> {
  // Loaded lazily: listr2 is only needed on an interactive terminal.
  const { Listr, ProcessOutput } = await import('listr2');
  const mask = opts.mask ?? ((s: string) => s);
  const list = new Listr(
    actions.map((a) => ({
      title: title(a),
      task: async (_ctx: unknown, task: { skip(message?: string): void }) => {
        if (opts.signal?.aborted) return task.skip('interrupted before it started');
        try {
          await runOne(a);
        } catch (e) {
          // listr2 prints the message: the line that says what went wrong, masked (the summary has the rest).
          throw new Error(mask(errorLine(e)));
        }
      },
    })),
    {
      concurrent: opts.concurrency > 0 ? opts.concurrency : true,
      exitOnError: false,
      rendererOptions: { collapseErrors: false },
      renderer: 'default',
      fallbackRenderer: 'simple',
      ...(opts.stream ? { processOutput: new ProcessOutput(opts.stream, opts.stream) } : {}),
    } as never,
  );
  await list.run().catch(() => undefined);
}
