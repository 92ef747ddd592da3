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
import type { Plan, PlanAction } from '../plan/types.js';
import { environmentData } from '../state/template-data.js';
import { loadGoTemplateRenderer } from '../state/gotemplate-renderer.js';
import type { HookSpec } from '../state/types.js';
import { driftRepairPatches, kubectlPatchArgv } from '../sync/drift-repair.js';
import { executePlan, type ExecutionReport } from '../sync/execute.js';
import { runHooks, type HookContext, type HookEvent, type HookTemplate } from '../sync/hooks.js';
import { renderExecutionSummary } from '../sync/report.js';
import type { Deps } from './deps.js';
import { hasDrift } from './release-diffs.js';
import type { ClusterRunOptions, PreparedRun, RunRelease } from './release-run.js';

/** Flags of `helm upgrade` / `helm uninstall` the CLI can set. */
export interface ExecuteFlags {
  wait?: boolean;
  waitForJobs?: boolean;
  /** Seconds. */
  timeout?: number;
  reuseValues?: boolean;
  resetValues?: boolean;
  skipCrds?: boolean;
  hideNotes?: boolean;
  takeOwnership?: boolean;
  description?: string;
  /** `--sync-args`; replaces helmDefaults.syncArgs. */
  syncArgs?: string;
  /** `--cascade` for uninstall. */
  cascade?: string;
  deleteWait?: boolean;
  deleteTimeout?: number;
  /** No hooks at all (`--skip-hooks`). */
  skipHooks?: boolean;
}

export interface ExecuteRunResult {
  report: ExecutionReport;
  /** The summary tables ('' when nothing happened). */
  summary: string;
}

/** Builds the hook context of a release for a command. */
export async function hookContexts(run: PreparedRun, command: string, deps: Deps, skipHooks?: boolean): Promise<(r: RunRelease) => { hooks: HookSpec[]; ctx: HookContext }> {
  let render: HookTemplate | undefined;
  const needsEngine = run.releases.some((r) => allHooks(r).some((h) => [h.command ?? '', ...(h.args ?? [])].some((s) => s.includes('{{'))));
  if (needsEngine && !skipHooks) {
    const engine = await loadGoTemplateRenderer(deps);
    if (engine) render = (text, data) => engine.render(text, data, { name: 'hook', basePath: deps.cwd });
  }
  return (r) => ({
    hooks: skipHooks ? [] : allHooks(r),
    ctx: {
      runner: deps.runner,
      logger: deps.logger,
      render: render ? (text, data) => render!(text, data) : undefined,
      cwd: r.file.dir,
      command,
      release: `${r.release.namespace}/${r.release.name}`,
      mask: run.mask,
      data: {
        ...environmentData(run.state.environmentName, r.file.environment.kubeContext, r.file.environment.values, run.state.overrides.namespace),
        Release: {
          Name: r.release.name,
          Namespace: r.release.namespace,
          Labels: r.release.labels,
          Chart: r.release.chart,
          ChartVersion: r.release.version,
          KubeContext: r.release.kubeContext,
        },
      },
    },
  });
}

/** State-level hooks (`hooks:` at the top of a file) apply to every release, before the release's own. */
function allHooks(r: RunRelease): HookSpec[] {
  return [...(r.file.hooks ?? []), ...(r.release.spec.hooks ?? [])];
}

/** Runs one event's hooks for the given releases (prepare, preapply, cleanup). */
export async function triggerEvent(releases: readonly RunRelease[], event: HookEvent, hooksOf: Awaited<ReturnType<typeof hookContexts>>): Promise<void> {
  for (const r of releases) {
    const { hooks, ctx } = hooksOf(r);
    await runHooks(hooks, event, ctx);
  }
}

/** Executes the plan: uninstalls, installs and upgrades, wave by wave, with hooks. */
export async function executeRun(
  run: PreparedRun,
  plan: Plan,
  diffs: ReadonlyMap<string, ReleaseDiff> | undefined,
  options: ClusterRunOptions & ExecuteFlags,
  deps: Deps,
  hooksOf: Awaited<ReturnType<typeof hookContexts>>,
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
    const res = await helm.upgrade(
      { release: { ...r.helmRelease, ...(forceConflicts ? { forceConflicts: true } : {}) }, defaults: r.defaults, values: r.values!, cli },
      { cwd: r.release.baseDir },
    );
    if (res.stdout.trim()) deps.logger.debug(run.mask(res.stdout.trimEnd()));
    const d = diffs?.get(r.id);
    if (helm.major < 4 && d && hasDrift(d)) await repairDrift(r, d);
  };
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
    const res = await helm.uninstall({
      release: r.helmRelease,
      defaults: r.defaults,
      cli: { cascade: options.cascade, deleteWait: options.deleteWait, deleteTimeout: options.deleteTimeout, args: cli.args, kubeconfig: options.kubeconfig },
    });
    if (res.stdout.trim()) deps.logger.debug(run.mask(res.stdout.trimEnd()));
  };

  const runAction = async (a: PlanAction): Promise<void> => {
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

  const report = await executePlan(plan, {
    run: runAction,
    concurrency: options.concurrency ?? 0,
    interactive: Boolean(options.progress?.interactive),
    stream: options.progress?.stream,
    logger: deps.logger,
    clock: deps.clock,
    mask: run.mask,
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
