/**
 * `helmsync plan --out FILE` and `helmsync apply --plan FILE` (the PR-job /
 * merge-job workflow): the plan is computed exactly as `apply` computes it
 * and saved with what it was computed against; applying it re-derives every
 * release first and refuses, before the first write, when a desired manifest
 * differs from the plan, a release's stored revision moved, the releases files
 * or the plan file changed, the environment differs or the plan is too old.
 * Releases not in the plan are not touched.
 */
import { dirname, relative } from 'node:path';
import { ExitCode, UserError } from '../errors/index.js';
import { parseManifest } from '../diff/manifest.js';
import type { ReleaseDiff } from '../diff/types.js';
import { planSummaryLine, renderPlanMarkdown, renderPlanText } from '../plan/render.js';
import { manifestDigest, parseDuration, parseSavedPlan, SavedPlanError, sha256, withPlanDigest, type SavedPlan, type SavedRelease } from '../plan/saved-plan.js';
import type { Plan } from '../plan/types.js';
import type { Deps } from '../ports/index.js';
import type { ApplyOptions } from './apply.js';
import { printableDiffs, renderDiffs } from './diff.js';
import { prepareRunWithHooks, triggerEvent } from './execute-run.js';
import { computeDiffs, planRun } from './release-diffs.js';
import type { PreparedRun, RunRelease } from './release-run.js';
import { confirmPlan, executeChange, type ChangeResult } from './sync.js';
import { lockForWrites, runLock } from './run-lock.js';

export interface PlanCommandOptions extends ApplyOptions {
  /** `--out FILE`: where the plan is saved. */
  out?: string;
  /** helmsync's version, recorded in the plan. */
  helmsyncVersion: string;
}

function desiredDigest(r: RunRelease): string | undefined {
  if (!r.release.installed || r.manifest === undefined) return undefined;
  return manifestDigest(parseManifest(r.manifest, { defaultNamespace: r.release.namespace }));
}

/** Renders (fast path where it applies), reads the cluster and diffs, as apply does; releases the fast path skipped but that change are rendered. */
async function derive(run: PreparedRun, options: ApplyOptions, deps: Deps): Promise<Map<string, ReleaseDiff>> {
  let diffs = await computeDiffs(run, options, deps, options);
  const skipped = run.releases.filter((r) => r.fastPath && diffs.get(r.id)?.hasChanges);
  if (skipped.length) {
    await run.renderSkipped(new Set(skipped.map((r) => r.id)));
    diffs = await computeDiffs(run, options, deps, options);
  }
  return diffs;
}

async function gitOf(files: string[], deps: Deps): Promise<SavedPlan['git']> {
  if (!files.length) return undefined;
  const cwd = dirname(files[0]!);
  try {
    const head = await deps.runner.run('git', ['rev-parse', 'HEAD'], { cwd });
    if (head.exitCode !== 0) return undefined;
    const status = await deps.runner.run('git', ['status', '--porcelain', '--', ...files], { cwd });
    return { commit: head.stdout.trim(), dirty: status.exitCode !== 0 || status.stdout.trim() !== '' };
  } catch {
    return undefined;
  }
}

function fileDigests(run: PreparedRun, deps: Deps): SavedPlan['files'] {
  const base = deps.cwd;
  return run.state.files.map((f) => ({ path: relative(base, f.absPath) || f.path, sha256: sha256(deps.fs.readBytes(f.absPath)) }));
}

function savedReleases(run: PreparedRun, plan: Plan): SavedRelease[] {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  return run.releases.map((r) => {
    const a = byId.get(r.id)!;
    return {
      id: r.id,
      name: r.release.name,
      namespace: r.release.namespace,
      ...(r.release.kubeContext ? { kubeContext: r.release.kubeContext } : {}),
      action: a.action,
      reasons: a.reasons.map((x) => run.mask(x)),
      ...(r.record ? { storedRevision: r.record.revision } : {}),
      ...(desiredDigest(r) ? { desiredDigest: desiredDigest(r) } : {}),
      ...(r.inputsDigest ? { inputsDigest: r.inputsDigest } : {}),
    };
  });
}

/** `helmsync plan`: prints the diff and the plan; with `out`, saves it. */
export async function savePlan(options: PlanCommandOptions, deps: Deps): Promise<{ plan: Plan; exitCode: number }> {
  // A place the plan cannot go is known before any work is done.
  if (options.out && deps.fs.stat(options.out)?.isDir) {
    throw new UserError(`cannot write plan file ${options.out}: it is a directory`, { hint: `give a file name, e.g. --out ${options.out.replace(/\/+$/, '')}/plan.json` });
  }
  const { run, hooksOf } = await prepareRunWithHooks(options, deps, 'plan', options.skipHooks);
  try {
    const diffs = await derive(run, options, deps);
    const json = options.output === 'json';
    // --output json: stdout is one document, the plan file's (diff JSON is `diff --output json`).
    if (!options.suppressDiff && !json) {
      const text = renderDiffs(printableDiffs(run, diffs), { ...options, output: options.output ?? 'text' });
      if (text) options.write(text);
    }
    const plan = planRun(run, 'apply', diffs);
    // The plan is data about names, actions and counts; masked all the same.
    const masked: Plan = { ...plan, actions: plan.actions.map((a) => ({ ...a, reasons: a.reasons.map((x) => run.mask(x)) })) };
    if (!json) options.write(renderPlanText(masked, { color: options.color }));
    options.report?.(`${renderPlanMarkdown(masked).trimEnd()}\n\n${renderDiffs(printableDiffs(run, diffs), { ...options, output: 'markdown' })}`);
    if (options.out || json) {
      const files = fileDigests(run, deps);
      const saved = withPlanDigest({
        schemaVersion: 1,
        savedPlanVersion: 1,
        helmsyncVersion: options.helmsyncVersion,
        createdAt: new Date(deps.clock.now()).toISOString(),
        environment: run.state.environmentName,
        files,
        ...(await gitOf(run.state.files.map((f) => f.absPath), deps).then((g) => (g ? { git: g } : {}))),
        releases: savedReleases(run, masked),
        plan: masked,
      });
      if (json) options.write(`${JSON.stringify(saved, null, 2)}\n`);
      if (options.out) {
        try {
          deps.fs.writeFile(options.out, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
        } catch (e) {
          throw new UserError(`cannot write plan file ${options.out}: ${(e as Error).message}`, { hint: 'check the path and its permissions', cause: e });
        }
        deps.logger.info(`Plan saved to ${options.out}: ${planSummaryLine(plan)}`);
      }
    }
    await triggerEvent(run.releases, 'cleanup', hooksOf);
    return { plan: masked, exitCode: options.detailedExitcode && plan.hasChanges ? ExitCode.CHANGES : ExitCode.OK };
  } finally {
    run.dispose();
  }
}

/** Reads a plan file; a missing, unreadable or edited one is a UserError naming it. */
export function readSavedPlan(path: string, deps: Deps): SavedPlan {
  let text: string;
  try {
    text = deps.fs.readFile(path);
  } catch (e) {
    throw new UserError(`cannot read plan file ${path}: ${(e as Error).message}`, { hint: 'make one with `helmsync plan --out FILE`' });
  }
  try {
    return parseSavedPlan(text);
  } catch (e) {
    if (e instanceof SavedPlanError) throw new UserError(`plan file ${path}: ${e.message}`, { hint: 're-plan with `helmsync plan --out FILE`' });
    throw e;
  }
}

/** Only the releases of the saved plan act; every other release becomes a noop and leaves its wave. */
export function restrictPlan(plan: Plan, ids: ReadonlySet<string>): Plan {
  const actions = plan.actions.map((a) => (ids.has(a.id) || a.action === 'noop' ? a : { ...a, action: 'noop' as const, reasons: ['not in the saved plan'], wave: -1 }));
  const acting = new Set(actions.filter((a) => a.action !== 'noop').map((a) => a.id));
  const waves = plan.waves.map((w) => ({ ...w, ids: w.ids.filter((id) => acting.has(id)) })).filter((w) => w.ids.length > 0).map((w, index) => ({ ...w, index }));
  const waveOf = new Map(waves.flatMap((w) => w.ids.map((id) => [id, w.index] as const)));
  const final = actions.map((a) => (a.action === 'noop' ? a : { ...a, wave: waveOf.get(a.id) ?? -1, waitsFor: a.waitsFor.filter((x) => acting.has(x)) }));
  const count = (k: string) => final.filter((a) => a.action === k).length;
  return {
    ...plan,
    actions: final,
    waves,
    summary: { install: count('install'), upgrade: count('upgrade'), uninstall: count('uninstall'), noop: count('noop') },
    hasChanges: acting.size > 0,
  };
}

export interface ApplyPlanOptions extends ApplyOptions {
  /** `--plan FILE`. */
  plan: string;
  /** `--plan-max-age`: e.g. `2h`. */
  planMaxAge?: string;
}

/** What differs between the saved plan and the cluster/files now, one line per stale release or file. */
function staleness(saved: SavedPlan, run: PreparedRun, now: Plan, deps: Deps): string[] {
  const out: string[] = [];
  const files = fileDigests(run, deps);
  const savedFiles = new Map(saved.files.map((f) => [f.path, f.sha256]));
  for (const f of files) {
    if (!savedFiles.has(f.path)) out.push(`${f.path}: not part of the plan`);
    else if (savedFiles.get(f.path) !== f.sha256) out.push(`${f.path}: changed since the plan`);
  }
  const current = new Map(savedReleases(run, now).map((r) => [r.id, r]));
  for (const s of saved.releases) {
    const c = current.get(s.id);
    const name = `${s.kubeContext ? `${s.kubeContext}/` : ''}${s.namespace}/${s.name}`;
    if (!c) {
      out.push(`${name}: no longer selected in the releases file`);
      continue;
    }
    const why: string[] = [];
    if (c.storedRevision !== s.storedRevision) why.push(`stored revision ${s.storedRevision ?? 'none'} → ${c.storedRevision ?? 'none'} (changed in the cluster since the plan)`);
    if (c.desiredDigest !== s.desiredDigest) why.push('desired manifest differs from the plan (chart, values or flags changed)');
    else if (c.action !== s.action) why.push(`action ${s.action} → ${c.action} (live objects changed since the plan)`);
    if (why.length) out.push(`${name}: ${why.join('; ')}`);
  }
  return out;
}

/** `helmsync apply --plan FILE`. */
export async function applyPlan(options: ApplyPlanOptions, deps: Deps): Promise<ChangeResult> {
  const saved = readSavedPlan(options.plan, deps);
  if (options.planMaxAge !== undefined) {
    const max = parseDuration(options.planMaxAge);
    if (max === undefined) throw new UserError(`--plan-max-age ${options.planMaxAge} is not a duration`, { hint: 'e.g. 90m, 2h, 1d' });
    const ageMs = deps.clock.now() - Date.parse(saved.createdAt);
    if (!(ageMs <= max)) {
      throw new UserError(`plan file ${options.plan} was made ${saved.createdAt}, more than ${options.planMaxAge} ago`, { hint: 're-plan with `helmsync plan --out FILE`' });
    }
  }
  // Before anything runs (prepare hooks, cluster reads): the environment asked for must be the plan's.
  const asked = options.load.environment || 'default';
  if (asked !== saved.environment) {
    throw new UserError(`plan file ${options.plan} is for environment ${saved.environment}, not ${asked}`, { environment: asked, hint: `apply it with -e ${saved.environment}, or re-plan with -e ${asked}` });
  }
  const { run, hooksOf } = await prepareRunWithHooks(options, deps, 'apply', options.skipHooks);
  const lock = runLock(run, options, deps);
  try {
    if (run.state.environmentName !== saved.environment) {
      throw new UserError(`plan file ${options.plan} is for environment ${saved.environment}, not ${run.state.environmentName}`, { environment: run.state.environmentName, hint: `apply it with -e ${saved.environment}` });
    }
    let diffs = await derive(run, options, deps);
    let now = planRun(run, 'apply', diffs);
    // The plan writes: under the lock, checked again against what another writer may have left.
    if (now.hasChanges && (await lockForWrites(lock, run, options, deps)).length) {
      diffs = await derive(run, options, deps);
      now = planRun(run, 'apply', diffs);
    }
    const stale = staleness(saved, run, now, deps);
    if (stale.length) {
      throw new UserError(`plan file ${options.plan} is stale; nothing was applied:\n${stale.map((s) => `  ${run.mask(s)}`).join('\n')}`, {
        hint: 're-plan with `helmsync plan --out FILE`, review it, and apply that plan',
      });
    }
    if (!options.suppressDiff) {
      const text = renderDiffs(printableDiffs(run, diffs).filter((d) => saved.releases.some((s) => s.name === d.release.name && s.namespace === d.release.namespace)), { ...options, output: options.output ?? 'text' });
      if (text) options.write(text);
    }
    const plan = restrictPlan(now, new Set(saved.releases.map((r) => r.id)));
    deps.logger.info(`Plan (${options.plan}): ${planSummaryLine(plan)}`);
    if (!plan.hasChanges) {
      deps.logger.info('No affected releases');
      await triggerEvent(run.releases, 'cleanup', hooksOf);
      return { plan, exitCode: ExitCode.OK };
    }
    if (!(await confirmPlan(plan, options, deps, 'Do you really want to apply this plan?'))) return { plan, exitCode: ExitCode.OK };
    const acting = run.releases.filter((r) => plan.actions.find((a) => a.id === r.id)?.action !== 'noop');
    await triggerEvent(acting, 'preapply', hooksOf);
    return await executeChange(run, plan, diffs, options, deps, hooksOf, { cleanupHooks: true, lock });
  } finally {
    await lock?.release();
    run.dispose();
  }
}
