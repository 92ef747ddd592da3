/**
 * What promote prints: the proposal table, the commit message, and the
 * summary as text, Markdown (a pull-request body) or JSON (for tools). Every
 * value passes through `mask` (strings that are Secret values of the rendered
 * releases), as diff output does.
 */
import { diffReport } from '../diff/render-json.js';
import { renderDiffMarkdown } from '../diff/render-markdown.js';
import type { ReleaseDiff } from '../diff/types.js';
import { renderTable } from '../ui/table.js';
import type { GuardProblem } from './guard.js';
import { displayValue, jsonValue } from './values-path.js';

/** One promoted (or proposed) value. */
export interface ChangeRow {
  /** The release the key moves with; undefined: every selected release. */
  release?: string;
  key: string;
  /** The target's value before (undefined: not set). */
  before: unknown;
  /** The value promoted (the source's). */
  after: unknown;
  /** The values file written (as the releases file names it). */
  file: string;
  /** Chosen (all are, unless deselected at the prompt). */
  selected: boolean;
}

export interface PromoteReport {
  from: string;
  to: string;
  changes: ChangeRow[];
  guard: { problems: GuardProblem[]; forced: boolean };
  /** Promoted against the declared order (with --force). */
  backwards: boolean;
  dryRun: boolean;
  /** Values files written (display paths). */
  written: string[];
  commit?: { sha: string; branch: string; message: string };
  /** Diff of the target environment with the promoted values against its cluster. */
  preview: ReleaseDiff[];
  /** Exit code of the apply that followed (`--apply`). */
  applied?: number;
}

export type Mask = (s: string) => string;

const EVERY = '(every release)';

const show = (v: unknown, mask: Mask): string => mask(displayValue(v));

/** RELEASE KEY <FROM> <TO> FILE, only differences. */
export function renderProposalTable(r: Pick<PromoteReport, 'from' | 'to' | 'changes'>, mask: Mask): string {
  const rows = [['RELEASE', 'KEY', `${r.from.toUpperCase()} (PROMOTED)`, `${r.to.toUpperCase()} (NOW)`, 'FILE']];
  for (const c of r.changes) rows.push([c.release ?? EVERY, c.key, show(c.after, mask), show(c.before, mask), c.file]);
  return renderTable(rows);
}

/** The commit message: a subject naming the environments and releases, then one line per value (release, key, from, to). */
export function commitMessage(r: Pick<PromoteReport, 'from' | 'to' | 'changes'>, mask: Mask): string {
  const chosen = r.changes.filter((c) => c.selected);
  const releases = [...new Set(chosen.map((c) => c.release ?? EVERY))];
  const lines = chosen.map((c) => `- ${c.release ?? EVERY}: ${c.key} ${show(c.before, mask)} -> ${show(c.after, mask)}`);
  return `promote ${r.from} -> ${r.to}: ${releases.join(', ')}\n\n${lines.join('\n')}\n`;
}

function guardText(r: PromoteReport): string {
  if (!r.guard.problems.length) return `guard: ${r.from} is what its cluster runs`;
  const head = r.guard.forced ? `guard overridden with --force; ${r.from} is not what its cluster runs:` : `guard: ${r.from} is not what its cluster runs:`;
  return [head, ...r.guard.problems.map((p) => `  ${p.release}: ${p.reason}`)].join('\n');
}

/** The closing lines of a text run (after the table and the preview). */
export function renderSummaryText(r: PromoteReport, mask: Mask): string {
  const lines: string[] = [];
  if (r.backwards) lines.push(`note: ${r.to} comes before ${r.from} in promotion.environments (promoted backwards with --force)`);
  if (r.guard.forced && r.guard.problems.length) lines.push(mask(guardText(r)));
  const skipped = r.changes.filter((c) => !c.selected);
  if (skipped.length) lines.push(`kept (deselected): ${skipped.map((c) => `${c.release ?? EVERY} ${c.key}`).join(', ')}`);
  if (r.dryRun) lines.push('dry run: nothing written');
  else if (r.written.length) lines.push(`wrote ${r.written.join(', ')}`);
  if (r.commit) lines.push(`committed ${r.commit.sha.slice(0, 12)} on ${r.commit.branch}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';

/** A Markdown summary that fits a pull-request body. */
export function renderSummaryMarkdown(r: PromoteReport, mask: Mask, context?: number): string {
  const out: string[] = [];
  out.push(`### Promote ${code(r.from)} → ${code(r.to)}`, '');
  const chosen = r.changes.filter((c) => c.selected);
  if (!chosen.length) out.push('Nothing to promote: every key already has the same value.', '');
  else {
    out.push(`| Release | Key | ${r.to} before | ${r.to} after (from ${r.from}) | File |`, '|---|---|---|---|---|');
    for (const c of chosen) out.push(`| ${c.release ?? EVERY} | ${code(c.key)} | ${code(show(c.before, mask))} | ${code(show(c.after, mask))} | ${code(c.file)} |`);
    out.push('');
  }
  const skipped = r.changes.filter((c) => !c.selected);
  if (skipped.length) out.push(`Kept (deselected): ${skipped.map((c) => `${c.release ?? EVERY} ${code(c.key)}`).join(', ')}`, '');
  if (r.backwards) out.push(`**Note:** ${code(r.to)} comes before ${code(r.from)} in \`promotion.environments\`; promoted backwards with \`--force\`.`, '');
  if (r.guard.problems.length) {
    out.push(r.guard.forced ? `**Guard overridden with \`--force\`:** ${code(r.from)} is not what its cluster runs:` : `**Guard:** ${code(r.from)} is not what its cluster runs:`);
    for (const p of r.guard.problems) out.push(`- ${code(p.release)}: ${mask(p.reason)}`);
    out.push('');
  } else out.push(`**Guard:** ${code(r.from)} is what its cluster runs.`, '');
  if (r.dryRun) out.push('**Dry run:** nothing written.', '');
  else if (r.written.length) out.push(`**Written:** ${r.written.map(code).join(', ')}${r.commit ? ` · **Commit:** ${code(r.commit.sha.slice(0, 12))} on ${code(r.commit.branch)}` : ''}`, '');
  const preview = renderDiffMarkdown(r.preview, context !== undefined ? { context } : {});
  out.push('<details><summary>Preview: ' + code(r.to) + ' rendered with the promoted values, against its cluster</summary>', '', preview.trim() || '_No changes._', '', '</details>', '');
  return out.join('\n');
}

/** `--output json`: a stable document (schemaVersion 1; fields are only ever added). */
export function renderSummaryJson(r: PromoteReport, mask: Mask): string {
  const maskValue = (v: unknown): unknown => {
    const j = jsonValue(v);
    return typeof j === 'string' ? mask(j) : j;
  };
  const doc = {
    schemaVersion: 1,
    from: r.from,
    to: r.to,
    dryRun: r.dryRun,
    backwards: r.backwards,
    guard: { passed: r.guard.problems.length === 0, forced: r.guard.forced, problems: r.guard.problems.map((p) => ({ release: p.release, reason: mask(p.reason) })) },
    changes: r.changes.map((c) => ({
      release: c.release ?? null,
      key: c.key,
      before: c.before === undefined ? null : maskValue(c.before),
      beforeSet: c.before !== undefined,
      after: maskValue(c.after),
      file: c.file,
      selected: c.selected,
    })),
    written: r.written,
    commit: r.commit ? { sha: r.commit.sha, branch: r.commit.branch, message: r.commit.message } : null,
    ...(r.applied !== undefined ? { applyExitCode: r.applied } : {}),
    preview: diffReport(r.preview),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
