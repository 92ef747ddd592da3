/**
 * `helmsync promote --from A --to B` (issue 12): copies the values the
 * `promotion:` key names, as environment A resolves them, into environment B's
 * values files, with a minimal comment-preserving edit.
 *
 * 1. Load both environments (tracing which values file sets which key) and
 *    list what differs. 2. Guard: A's releases are deployed, not failed, and
 *    `diff` against A's cluster shows nothing pending and no drift (`--force`
 *    overrides). 3. Preview: B rendered with the new values (read from memory,
 *    nothing written yet) and diffed against B's cluster, secrets masked.
 * 4. On a terminal: choose releases/keys, see the preview, confirm; otherwise
 *    `--yes`. 5. Write; `--commit` commits; the summary as text, Markdown or
 *    JSON. 6. `--dry-run` stops after 3; `--apply` runs apply for B.
 */
import { relative, resolve } from 'node:path';
import type { ReleaseDiff } from '../diff/types.js';
import { ExitCode, UserError } from '../errors/index.js';
import type { Deps, PromptChoice } from '../ports/index.js';
import { checkDirection, declarationFor, promotionConfig } from '../promote/config.js';
import { planEdits, sharedFiles, type EditPlan } from '../promote/edits.js';
import { checkCommit, commitFiles } from '../promote/git.js';
import { guardProblems, type GuardProblem } from '../promote/guard.js';
import { overlayFileSystem } from '../promote/overlay-fs.js';
import { buildProposal, counterpart, type PromotionItem } from '../promote/proposal.js';
import { commitMessage, renderProposalTable, renderSummaryJson, renderSummaryMarkdown, renderSummaryText, type ChangeRow, type PromoteReport } from '../promote/report.js';
import { displayValue, firstDifference, formatPath, getAt, sameValue } from '../promote/values-path.js';
import { loadState } from '../state/load.js';
import { clone, setAtPath } from '../state/merge.js';
import type { EnvironmentValuesLayer, LoadedState, Release } from '../state/types.js';
import { apply, type ApplyOptions } from './apply.js';
import { renderDiffs } from './diff.js';
import { computeDiffs, type DiffFlags } from './release-diffs.js';
import { prepareRun, type ClusterRunOptions, type PreparedRun } from './release-run.js';
import type { ExecuteFlags } from './execute-run.js';

export interface PromoteOptions extends ClusterRunOptions, DiffFlags, ExecuteFlags {
  /** `--from`: the source environment. */
  from: string;
  /** `--to`: the target environment. */
  to: string;
  /** Positional release names (`name` or `namespace/name`); all selected when empty. */
  releases?: string[];
  /** `--force`: promote despite the guard, or backwards. */
  force?: boolean;
  /** `--yes`: no prompts; everything proposed is written. */
  yes?: boolean;
  /** `--dry-run`: list, guard and preview; write nothing. */
  dryRun?: boolean;
  /** `--commit`: one git commit of the edited files. */
  commit?: boolean;
  /** `--branch NAME`: commit on a new branch (implies --commit). */
  branch?: string;
  /** `--apply`: run apply for the target environment afterwards. */
  apply?: boolean;
  /** `--output`: the summary as text (default), markdown or json. */
  output?: 'text' | 'json' | 'markdown';
  /** Lines of context in the preview diff. */
  context?: number;
  color?: boolean;
  /** A person can answer prompts (stdin and stderr are terminals, not CI). */
  terminal: boolean;
  /** stdout. */
  write: (text: string) => void;
  /** The git executable for --commit. */
  gitBinary?: string;
}

export interface PromoteResult {
  report?: PromoteReport;
  exitCode: number;
}

interface Loaded {
  state: LoadedState;
  layers: EnvironmentValuesLayer[];
}

async function loadTraced(options: PromoteOptions, environment: string, deps: Deps): Promise<Loaded> {
  const layers: EnvironmentValuesLayer[] = [];
  const state = await loadState({ ...options.load, environment, traceEnvironmentValues: (l) => layers.push(l) }, deps);
  return { state, layers };
}

/** The state with only these releases selected (the ones taking part). */
function narrowed(state: LoadedState, keep: ReadonlySet<Release>): LoadedState {
  return {
    ...state,
    selected: state.selected.filter((r) => keep.has(r)),
    files: state.files.map((f) => ({ ...f, selected: f.selected.filter((r) => keep.has(r)), waves: f.waves.map((w) => w.filter((r) => keep.has(r))).filter((w) => w.length) })),
  };
}

function checkFlags(o: PromoteOptions): void {
  if (!o.from || !o.to) throw new UserError('promote needs --from and --to', { hint: 'e.g. helmsync promote --from staging --to prod' });
  if (o.from === o.to) throw new UserError(`--from and --to are both ${o.from}: nothing to promote`, { environment: o.to, hint: 'name two different environments, e.g. --from staging --to prod' });
  if (o.dryRun && (o.commit || o.branch || o.apply)) {
    throw new UserError(`--dry-run writes nothing, so it cannot be combined with ${[o.commit || o.branch ? '--commit/--branch' : '', o.apply ? '--apply' : ''].filter(Boolean).join(' and ')}`, { hint: 'drop --dry-run, or the other flag' });
  }
}

/** Runs the promotion. Bad input is refused before anything is written. */
export async function promote(options: PromoteOptions, deps: Deps): Promise<PromoteResult> {
  checkFlags(options);
  const { from, to } = options;
  const target = await loadTraced(options, to, deps);
  const source = await loadTraced(options, from, deps);
  const root = target.state.files.find((f) => f.parent === undefined) ?? target.state.files[0];
  const fileIndex = target.state.selected[0]?.fileIndex ?? (root ? target.state.files.indexOf(root) : 0);
  const config = promotionConfig(declarationFor(target.state, fileIndex), target.state, root?.path ?? 'helmfile.yaml');
  const { backwards } = checkDirection(config, from, to, Boolean(options.force));
  const proposal = buildProposal({ config, source: source.state, target: target.state, ...(options.releases?.length ? { only: options.releases } : {}) });
  const shared = sharedFiles(target.state, source.layers, from, resolve);
  const display = (abs: string): string => relative(deps.cwd, abs) || abs;
  // Every key's file and edit is decided now: a refusal comes before any cluster call or prompt.
  let plan = planEdits({ items: proposal.items, target: target.state, layers: target.layers, sharedWith: shared, fs: deps.fs });
  const rows = (chosen: ReadonlySet<string>): ChangeRow[] =>
    proposal.items.map((i) => ({
      ...(i.release !== undefined ? { release: i.release } : {}),
      key: i.key,
      before: i.currentSet ? i.current : undefined,
      after: i.value,
      file: display(plan.targets.get(i.id)?.absPath ?? ''),
      selected: chosen.has(i.id),
    }));
  const all = new Set(proposal.items.map((i) => i.id));
  const base: PromoteReport = { from, to, changes: rows(all), guard: { problems: [], forced: false }, backwards, dryRun: Boolean(options.dryRun), written: [], preview: [] };

  if (!proposal.items.length) {
    deps.logger.info(`Nothing to promote: ${to} already has ${from}'s value of every key promotion.values names`);
    emit(base, options, (s) => s);
    return { report: base, exitCode: ExitCode.OK };
  }
  const asking = !options.yes && !options.dryRun;
  if (asking && !options.terminal) {
    throw new UserError(`promote ${from} -> ${to} asks which values to write, and there is no terminal to answer on`, {
      hint: 'pass --yes to write every proposed value, or --dry-run to only see them',
    });
  }

  // 2. The guard: the source environment against its cluster.
  const sourceReleases = new Set(proposal.releases.map((r) => counterpart(source.state, target.state, r)!));
  const masks: ((s: string) => string)[] = [];
  const mask = (s: string): string => (options.showSecrets ? s : masks.reduce((acc, m) => m(acc), s));
  const problems = await runGuard(options, deps, narrowed(source.state, sourceReleases), from, masks);
  const forced = problems.length > 0 && Boolean(options.force);
  const report: PromoteReport = { ...base, guard: { problems, forced } };
  const human = (options.output ?? 'text') === 'text';
  const say = (s: string) => (human ? options.write(s) : deps.logger.info(s.trimEnd()));
  say(`Promote ${from} -> ${to}:\n${renderProposalTable(report, mask)}`);
  if (problems.length && !options.force) {
    throw new UserError(`${from} is not what its cluster runs, so its values are not safe to promote:\n${problems.map((p) => `  ${p.release}: ${mask(p.reason)}`).join('\n')}`, {
      environment: from,
      hint: `deploy ${from} (helmsync -e ${from} apply) and check it, or pass --force to promote anyway`,
    });
  }
  if (!problems.length) deps.logger.info(`guard: ${from} is what its cluster runs`);

  // 4a. Choose (a terminal, no --yes): every release and key preselected.
  let chosen = all;
  if (asking) {
    const picked = await deps.prompter.multiSelect(`Values to promote from ${from} to ${to}`, choices(proposal.items, mask));
    chosen = new Set(picked);
    if (!chosen.size) {
      deps.logger.info('Nothing selected: nothing written');
      const none = { ...report, changes: rows(chosen), dryRun: true };
      if (!human) emit(none, options, mask);
      return { report: none, exitCode: ExitCode.OK };
    }
    if (chosen.size < all.size) plan = planEdits({ items: proposal.items.filter((i) => chosen.has(i.id)), target: target.state, layers: target.layers, sharedWith: shared, fs: deps.fs });
  }
  report.changes = rows(chosen);
  const items = proposal.items.filter((i) => chosen.has(i.id));

  // 3. The preview: the target rendered with the values as they would be written.
  report.preview = await runPreview(options, deps, plan, items, target.state, proposal.releases, masks);
  if (human) {
    const text = renderDiffs(report.preview, { output: 'text', color: options.color, context: options.context });
    options.write(text ? `\nPreview: ${to} with the promoted values, against its cluster:\n${text}` : `\nPreview: nothing changes in ${to}'s cluster\n`);
  }
  if (options.dryRun) {
    emit(report, options, mask);
    return { report, exitCode: ExitCode.OK };
  }
  // 4b. Confirm.
  if (asking && !(await deps.prompter.confirm(`Write ${items.length} value${items.length === 1 ? '' : 's'} to ${plan.files.map((f) => display(f.absPath)).join(', ')}?`))) {
    deps.logger.info('Nothing written');
    const declined = { ...report, dryRun: true };
    if (!human) emit(declined, options, mask);
    return { report: declined, exitCode: ExitCode.OK };
  }

  // 5. Write (and commit).
  const commit = options.commit || Boolean(options.branch);
  const files = plan.files.map((f) => f.absPath);
  const git = { runner: deps.runner, ...(options.gitBinary ? { git: options.gitBinary } : {}) };
  const repo = commit && files.length ? await checkCommit(git, files, options.branch) : undefined;
  for (const f of plan.files) {
    // Changed since it was read (an editor, another run): refuse rather than overwrite.
    if (deps.fs.readFile(f.absPath) !== f.before) throw new UserError(`${display(f.absPath)} changed while promote ran; nothing written`, { location: { file: display(f.absPath) }, hint: 'run promote again' });
  }
  for (const f of plan.files) deps.fs.writeFile(f.absPath, f.after, { mode: (deps.fs.stat(f.absPath)?.mode ?? 0o644) & 0o777 });
  report.written = plan.files.map((f) => display(f.absPath));
  if (repo) {
    const message = commitMessage(report, mask);
    const sha = await commitFiles(git, repo.root, files, message, options.branch);
    report.commit = { sha, branch: repo.branch, message };
  }
  // 6. Apply the target environment (the same lock and plan as `helmsync apply`).
  if (options.apply) {
    deps.logger.info(`Applying ${to}`);
    const r = await apply(applyOptions(options, proposal.releases, deps), deps);
    report.applied = r.error ? ExitCode.ERROR : r.exitCode;
    emit(report, options, mask);
    if (r.error) throw r.error;
    return { report, exitCode: r.exitCode };
  }
  emit(report, options, mask);
  return { report, exitCode: ExitCode.OK };
}

/** Prints the closing summary in the chosen format. */
function emit(report: PromoteReport, options: PromoteOptions, mask: (s: string) => string): void {
  switch (options.output ?? 'text') {
    case 'json':
      options.write(renderSummaryJson(report, mask));
      return;
    case 'markdown':
      options.write(renderSummaryMarkdown(report, mask, options.context));
      return;
    default: {
      const s = renderSummaryText(report, mask);
      if (s) options.write(s);
    }
  }
}

/** Grouped by release (toggling a release toggles its keys); keys moving with every release come last. */
function choices(items: readonly PromotionItem[], mask: (s: string) => string): PromptChoice[] {
  const groups = new Map<string, PromotionItem[]>();
  for (const i of items) {
    const g = i.release ?? '';
    groups.set(g, [...(groups.get(g) ?? []), i]);
  }
  const order = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return order.map((g) => ({
    name: `release:${g}`,
    message: g === '' ? '(every release)' : g,
    choices: groups.get(g)!.map((i) => ({ name: i.id, message: `${i.key}: ${mask(i.currentSet ? displayValue(i.current) : '(unset)')} -> ${mask(displayValue(i.value))}` })),
  }));
}

/** The source releases against the source cluster (the same diff as `helmsync diff`). */
async function runGuard(options: PromoteOptions, deps: Deps, state: LoadedState, env: string, masks: ((s: string) => string)[]): Promise<GuardProblem[]> {
  if (!state.selected.length) return [];
  const run = await prepareRun({ ...options, load: { ...options.load, environment: env } }, deps, { render: true, state });
  try {
    masks.push(run.mask);
    const diffs = await computeDiffs(run, options, deps, options);
    return guardProblems(
      run.releases.map((r) => ({ id: `${r.release.namespace}/${r.release.name}`, installed: r.release.installed, ...(r.record ? { record: r.record } : {}), ...(diffs.get(r.id) ? { diff: diffs.get(r.id)! } : {}) })),
      env,
    );
  } finally {
    run.dispose();
  }
}

/**
 * The target loaded again through the edited files (in memory), checked to
 * resolve every promoted key to the source's value and every other value as
 * before, then rendered and diffed against the target cluster.
 */
async function runPreview(options: PromoteOptions, deps: Deps, plan: EditPlan, items: readonly PromotionItem[], before: LoadedState, releases: readonly Release[], masks: ((s: string) => string)[]): Promise<ReleaseDiff[]> {
  const overlay = new Map(plan.files.map((f) => [f.absPath, f.after]));
  const odeps: Deps = { ...deps, fs: overlayFileSystem(deps.fs, overlay) };
  const after = await loadState({ ...options.load, environment: options.to }, odeps);
  checkEffect(before, after, items, plan, deps);
  const keep = new Set(releases.map((r) => counterpart(after, before, r)).filter((r): r is Release => r !== undefined));
  if (!keep.size) return [];
  const run: PreparedRun = await prepareRun({ ...options, load: { ...options.load, environment: options.to } }, odeps, { render: true, state: narrowed(after, keep), valuesOverlay: overlay });
  try {
    masks.push(run.mask);
    const diffs = await computeDiffs(run, options, odeps, options);
    return run.releases.filter((r) => !r.release.spec.suppressDiff).map((r) => diffs.get(r.id)!);
  } finally {
    run.dispose();
  }
}

/**
 * The edit has the promoted effect on the target environment: every promoted
 * key resolves to the source's value (a later layer or a --state-values flag
 * could hide it). Other values that change are derived from the promoted ones
 * by templates: allowed (the preview shows their effect), and reported.
 */
function checkEffect(before: LoadedState, after: LoadedState, items: readonly PromotionItem[], plan: EditPlan, deps: Deps): void {
  for (const [fi, f] of before.files.entries()) {
    const mine = items.filter((i) => i.fileIndex === fi);
    const a = after.files.find((x) => x.absPath === f.absPath);
    if (!a) continue;
    for (const i of mine) {
      const got = getAt(a.environment.values, i.path);
      if (!got.found || !sameValue(got.value, i.value)) {
        const t = plan.targets.get(i.id);
        throw new UserError(`writing ${i.key} = ${displayValue(i.value)} into ${t?.display ?? 'the values file'} would not change what ${after.environmentName} resolves (${got.found ? displayValue(got.value) : 'unset'}): something later overrides it`, {
          location: { file: f.path },
          environment: after.environmentName,
          hint: 'a --state-values-* flag or a later layer sets the key; promote it by hand',
        });
      }
    }
    const want = clone(f.environment.values);
    for (const i of mine) setAtPath(want, i.path, clone(i.value));
    const moved = firstDifference(want, a.environment.values);
    if (moved) deps.logger.warn(`${after.environmentName}: ${formatPath(moved)} changes too (a template derives it from the promoted values); see the preview`);
  }
}

/** apply for the target: the releases taking part, no prompt (promote already asked). */
function applyOptions(o: PromoteOptions, releases: readonly Release[], deps: Deps): ApplyOptions {
  const names = [...new Set(releases.map((r) => `name=${r.name},namespace=${r.namespace}`))];
  const user = o.load.selectors ?? [];
  const selectors = o.releases?.length ? (user.length ? user.flatMap((s) => names.map((n) => `${s},${n}`)) : names) : user;
  const quiet = (o.output ?? 'text') !== 'text';
  return {
    ...o,
    load: { ...o.load, environment: o.to, ...(selectors.length ? { selectors } : {}) },
    interactive: false,
    yes: true,
    suppressDiff: quiet,
    output: 'text',
    // With --output json/markdown stdout holds only the summary: apply reports on stderr.
    write: quiet ? (s) => deps.logger.info(s.trimEnd()) : o.write,
  };
}
