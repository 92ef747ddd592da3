/**
 * `helmsync reconcile` (issue 10): `apply` on a loop. Each tick is one apply
 * (src/app/apply.ts, same load, render, diff, plan and executor) bent in two
 * ways only: without --self-heal drift is reported and left alone
 * (src/reconcile/drift-policy.ts), and releases backing off after a failure
 * — with everything that waits for them — are held back
 * (src/reconcile/backoff.ts, hold.ts). A tick that fails to load or render
 * writes nothing and the loop goes on; a failing release never ends the
 * process. Timing lives in src/reconcile/loop.ts (injected clock).
 */
import { ExitCode } from '../errors/index.js';
import type { Deps } from '../ports/index.js';
import { planSummaryLine } from '../plan/render.js';
import { Backoff } from '../reconcile/backoff.js';
import { isDrifted, planningDiffs } from '../reconcile/drift-policy.js';
import { formatDuration } from '../reconcile/duration.js';
import { holdReleases, type HeldRelease } from '../reconcile/hold.js';
import { runLoop } from '../reconcile/loop.js';
import { emptyStatus, recordTick, type ReconcileStatus, type ReleaseStatus, type TickResult, type TickStatus } from '../reconcile/status.js';
import { errorLine } from '../sync/report.js';
import { describePull, shortRevision, type SourceStatus } from '../reconcile/source.js';
import { apply, type ApplyOptions, type ApplyResult } from './apply.js';
import { gitSource } from './reconcile-source.js';

export interface ReconcileOptions extends ApplyOptions {
  /** `--interval` in ms (5 min by default). */
  intervalMs: number;
  /** `--jitter` 0…1: each wait is interval × (1 ± jitter). */
  jitter: number;
  /** `--max-ticks` (`--once` is 1). */
  maxTicks?: number;
  /** `--self-heal`: drifted releases are synced in the same tick. */
  selfHeal?: boolean;
  /** `--retry-backoff`: the first wait after a release failed (doubles, capped at the interval). */
  retryBackoffMs: number;
  /** Fires on SIGTERM/SIGINT: no new tick or release starts, running helm calls finish. */
  stop?: AbortSignal;
  /** [0, 1) for the jitter; Math.random by default. */
  random?: () => number;
  /** The text of an error that failed a tick (the CLI's own rendering, file:line and hint). */
  formatError?: (e: unknown) => string;
  /** Told after every tick and before every wait. */
  onStatus?: (s: ReconcileStatus) => void;
  /** `--pull`: `git pull --ff-only` in the releases file's work tree before each tick. */
  pull?: boolean;
  /** The git executable (default `git`). */
  gitBinary?: string;
}

export interface ReconcileResult {
  ticks: number;
  status: ReconcileStatus;
  /** Of the last tick, as `apply --detailed-exitcode` would exit: 0 in sync, 2 changed, 1 failed or error. */
  lastExitCode: number;
}

const EXIT_OF: Record<TickResult, number> = { 'in-sync': ExitCode.OK, changed: ExitCode.CHANGES, failed: ExitCode.ERROR, error: ExitCode.ERROR };

/** Runs ticks until --max-ticks or the stop signal. Never throws for a failed tick. */
export async function reconcile(options: ReconcileOptions, deps: Deps): Promise<ReconcileResult> {
  const { clock, logger } = deps;
  const backoff = new Backoff({ baseMs: options.retryBackoffMs, capMs: Math.max(options.intervalMs, 1) });
  let status = emptyStatus(clock.now());
  let lastExitCode: number = ExitCode.OK;
  const publish = (s: ReconcileStatus) => {
    status = s;
    options.onStatus?.(s);
  };
  const describe = (e: unknown) => (options.formatError ? options.formatError(e) : String((e as Error)?.message ?? e));
  const source = gitSource({ ...(options.load.file !== undefined ? { file: options.load.file } : {}), cwd: options.load.cwd ?? deps.cwd, pull: Boolean(options.pull), ...(options.gitBinary ? { git: options.gitBinary } : {}) }, deps);

  const tick = async (n: number) => {
    const startedAt = clock.now();
    // The pull comes first: the tick reconciles what it brought (or, when it failed, what is checked out).
    const src: SourceStatus = await source.refresh(options.stop);
    if (src.pull) (src.pull.ok ? logger.info : logger.warn).call(logger, describePull(src.pull, src.revision));
    logger.info(`tick ${n}: started${src.revision ? ` at commit ${shortRevision(src.revision)}` : ''}`);
    const hold = new Map<string, string>();
    for (const id of backoff.ids()) {
      const b = backoff.get(id)!;
      if (backoff.isHeld(id, startedAt)) hold.set(id, `backing off after ${b.failures} failure${b.failures === 1 ? '' : 's'}, next retry in ${formatDuration(b.nextRetryAt - startedAt)}`);
    }
    let held: HeldRelease[] = [];
    let r: ApplyResult | undefined;
    let tickStatus: TickStatus;
    let releases: ReleaseStatus[] | undefined;
    try {
      r = await apply(
        { ...options, suppressDiff: options.suppressDiff ?? true, interactive: false, detailedExitcode: true, ...(options.stop ? { stopStarting: options.stop } : {}) },
        deps,
        {
          planningDiffs: (d) => planningDiffs(d, Boolean(options.selfHeal)),
          shapePlan: (p) => {
            const h = holdReleases(p, hold);
            held = h.held;
            return h.plan;
          },
        },
      );
      releases = releaseStatuses(r, held, backoff, { now: clock.now(), selfHeal: Boolean(options.selfHeal), logger });
      const result: TickResult = r.report?.failed.length ? 'failed' : r.report?.changed.length ? 'changed' : 'in-sync';
      tickStatus = { n, startedAt, finishedAt: clock.now(), result, summary: planSummaryLine(r.plan), ...(src.revision ? { revision: src.revision } : {}) };
    } catch (e) {
      tickStatus = { n, startedAt, finishedAt: clock.now(), result: 'error', error: describe(e), ...(src.revision ? { revision: src.revision } : {}) };
      logger.error(`tick ${n}: failed, nothing was written: ${tickStatus.error}`);
    }
    lastExitCode = EXIT_OF[tickStatus.result];
    logger.info(`tick ${n}: ${tickStatus.result}${tickStatus.summary ? ` (${tickStatus.summary})` : ''} in ${formatDuration(tickStatus.finishedAt - startedAt)}`);
    publish({ ...recordTick(status, tickStatus, releases), ...(src.workTree ? { source: src } : {}) });
    const next = backoff.earliestRetry(clock.now());
    return next !== undefined ? { nextRetryAt: next } : {};
  };

  const { ticks } = await runLoop({
    clock,
    intervalMs: options.intervalMs,
    jitter: options.jitter,
    ...(options.random ? { random: options.random } : {}),
    ...(options.maxTicks !== undefined ? { maxTicks: options.maxTicks } : {}),
    ...(options.stop ? { signal: options.stop } : {}),
    tick,
    onWait: (ms, why, at) => {
      logger.info(`next tick in ${formatDuration(ms)}${why === 'retry' ? ' (a release is due for its retry)' : ''}`);
      publish({ ...status, nextTickAt: at });
    },
  });
  if (options.stop?.aborted) logger.info(`stopped after ${ticks} tick${ticks === 1 ? '' : 's'}`);
  publish({ ...status, nextTickAt: undefined });
  return { ticks, status, lastExitCode };
}

/** Per-release status of a finished apply; updates the backoff book and logs drift, failures and backoff. */
function releaseStatuses(
  r: ApplyResult,
  held: readonly HeldRelease[],
  backoff: Backoff,
  ctx: { now: number; selfHeal: boolean; logger: Deps['logger'] },
): ReleaseStatus[] {
  const mask = r.mask ?? ((s: string) => s);
  const heldBy = new Map(held.map((h) => [h.id, h.reason]));
  const outcomes = new Map((r.report?.outcomes ?? []).map((o) => [o.id, o]));
  return r.plan.actions.map((a) => {
    const label = `${a.release.namespace}/${a.release.name}`;
    const drifted = isDrifted(r.diffs?.get(a.id));
    const o = outcomes.get(a.id);
    const base = { id: a.id, namespace: a.release.namespace, name: a.release.name, action: a.action, drifted, updatedAt: ctx.now };
    const revision = a.fromRevision;
    const heldReason = heldBy.get(a.id);
    if (heldReason !== undefined) {
      const b = backoff.get(a.id);
      ctx.logger.info(`release ${label}: held back, ${heldReason}`);
      return { ...base, result: 'held', reason: heldReason, failures: b?.failures ?? 0, ...(b ? { nextRetryAt: b.nextRetryAt } : {}), ...(revision ? { revision } : {}) };
    }
    if (o?.status === 'failed') {
      const b = backoff.fail(a.id, ctx.now);
      const lastError = mask(errorLine(o.error));
      ctx.logger.warn(`release ${label}: ${a.action} failed (${b.failures} in a row), backing off ${formatDuration(b.delayMs)}: ${lastError}`);
      return { ...base, result: 'failed', lastError, reason: a.reasons.join('; '), failures: b.failures, nextRetryAt: b.nextRetryAt, ...(revision ? { revision: revision + 1 } : {}) };
    }
    if (o?.status === 'skipped') {
      const b = backoff.get(a.id);
      return { ...base, result: 'skipped', reason: o.reason ?? 'not run', failures: b?.failures ?? 0, ...(revision ? { revision } : {}) };
    }
    backoff.succeed(a.id);
    if (o?.status === 'succeeded') {
      if (drifted && ctx.selfHeal) ctx.logger.info(`release ${label}: drift healed`);
      return { ...base, drifted: false, result: 'changed', reason: a.reasons.join('; '), failures: 0, ...(a.action !== 'uninstall' ? { revision: (revision ?? 0) + 1 } : {}) };
    }
    if (drifted) ctx.logger.warn(`release ${label}: live objects drifted, left alone (--self-heal syncs them)`);
    return { ...base, result: drifted ? 'drifted' : 'in-sync', reason: a.reasons.join('; '), failures: 0, ...(revision ? { revision } : {}) };
  });
}
