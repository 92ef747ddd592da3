/**
 * What `sync`/`apply`/`destroy` print when they are done (Helmfile's
 * "UPDATED RELEASES" / "DELETED RELEASES" tables, plus failed and skipped
 * releases), and the one error that makes the command exit 1 when any
 * release failed. Pure: outcomes in, text out.
 */
import { ExternalCommandError, UserError } from '../errors/index.js';
import { renderTable } from '../ui/table.js';
import type { ExecutionReport, ReleaseOutcome } from './execute.js';

export interface SummaryOptions {
  /** Chart (as written) and version per release id, for the UPDATED table. */
  chartOf?: (id: string) => { chart: string; version: string } | undefined;
  /** Masks secret values in error texts. */
  mask?: (text: string) => string;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${Math.max(0, Math.round(ms / 1000))}s`;
}

/** First line of an error, for tables. */
export function errorLine(e: unknown): string {
  if (e instanceof ExternalCommandError) {
    // helm ends with `Error: …`; other commands' first line says most.
    const lines = e.stderr.trim().split('\n').map((l) => l.trim()).filter(Boolean);
    const at = lines.map((l) => /^error\b/i.test(l)).lastIndexOf(true);
    if (at < 0) return lines[0] ?? e.message.split('\n')[0]!;
    // `Error: … 1 error occurred:` is followed by `* the actual error` lines.
    return [lines[at]!, ...lines.slice(at + 1).filter((l) => l.startsWith('*'))].join(' ');
  }
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/** The summary tables; '' when nothing was done. */
export function renderExecutionSummary(report: ExecutionReport, opts: SummaryOptions = {}): string {
  const mask = opts.mask ?? ((s: string) => s);
  const out: string[] = [];
  const updated = report.changed.filter((o) => o.action !== 'uninstall');
  const deleted = report.changed.filter((o) => o.action === 'uninstall');
  if (updated.length) {
    out.push('UPDATED RELEASES:');
    out.push(
      renderTable([
        ['NAME', 'NAMESPACE', 'ACTION', 'CHART', 'VERSION', 'DURATION'],
        ...updated.map((o) => {
          const c = opts.chartOf?.(o.id);
          return [o.release.name, o.release.namespace, o.action, c?.chart ?? '', c?.version ?? '', seconds(o.durationMs)];
        }),
      ]),
    );
  }
  if (deleted.length) {
    out.push('DELETED RELEASES:');
    out.push(renderTable([['NAME', 'NAMESPACE', 'DURATION'], ...deleted.map((o) => [o.release.name, o.release.namespace, seconds(o.durationMs)])]));
  }
  if (report.failed.length) {
    out.push('FAILED RELEASES:');
    out.push(renderTable([['NAME', 'NAMESPACE', 'ACTION', 'ERROR'], ...report.failed.map((o) => [o.release.name, o.release.namespace, o.action, mask(errorLine(o.error))])]));
  }
  if (report.skipped.length) {
    out.push('SKIPPED RELEASES:');
    out.push(renderTable([['NAME', 'NAMESPACE', 'ACTION', 'REASON'], ...report.skipped.map((o) => [o.release.name, o.release.namespace, o.action, o.reason ?? ''])]));
  }
  return out.join('\n');
}

function label(o: ReleaseOutcome): string {
  return o.release.namespace ? `${o.release.namespace}/${o.release.name}` : o.release.name;
}

/**
 * The error a run with failed releases ends with (exit 1): every failure with
 * its full message, and which releases were skipped because of them.
 */
export class ReleasesFailedError extends UserError {
  /** `interrupted`: the run was stopped by a signal (SIGTERM/SIGINT) named here. */
  constructor(readonly report: ExecutionReport, mask: (text: string) => string = (s) => s, interrupted?: string) {
    const lines = report.failed.map((o) => `  ${label(o)} (${o.action}): ${mask(String((o.error as Error)?.message ?? o.error)).replace(/\n/g, '\n    ')}`);
    const skipped = report.skipped.map((o) => `  ${label(o)}: skipped, ${o.reason ?? 'not run'}`);
    const n = report.failed.length;
    const head = interrupted
      ? `${interrupted}: ${n} release${n === 1 ? '' : 's'} stopped (marked failed, not pending), ${report.skipped.length} not started, ${report.changed.length} finished`
      : `${n} release${n === 1 ? '' : 's'} failed`;
    super(`${head}:\n${[...lines, ...skipped].join('\n')}`, {
      hint: interrupted
        ? 'run the same command again to finish; nothing is left half-done'
        : 'fix the failing releases and run again; releases that succeeded are not rolled back',
    });
    this.name = 'ReleasesFailedError';
  }
}
