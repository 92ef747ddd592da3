/**
 * The Markdown of an executed (or not executed) plan, for `$GITHUB_STEP_SUMMARY`
 * and `--report-file`: what was decided and what happened to each release.
 * Pure: plan and outcomes in, text out; error texts go through `mask`.
 */
import type { Plan } from '../plan/types.js';
import { planSummaryLine } from '../plan/render.js';
import { errorLine, type SummaryOptions } from './report.js';
import type { ExecutionReport } from './execute.js';

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

const RESULT: Record<string, string> = { succeeded: '✅ done', failed: '❌ failed', skipped: '⏭️ skipped', noop: 'unchanged' };

/**
 * `### helmsync <command>`, the plan's summary line, and a table of every
 * release: action, result, chart and version, duration, and the error or why
 * it was skipped. Without a report (no changes, or declined) says nothing ran.
 */
export function renderExecutionMarkdown(command: string, plan: Plan, report: ExecutionReport | undefined, opts: SummaryOptions & { note?: string } = {}): string {
  const mask = opts.mask ?? ((s: string) => s);
  const out = [`### helmsync ${command}`, '', `Plan: ${cell(planSummaryLine(plan))}.`, ''];
  if (!report) {
    out.push(opts.note ?? (plan.hasChanges ? 'Nothing was executed.' : 'No release needed a change; nothing was executed.'), '');
    return out.join('\n');
  }
  const failed = report.failed.length;
  out.push(
    failed
      ? `❌ ${failed} release${failed === 1 ? '' : 's'} failed, ${report.changed.length} changed, ${report.skipped.length} skipped.`
      : `✅ ${report.changed.length} release${report.changed.length === 1 ? '' : 's'} changed.`,
    '',
    '| Release | Action | Result | Chart | Version | Duration | Detail |',
    '|---|---|---|---|---|---:|---|',
  );
  for (const o of report.outcomes) {
    const c = opts.chartOf?.(o.id);
    const detail = o.status === 'failed' ? mask(errorLine(o.error)) : (o.reason ?? '');
    const secs = o.durationMs === undefined ? '' : `${Math.max(0, Math.round(o.durationMs / 1000))}s`;
    out.push(`| \`${cell(`${o.release.namespace}/${o.release.name}`)}\` | ${o.action} | ${RESULT[o.status] ?? o.status} | ${cell(c?.chart ?? '')} | ${cell(c?.version ?? '')} | ${secs} | ${cell(detail)} |`);
  }
  out.push('');
  return out.join('\n');
}
