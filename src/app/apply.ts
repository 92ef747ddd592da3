/**
 * `helmsync apply` (Helmfile `apply`): diff first, then upgrade only the
 * releases whose diff shows changes (drift included) and uninstall the
 * `installed: false` ones that exist; unchanged releases get no new helm
 * revision. `--interactive` shows the diff and the plan and asks first.
 */
import type { ReleaseDiff } from '../diff/types.js';
import { ExitCode } from '../errors/index.js';
import { planSummaryLine } from '../plan/render.js';
import type { Plan } from '../plan/types.js';
import type { Deps } from '../ports/index.js';
import { printableDiffs, renderDiffs, type DiffOutputOptions } from './diff.js';
import { prepareRunWithHooks, triggerEvent } from './execute-run.js';
import { computeDiffs, planRun, type DiffFlags } from './release-diffs.js';
import { recoverPending } from './recover-pending.js';
import type { PreparedRun } from './release-run.js';
import { lockForWrites, runLock } from './run-lock.js';
import { renderDiffMarkdown } from '../diff/render-markdown.js';
import { changeMarkdown, confirmPlan, executeChange, type ChangeOptions, type ChangeResult } from './sync.js';
import { leaveSuspendedReleases } from './suspend.js';
import { checkPruneOptions, findPrunes, planWithPrunes, type PruneOptions } from './prune.js';

export interface ApplyOptions extends ChangeOptions, DiffFlags, DiffOutputOptions, PruneOptions {
  /** `--suppress-diff`: do not print the diff. */
  suppressDiff?: boolean;
}

/**
 * How `reconcile` bends one apply (issue 10) without a second copy of it:
 * the plan is built from other diffs (drift not counting without
 * --self-heal) and then narrowed (releases backing off held back).
 */
export interface ApplyShaping {
  /** The diffs the plan is built from; the real ones still drive --force-conflicts and drift repair. */
  planningDiffs?: (diffs: ReadonlyMap<string, ReleaseDiff>) => ReadonlyMap<string, ReleaseDiff>;
  /** The plan actually executed. */
  shapePlan?: (plan: Plan) => Plan;
  /** Sees the prepared run once it is planned (reconcile --watch learns the files and objects to watch). */
  inspectRun?: (run: PreparedRun) => void;
}

export interface ApplyResult extends ChangeResult {
  /** Every selected release's diff (drift included), in run order. */
  diffs?: ReadonlyMap<string, ReleaseDiff>;
  /** Masks the run's secret values (for error texts kept after the run). */
  mask?: (text: string) => string;
  /** Run ids of the selected releases marked suspended (left alone unless --ignore-suspend). */
  suspended?: string[];
}

/** Diffs every selected release, then upgrades only the changed ones and uninstalls `installed: false` ones. */
export async function apply(options: ApplyOptions, deps: Deps, shaping: ApplyShaping = {}): Promise<ApplyResult> {
  checkPruneOptions(options);
  const { run, hooksOf } = await prepareRunWithHooks(options, deps, 'apply', options.skipHooks);
  const lock = runLock(run, options, deps);
  try {
    await recoverPending(run, options, deps, lock);
    const derive = async () => {
      let diffs = await computeDiffs(run, options, deps, options);
      // A release the fast path did not render that must be upgraded after all (drift) is rendered now.
      const skipped = run.releases.filter((r) => r.fastPath && diffs.get(r.id)?.hasChanges);
      if (skipped.length) {
        await run.renderSkipped(new Set(skipped.map((r) => r.id)));
        diffs = await computeDiffs(run, options, deps, options);
      }
      const prunes = options.prune ? await findPrunes(run, options, deps) : undefined;
      run.prunes = prunes && new Map(prunes.candidates.map((c) => [c.id, c.stored]));
      const planned = planWithPrunes(planRun(run, 'apply', shaping.planningDiffs ? shaping.planningDiffs(diffs) : diffs), prunes, run.owner);
      // Suspended releases (helmsync suspend) are left alone unless --ignore-suspend.
      const { plan: unsuspended, suspended } = leaveSuspendedReleases(run, planned, options, deps);
      return { diffs, prunes, suspended, plan: shaping.shapePlan ? shaping.shapePlan(unsuspended) : unsuspended };
    };
    let { diffs, prunes, suspended, plan } = await derive();
    // Something to write: take the lock; if another writer moved a release meanwhile, plan from what it left.
    if (plan.hasChanges && (await lockForWrites(lock, run, options, deps)).length) {
      await recoverPending(run, options, deps, lock);
      ({ diffs, prunes, suspended, plan } = await derive());
    }
    shaping.inspectRun?.(run);
    // Prunes show as deletions after the releases of the file.
    const shown = () => [...printableDiffs(run, diffs), ...(prunes?.diffs.values() ?? [])];
    if (!options.suppressDiff) {
      const text = renderDiffs(shown(), { ...options, output: options.output ?? 'text' });
      if (text) options.write(text);
    }
    deps.logger.info(`Plan: ${planSummaryLine(plan)}`);
    // The CI report: what executed, then the diff that decided it (masked like stdout).
    const report = <T extends ChangeResult>(result: T, note?: string): T => {
      if (options.report) {
        const diffMd = renderDiffMarkdown(shown(), { title: 'helmsync apply: diff', ...(options.context !== undefined ? { context: options.context } : {}), maxLength: 50_000 });
        options.report(`${changeMarkdown('apply', run, plan, result.report, note)}\n${diffMd}`);
      }
      return { ...result, suspended };
    };
    if (!plan.hasChanges) {
      deps.logger.info('No affected releases');
      await triggerEvent(run.releases, 'cleanup', hooksOf);
      return report({ plan, diffs, mask: run.mask, exitCode: ExitCode.OK });
    }
    if (!(await confirmPlan(plan, options, deps, 'Do you really want to apply?'))) return report({ plan, diffs, mask: run.mask, exitCode: ExitCode.OK }, 'Declined: nothing was executed.');
    const acting = run.releases.filter((r) => plan.actions.find((a) => a.id === r.id)?.action !== 'noop');
    await triggerEvent(acting, 'preapply', hooksOf);
    return report({ ...(await executeChange(run, plan, diffs, options, deps, hooksOf, { cleanupHooks: true, lock })), diffs, mask: run.mask });
  } finally {
    await lock?.release();
    run.dispose();
  }
}
