/**
 * Markdown rendering for pull-request comments and `$GITHUB_STEP_SUMMARY`: a
 * summary table, then one collapsible `<details>` section per release holding
 * its diff in a ```diff fence. Masked like every other output.
 */
import { releaseLabel, renderReleaseBody, summarize } from './render-text.js';
import type { ReleaseDiff } from './types.js';

export interface MarkdownRenderOptions {
  /** Heading of the document. Default `helmsync diff`. */
  title?: string;
  /** Lines of context (`--context N`); whole objects when undefined. */
  context?: number;
  /**
   * Upper bound on the output length in characters. GitHub rejects comments
   * over 65,536 characters; the default leaves room for a surrounding text.
   */
  maxLength?: number;
  /** Open the `<details>` sections of changed releases. Default false. */
  open?: boolean;
}

function escapeCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fence longer than any backtick run in the body, so the body cannot close it. */
function fenceFor(body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function renderDiffMarkdown(diffs: readonly ReleaseDiff[], opts: MarkdownRenderOptions = {}): string {
  const maxLength = opts.maxLength ?? 60000;
  const changed = diffs.filter((d) => d.hasChanges).length;
  const head: string[] = [
    `### ${opts.title ?? 'helmsync diff'}`,
    '',
    changed ? `${changed} of ${diffs.length} release${diffs.length === 1 ? '' : 's'} would change.` : `No changes in ${diffs.length} release${diffs.length === 1 ? '' : 's'}.`,
    '',
  ];
  if (diffs.length) {
    head.push('| Release | Added | Changed | Removed | Drifted |', '|---|---:|---:|---:|---:|');
    for (const d of diffs) {
      const s = d.summary;
      head.push(`| \`${escapeCell(releaseLabel(d))}\`${d.desired ? '' : ' (uninstall)'} | ${s.added} | ${s.changed} | ${s.removed} | ${s.drifted} |`);
    }
    head.push('');
  }
  let out = head.join('\n');
  const sections = diffs.filter((d) => renderReleaseBody(d).length > 0);
  let left = sections.length;
  for (const d of sections) {
    let body = renderReleaseBody(d, { context: opts.context }).join('\n');
    // Share what remains of the budget between the releases still to come.
    const budget = Math.floor((maxLength - out.length) / left) - 200;
    let note = '';
    if (body.length > budget) {
      body = budget > 0 ? body.slice(0, body.lastIndexOf('\n', budget) > 0 ? body.lastIndexOf('\n', budget) : budget) : '';
      note = '\n_Diff truncated to fit; run `helmsync diff` locally for the whole diff._\n';
    }
    const fence = fenceFor(body);
    out +=
      `\n<details${opts.open ? ' open' : ''}><summary><code>${escapeHtml(releaseLabel(d))}</code>: ${escapeHtml(summarize(d))}</summary>\n\n` +
      `${fence}diff\n${body}\n${fence}\n${note}\n</details>\n`;
    left--;
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}
