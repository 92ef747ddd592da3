/**
 * `helmsync diff`: desired (rendered by helm with the values and flags sync
 * will use) vs stored (the last revision's manifest) vs live (drift, marked
 * separately), per release. Text (unified, coloured), JSON or Markdown;
 * secrets masked in every format unless `showSecrets`. Nothing is written.
 */
import { diffExitCode } from '../diff/exit-status.js';
import { renderDiffJson } from '../diff/render-json.js';
import { renderDiffMarkdown } from '../diff/render-markdown.js';
import { renderDiffText } from '../diff/render-text.js';
import type { ReleaseDiff } from '../diff/types.js';
import type { Deps } from '../ports/index.js';
import { prepareRunWithHooks, triggerEvent } from './execute-run.js';
import { computeDiffs, type DiffFlags } from './release-diffs.js';
import type { ClusterRunOptions, PreparedRun } from './release-run.js';
import { checkPruneOptions, findPrunes, type PruneOptions } from './prune.js';

/** How a diff is printed. */
export interface DiffOutputOptions {
  /** `--output`: text (default), json, markdown. */
  output?: 'text' | 'json' | 'markdown';
  /** `--context N`: lines around changes (whole objects when undefined). */
  context?: number;
  /** ANSI colours in text output. */
  color?: boolean;
}

export interface DiffOptions extends ClusterRunOptions, DiffFlags, DiffOutputOptions, PruneOptions {
  /** Where the diff goes (stdout). */
  write: (text: string) => void;
  /** `--detailed-exitcode`: 2 when anything differs. */
  detailedExitcode?: boolean;
  /** Receives the diff as Markdown once (CI step summary, `--report-file`); not rendered when absent. */
  report?: (markdown: string) => void;
}

export interface DiffResult {
  diffs: ReleaseDiff[];
  /** 0, or 2 with `detailedExitcode` when something differs. */
  exitCode: number;
}

/** Renders diffs in the chosen format; releases with `suppressDiff` keep their exit-code weight but print nothing. */
export function renderDiffs(diffs: readonly ReleaseDiff[], o: DiffOutputOptions): string {
  switch (o.output ?? 'text') {
    case 'json':
      return renderDiffJson(diffs);
    case 'markdown':
      return renderDiffMarkdown(diffs, { context: o.context });
    default:
      return renderDiffText(
        diffs.filter((d) => d.hasChanges),
        { color: o.color, context: o.context, showUnchanged: false },
      );
  }
}

/** Diffs of the run in run order, without those whose release sets `suppressDiff`. */
export function printableDiffs(run: PreparedRun, diffs: ReadonlyMap<string, ReleaseDiff>): ReleaseDiff[] {
  return run.releases.filter((r) => !r.release.spec.suppressDiff).map((r) => diffs.get(r.id)!);
}

/** Renders, reads the cluster and prints the diff of every selected release; writes nothing to the cluster. */
export async function diff(options: DiffOptions, deps: Deps): Promise<DiffResult> {
  // Helmfile runs `prepare` and `cleanup` hooks for every command that prepares charts, diff included.
  checkPruneOptions(options);
  const { run, hooksOf } = await prepareRunWithHooks(options, deps, 'diff');
  try {
    for (const r of run.releases) {
      deps.logger.info(`Comparing release=${r.release.name}, chart=${r.release.chart}, namespace=${r.release.namespace}`);
    }
    const diffs = await computeDiffs(run, options, deps, options);
    // `--prune`: what apply --prune would uninstall, as deletions after the file's releases.
    const pruned = options.prune ? [...(await findPrunes(run, options, deps)).diffs.values()] : [];
    const all = [...run.releases.map((r) => diffs.get(r.id)!), ...pruned];
    const shown = [...printableDiffs(run, diffs), ...pruned];
    const text = renderDiffs(shown, options);
    // Already masked by src/diff (Secret values, and those strings wherever else they appear).
    if (text) options.write(text);
    options.report?.(options.output === 'markdown' ? text : renderDiffs(shown, { ...options, output: 'markdown' }));
    await triggerEvent(run.releases, 'cleanup', hooksOf);
    return { diffs: all, exitCode: diffExitCode(all, Boolean(options.detailedExitcode)) };
  } finally {
    run.dispose();
  }
}
