/**
 * `helmsync sync`: `helm upgrade --install` for every selected release in
 * `needs` waves, and `helm uninstall` for `installed: false` releases that
 * exist (Helmfile `sync`). Every release is loaded and rendered before the
 * first cluster write. Hooks: prepare, presync, postsync, preuninstall,
 * postuninstall, cleanup.
 */
import { ExitCode } from '../errors/index.js';
import type { Plan } from '../plan/types.js';
import { planSummaryLine, renderPlanText } from '../plan/render.js';
import { ReleasesFailedError } from '../sync/report.js';
import type { ExecutionReport } from '../sync/execute.js';
import { renderExecutionMarkdown } from '../sync/report-markdown.js';
import type { Deps } from '../ports/index.js';
import type { ReleaseDiff } from '../diff/types.js';
import { executeRun, prepareRunWithHooks, triggerEvent, type ExecuteFlags, type HooksOf } from './execute-run.js';
import { computeDiffs, planRun } from './release-diffs.js';
import type { ClusterRunOptions, PreparedRun } from './release-run.js';
import { recoverPending } from './recover-pending.js';
import { leaveSuspendedReleases } from './suspend.js';
import { lockForWrites, runLock, type RunLock } from './run-lock.js';
import type { LockOptions } from '../lock/options.js';

/** Options shared by the commands that change the cluster. */
export interface ChangeOptions extends ClusterRunOptions, ExecuteFlags {
  /** Where the plan preview and the summary go (stdout). */
  write: (text: string) => void;
  /** `--interactive`: show the plan and ask before acting (TTY only). */
  interactive?: boolean;
  /** `--yes`: never ask, even with --interactive. */
  yes?: boolean;
  /** `--detailed-exitcode`: 2 when a release was changed. */
  detailedExitcode?: boolean;
  /** ANSI colours. */
  color?: boolean;
  /** `--no-recover`: fail on a release an interrupted run left pending instead of recovering it. */
  noRecover?: boolean;
  /** Receives the run's Markdown report once (CI step summary, `--report-file`); not rendered when absent. */
  report?: (markdown: string) => void;
  /** `--ignore-suspend`: act on releases marked suspended (helmsync suspend) too. */
  ignoreSuspend?: boolean;
  /** The one-writer lock (src/lock); absent: no lock. */
  lock?: LockOptions;
}

export type SyncOptions = ChangeOptions;

export interface ChangeResult {
  plan: Plan;
  /** Undefined when nothing was executed (no changes, or the user said no). */
  report?: ExecutionReport;
  exitCode: number;
  /** Set when a release failed: the command prints the summary, then fails with this (exit 1). */
  error?: ReleasesFailedError;
}

/** Asks before acting when `--interactive` without `--yes`; the prompter refuses without a TTY. */
export async function confirmPlan(plan: Plan, options: ChangeOptions, deps: Deps, question: string): Promise<boolean> {
  if (!options.interactive || options.yes) return true;
  options.write(renderPlanText(plan, { color: options.color }));
  return deps.prompter.confirm(question);
}

/** Result of an executed plan: exit code and failure. */
function changeResult(plan: Plan, report: ExecutionReport, options: ChangeOptions, mask: (s: string) => string, interrupt?: AbortSignal, lost?: AbortSignal): ChangeResult {
  for (const stop of [interrupt, lost]) {
    if (!stop?.aborted) continue;
    const why = stop.reason instanceof Error ? stop.reason.message : 'interrupted';
    return { plan, report, exitCode: ExitCode.ERROR, error: new ReleasesFailedError(report, mask, why) };
  }
  if (report.failed.length) return { plan, report, exitCode: ExitCode.ERROR, error: new ReleasesFailedError(report, mask) };
  const changed = report.changed.length > 0;
  return { plan, report, exitCode: options.detailedExitcode && changed ? ExitCode.CHANGES : ExitCode.OK };
}

/**
 * Executes the plan, prints the summary and decides the result; sync and
 * apply then run the `cleanup` hooks (destroy has none, as in Helmfile).
 */
export async function executeChange(
  run: PreparedRun,
  plan: Plan,
  diffs: ReadonlyMap<string, ReleaseDiff> | undefined,
  options: ChangeOptions,
  deps: Deps,
  hooksOf: HooksOf,
  how: { cleanupHooks: boolean; lock?: RunLock },
): Promise<ChangeResult> {
  // A lock lost mid-run (taken over, or not renewable for its TTL) starts no further release.
  const lost = how.lock?.lost;
  const stopStarting = options.stopStarting && lost ? AbortSignal.any([options.stopStarting, lost]) : (options.stopStarting ?? lost);
  const flags = { ...options, ...(stopStarting ? { stopStarting } : {}), ...(how.lock?.isHeld ? { lockName: how.lock.name } : {}) };
  const { report, summary } = await executeRun(run, plan, diffs, flags, deps, hooksOf);
  if (summary) options.write(`${summary}\n`);
  if (how.cleanupHooks) await triggerEvent(run.releases, 'cleanup', hooksOf);
  return changeResult(plan, report, options, run.mask, deps.interrupt, lost);
}

/** The Markdown of a run's plan and outcomes (src/sync/report-markdown.ts), with each release's chart. */
export function changeMarkdown(command: string, run: PreparedRun, plan: Plan, report: ExecutionReport | undefined, note?: string): string {
  return renderExecutionMarkdown(command, plan, report, {
    mask: run.mask,
    chartOf: (id) => {
      const r = run.byId.get(id);
      return r ? { chart: r.release.chart, version: r.chart?.version || r.release.version } : undefined;
    },
    ...(note ? { note } : {}),
  });
}

/** Renders every selected release, then upgrades all of them and uninstalls `installed: false` ones, in needs waves. */
export async function sync(options: SyncOptions, deps: Deps): Promise<ChangeResult> {
  const { run, hooksOf } = await prepareRunWithHooks(options, deps, 'sync', options.skipHooks);
  const lock = runLock(run, options, deps);
  try {
    // sync writes every release: the lock first, then everything is read as it is under it.
    if (run.releases.length) await lockForWrites(lock, run, options, deps);
    await recoverPending(run, options, deps, lock);
    // Drift decides --force-conflicts on helm 4 (see execute-run.ts).
    const diffs = await computeDiffs(run, options, deps, {});
    const { plan } = leaveSuspendedReleases(run, planRun(run, 'sync', diffs), options, deps);
    deps.logger.info(`Plan: ${planSummaryLine(plan)}`);
    if (!(await confirmPlan(plan, options, deps, 'Do you really want to sync?'))) {
      options.report?.(changeMarkdown('sync', run, plan, undefined, 'Declined: nothing was executed.'));
      return { plan, exitCode: ExitCode.OK };
    }
    const result = await executeChange(run, plan, diffs, options, deps, hooksOf, { cleanupHooks: true, lock });
    options.report?.(changeMarkdown('sync', run, plan, result.report));
    return result;
  } finally {
    await lock?.release();
    run.dispose();
  }
}
