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
import { confirmPlan, executeChange, type ChangeOptions, type ChangeResult } from './sync.js';

export type DestroyOptions = ChangeOptions;

/** Uninstalls every selected release that exists, dependants first. */
export async function destroy(options: DestroyOptions, deps: Deps): Promise<ChangeResult> {
  const run = await prepareRun(options, deps, { render: false, writes: true });
  try {
    const hooksOf = await hookContexts(run, 'destroy', deps, options.skipHooks);
    const plan = planRun(run, 'destroy');
    deps.logger.info(`Plan: ${planSummaryLine(plan)}`);
    if (!plan.hasChanges) {
      deps.logger.info('No releases to delete');
      return { plan, exitCode: ExitCode.OK };
    }
    if (!(await confirmPlan(plan, options, deps, 'Do you really want to delete?'))) return { plan, exitCode: ExitCode.OK };
    return await executeChange(run, plan, undefined, options, deps, hooksOf, { cleanupHooks: false });
  } finally {
    run.dispose();
  }
}
