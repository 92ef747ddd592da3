/**
 * The second half of `sync`/`apply`/`destroy`: runs a Plan against the
 * cluster through helm (upgrade --install / uninstall) with Helmfile's hooks
 * around each release, via src/sync's executor, and renders the summary.
 *
 * Drift and helm 4 (README "Drift and field-manager conflicts"): helm 4
 * upgrades by server-side apply, so a field someone changed by hand (kubectl
 * edit/scale/patch) belongs to another field manager and a plain upgrade
 * fails with a conflict. helmsync passes `--force-conflicts` for a release
 * only when its diff showed drift on it (or `forceConflicts: true` is set, as
 * Helmfile does), so sync heals drift that diff reported but never takes over
 * fields silently where no drift was seen. helm 3's three-way merge heals
 * drift of built-in kinds by itself; drifted fields of custom resources are
 * patched back after the upgrade (src/sync/drift-repair.ts).
 */
import type { ReleaseDiff } from '../diff/types.js';
import { ExternalCommandError } from '../errors/index.js';
import type { UpgradeCliOptions } from '../helm/argv-release.js';
import { splitArgs } from '../helm/argv-common.js';
import { INPUTS_LABEL, inputsLabelValue } from '../plan/inputs-digest.js';
import { DEPTH_LABEL, OWNER_LABEL } from '../plan/release-marks.js';
import { LOCK_LABEL, lockLabelValue } from '../lock/name.js';
import type { Plan, PlanAction } from '../plan/types.js';
import type { HookSpec } from '../state/types.js';
import { driftRepairPatches, kubectlPatchArgv } from '../sync/drift-repair.js';
import { executePlan, type ExecutionReport } from '../sync/execute.js';
import { runHooks, type HookContext, type HookEvent } from '../sync/hooks.js';
import { renderExecutionSummary } from '../sync/report.js';
import type { Deps } from '../ports/index.js';
import { hasDrift } from './release-diffs.js';
import { hookContext, hookRenderer, releaseHookSpecs } from './release-hooks.js';
import { observeOptions, prepareRun, type ClusterRunOptions, type PreparedRun, type RunRelease } from './release-run.js';
import { historyReader, uninstallSettled, upgradeSettled, type SettleContext } from './settle-release.js';

/** Flags of `helm upgrade` / `helm uninstall` the CLI can set (the upgrade ones as src/helm takes them). */
export interface ExecuteFlags
  extends Pick<UpgradeCliOptions, 'wait' | 'waitForJobs' | 'timeout' | 'reuseValues' | 'resetValues' | 'skipCrds' | 'hideNotes' | 'takeOwnership' | 'description'> {
  /** `--sync-args` (space-separated); replaces helmDefaults.syncArgs. */
  syncArgs?: string;
  /** `--cascade` for uninstall. */
  cascade?: string;
  deleteWait?: boolean;
  deleteTimeout?: number;
  /** No hooks at all (`--skip-hooks`). */
  skipHooks?: boolean;
  /**
   * Once it fires no further release starts, but running helm calls finish
   * (reconcile's graceful stop); `deps.interrupt` also stops the running ones.
   */
  stopStarting?: AbortSignal;
  /** The one-writer lock held while executing (its Lease name): every revision written says so (src/lock/name.ts). */
  lockName?: string;
}

export interface ExecuteRunResult {
  report: ExecutionReport;
  /** The summary tables ('' when nothing happened). */
  summary: string;
}

/** The hooks of a release and the context they run with. */
export type HooksOf = (r: RunRelease) => { hooks: HookSpec[]; ctx: HookContext };

/** Builds the hooks and hook context of each release of the run for a command (none with `--skip-hooks`). */
export async function hookContexts(run: PreparedRun, command: string, deps: Deps, skipHooks?: boolean): Promise<HooksOf> {
  const specs = (r: RunRelease): HookSpec[] => (skipHooks ? [] : releaseHookSpecs(r.file, r.release));
  const render = await hookRenderer(run.releases.flatMap(specs), deps);
  return (r) => ({
    hooks: specs(r),
    ctx: hookContext(run.state, r.file, r.release, { command, deps, render, release: `${r.release.namespace}/${r.release.name}`, mask: run.mask }),
  });
}

/**
 * prepareRun (rendering) for sync/apply/diff, with the command's `prepare`
 * hooks run once the state is loaded and before charts are prepared.
 */
export async function prepareRunWithHooks(options: ClusterRunOptions, deps: Deps, command: string, skipHooks?: boolean): Promise<{ run: PreparedRun; hooksOf: HooksOf }> {
  let hooksOf: HooksOf | undefined;
  const run = await prepareRun(options, deps, {
    render: true,
    writes: command === 'sync' || command === 'apply',
    fastPath: (command === 'diff' || command === 'apply' || command === 'plan') && !options.noFastPath,
    beforeRender: async (r) => {
      hooksOf = await hookContexts(r, command, deps, skipHooks);
      await triggerEvent(r.releases, 'prepare', hooksOf);
    },
  });
  try {
    hooksOf ??= await hookContexts(run, command, deps, skipHooks);
  } catch (e) {
    run.dispose();
    throw e;
  }
  return { run, hooksOf };
}

/** Runs one event's hooks for the given releases (prepare, preapply, cleanup). */
export async function triggerEvent(releases: readonly RunRelease[], event: HookEvent, hooksOf: HooksOf): Promise<void> {
  for (const r of releases) {
    const { hooks, ctx } = hooksOf(r);
    await runHooks(hooks, event, ctx);
  }
}

function stopSignal(a?: AbortSignal, b?: AbortSignal): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : a ?? b;
}

/** Executes the plan: uninstalls, installs and upgrades, wave by wave, with hooks. */
export async function executeRun(
  run: PreparedRun,
  plan: Plan,
  diffs: ReadonlyMap<string, ReleaseDiff> | undefined,
  options: ClusterRunOptions & ExecuteFlags,
  deps: Deps,
  hooksOf: HooksOf,
): Promise<ExecuteRunResult> {
  const helm = run.helm;
  const cli: UpgradeCliOptions = {
    wait: options.wait,
    waitForJobs: options.waitForJobs,
    timeout: options.timeout,
    reuseValues: options.reuseValues,
    resetValues: options.resetValues,
    skipCrds: options.skipCrds,
    hideNotes: options.hideNotes,
    takeOwnership: options.takeOwnership,
    postRenderer: options.postRenderer,
    postRendererArgs: options.postRendererArgs,
    skipSchemaValidation: options.skipSchemaValidation,
    description: options.description,
    syncArgs: options.syncArgs !== undefined ? splitArgs(options.syncArgs) : undefined,
    args: options.args !== undefined ? splitArgs(options.args) : undefined,
    kubeconfig: options.kubeconfig,
  };

  const upgrade = async (r: RunRelease): Promise<void> => {
    const forceConflicts = r.helmRelease.forceConflicts || (helm.major >= 4 && hasDrift(diffs?.get(r.id)));
    if (forceConflicts && !r.helmRelease.forceConflicts) deps.logger.info(`release ${r.id}: live objects drifted, upgrading with --force-conflicts`);
    const res = await upgradeSettled(
      r.record?.revision ?? 0,
      (lastRevision) => {
        // The owner mark and needs depth (src/plan/release-marks.ts), and the inputs digest
        // for the revision this upgrade makes (src/plan/inputs-digest.ts).
        const labels = {
          ...cli.labels,
          [OWNER_LABEL]: run.owner,
          [DEPTH_LABEL]: String(r.depth ?? 0),
          ...(r.inputsDigest ? { [INPUTS_LABEL]: inputsLabelValue(r.inputsDigest, lastRevision + 1) } : {}),
          // Recovery knows a pending revision's writer is gone once it holds this lock (src/lock/name.ts).
          ...(options.lockName ? { [LOCK_LABEL]: lockLabelValue(options.lockName, lastRevision + 1) } : {}),
        };
        return helm.upgrade(
          { release: { ...r.helmRelease, ...(forceConflicts ? { forceConflicts: true } : {}) }, defaults: r.defaults, values: r.values!, cli: { ...cli, labels } },
          { cwd: r.release.baseDir },
        );
      },
      settleContext(r),
    );
    if (res.stdout.trim()) deps.logger.debug(run.mask(res.stdout.trimEnd()));
    const d = diffs?.get(r.id);
    if (helm.major < 4 && d && hasDrift(d)) await repairDrift(r, d);
  };
  const readHistory = historyReader(observeOptions(run, options, deps));
  const settleContext = (r: RunRelease): SettleContext => ({
    id: r.id,
    history: () =>
      readHistory(r.release.namespace, r.release.name, { ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(r.release.kubeContext ? { context: r.release.kubeContext } : {}) }),
    rollback: async (revision) => {
      await helm.rollback({ release: r.helmRelease, defaults: r.defaults, revision, cli: { kubeconfig: options.kubeconfig, timeout: options.timeout } });
    },
    uninstall: async () => {
      await helm.uninstall({ release: r.helmRelease, defaults: r.defaults, cli: { kubeconfig: options.kubeconfig } });
    },
    sleep: (ms) => deps.clock.sleep(ms),
    warn: (m) => deps.logger.warn(run.mask(m)),
    ...(deps.interrupt ? { interrupted: deps.interrupt } : {}),
  });
  // helm 3 leaves hand-made changes on custom resources in place (src/sync/drift-repair.ts).
  const repairDrift = async (r: RunRelease, d: ReleaseDiff): Promise<void> => {
    const connection = { ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(r.release.kubeContext ? { context: r.release.kubeContext } : {}) };
    for (const p of driftRepairPatches(d)) {
      const argv = kubectlPatchArgv(connection, p);
      deps.logger.info(`release ${r.id}: resetting drifted ${p.key.kind} ${p.key.namespace}/${p.key.name} (${p.ops.map((o) => o.path).join(', ')})`);
      const res = await deps.runner.run(run.kubectl, argv, { signal: undefined });
      if (res.exitCode !== 0) {
        throw new ExternalCommandError('kubectl', argv.slice(0, -1).concat('<patch>'), res.killed ? undefined : res.exitCode, run.mask(res.stderr), { release: r.id });
      }
    }
  };
  const uninstall = async (r: RunRelease): Promise<void> => {
    const res = await uninstallSettled(
      () =>
        helm.uninstall({
          release: r.helmRelease,
          defaults: r.defaults,
          cli: { cascade: options.cascade, deleteWait: options.deleteWait, deleteTimeout: options.deleteTimeout, args: cli.args, kubeconfig: options.kubeconfig },
        }),
      settleContext(r),
    );
    if (res?.stdout.trim()) deps.logger.debug(run.mask(res.stdout.trimEnd()));
  };

  // A pruned release is no longer in the file: no hooks, its own context and namespace.
  // Repeated after a transient failure while revisions remain, as every uninstall (settle-release.ts).
  const prune = async (p: { context: string; name: string; namespace: string }): Promise<void> => {
    const connection = { ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(p.context ? { context: p.context } : {}) };
    const history = historyReader({ ...observeOptions(run, options, deps), connection });
    const res = await uninstallSettled(
      () =>
        helm.uninstall({
          release: { name: p.name, namespace: p.namespace, chart: '', ...(p.context ? { kubeContext: p.context } : {}) },
          defaults: {},
          cli: { cascade: options.cascade, deleteWait: options.deleteWait, deleteTimeout: options.deleteTimeout, args: cli.args, kubeconfig: options.kubeconfig },
        }),
      {
        id: `${p.namespace}/${p.name}`,
        history: () => history(p.namespace, p.name),
        sleep: (ms) => deps.clock.sleep(ms),
        warn: (m) => deps.logger.warn(run.mask(m)),
        ...(deps.interrupt ? { interrupted: deps.interrupt } : {}),
      },
    );
    deps.logger.info(`release ${p.namespace}/${p.name}: pruned (owned by ${run.owner}, no longer in the releases file)`, {
      event: 'release.prune',
      release: `${p.namespace}/${p.name}`,
      namespace: p.namespace,
      name: p.name,
      owner: run.owner,
    });
    if (res?.stdout.trim()) deps.logger.debug(run.mask(res.stdout.trimEnd()));
  };

  const runAction = async (a: PlanAction): Promise<void> => {
    const pruned = a.prune ? run.prunes?.get(a.id) : undefined;
    if (pruned) return prune(pruned);
    const r = run.byId.get(a.id)!;
    const { hooks, ctx } = hooksOf(r);
    const [pre, post, act] =
      a.action === 'uninstall' ? (['preuninstall', 'postuninstall', uninstall] as const) : (['presync', 'postsync', upgrade] as const);
    await runHooks(hooks, pre, ctx);
    try {
      await act(r);
    } catch (e) {
      // Helmfile runs postsync with .Event.Error set; the release still fails.
      await runHooks(hooks, post, ctx, e).catch((he: unknown) => deps.logger.warn(run.mask(String((he as Error).message))));
      throw e;
    }
    await runHooks(hooks, post, ctx);
  };

  const stop = stopSignal(deps.interrupt, options.stopStarting);
  const report = await executePlan(plan, {
    run: runAction,
    concurrency: options.concurrency ?? 0,
    interactive: Boolean(options.progress?.interactive),
    stream: options.progress?.stream,
    logger: deps.logger,
    clock: deps.clock,
    mask: run.mask,
    ...(stop ? { signal: stop } : {}),
  });
  const summary = renderExecutionSummary(report, {
    mask: run.mask,
    chartOf: (id) => {
      const r = run.byId.get(id);
      return r ? { chart: r.release.chart, version: r.chart?.version || r.release.version } : undefined;
    },
  });
  return { report, summary };
}
