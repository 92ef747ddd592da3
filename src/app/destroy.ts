/**
 * `helmsync destroy` (Helmfile `destroy`): uninstall every selected release
 * that exists, dependants before what they need (reverse `needs` order), with
 * preuninstall/postuninstall hooks. Nothing is rendered.
 */
import { ExitCode } from '../errors/index.js';
import { planSummaryLine } from '../plan/render.js';
import type { Deps } from '../ports/index.js';
import { hookContexts } from './execute-run.js';
import { planRun } from './release-diffs.js';
import { prepareRun } from './release-run.js';
import { lockForWrites, runLock } from './run-lock.js';
import { confirmPlan, executeChange, type ChangeOptions, type ChangeResult } from './sync.js';

export type DestroyOptions = ChangeOptions;

/** Uninstalls every selected release that exists, dependants first. */
export async function destroy(options: DestroyOptions, deps: Deps): Promise<ChangeResult> {
  const run = await prepareRun(options, deps, { render: false, writes: true });
  const lock = runLock(run, options, deps);
  try {
    const hooksOf = await hookContexts(run, 'destroy', deps, options.skipHooks);
    let plan = planRun(run, 'destroy');
    // Something to uninstall: the lock, then the plan from the records as they are under it.
    if (plan.hasChanges && (await lockForWrites(lock, run, options, deps)).length) plan = planRun(run, 'destroy');
    deps.logger.info(`Plan: ${planSummaryLine(plan)}`);
    if (!plan.hasChanges) {
      deps.logger.info('No releases to delete');
      return { plan, exitCode: ExitCode.OK };
    }
    if (!(await confirmPlan(plan, options, deps, 'Do you really want to delete?'))) return { plan, exitCode: ExitCode.OK };
    return await executeChange(run, plan, undefined, options, deps, hooksOf, { cleanupHooks: false, lock });
  } finally {
    await lock?.release();
    run.dispose();
  }
}
