/**
 * Public surface of src/sync: executes a Plan (helm calls and hooks are
 * supplied by the caller), reports what happened.
 *
 * - {@link executePlan}`(plan, {run, concurrency, interactive, logger, clock})` → {@link ExecutionReport}
 * - {@link runHooks}`(hooks, event, ctx, error?)`: Helmfile hooks, no shell
 * - {@link renderExecutionSummary}, {@link ReleasesFailedError} (exit 1 naming each failure)
 */
export { executePlan, type ExecuteOptions, type ExecutionReport, type ReleaseOutcome } from './execute.js';
export { runHooks, hooksFor, type HookContext, type HookEvent, type HookTemplate } from './hooks.js';
export { driftRepairPatches, kubectlPatchArgv, type JsonPatchOp, type RepairPatch } from './drift-repair.js';
export { renderExecutionSummary, ReleasesFailedError, errorLine, type SummaryOptions } from './report.js';
