/**
 * Output where CI systems read it (issue 15):
 * - GitHub Actions (`GITHUB_ACTIONS=true`): the command's Markdown report is
 *   appended to `$GITHUB_STEP_SUMMARY` (the job's summary page), and a failure
 *   is also printed as an `::error file=…,line=…::` workflow command, which
 *   GitHub shows as an annotation on that line of the pull request's diff.
 * - Any CI (GitLab's merge-request note, a PR comment step): `--report-file
 *   PATH` writes the same Markdown to a file.
 * The Markdown is rendered by the app layer from masked data, like every other
 * output; nothing here sees a secret that stdout would not.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import * as Flags from '@oclif/core/flags';
import { ExternalCommandError, UserError } from '../errors/index.js';
import { MultiError } from './exit.js';

/** `--report-file`, for the commands that produce a report. */
export const reportFileFlag = {
  'report-file': Flags.string({
    summary: 'Also write the Markdown report to this file (a merge-request note in GitLab CI, a PR comment). Under GitHub Actions the report is appended to $GITHUB_STEP_SUMMARY as well.',
    helpGroup: 'CI',
  }),
};

/** Where reports go, from the environment and `--report-file`. */
export interface ReportTargets {
  /** `$GITHUB_STEP_SUMMARY` under GitHub Actions. */
  stepSummary?: string;
  /** `--report-file`, resolved against the working directory. */
  reportFile?: string;
  /** GitHub Actions: print failures as workflow commands. */
  annotations: boolean;
  /** Repository root annotations are relative to (`$GITHUB_WORKSPACE`, else the working directory). */
  workspace: string;
}

export function reportTargets(env: Readonly<Record<string, string | undefined>>, cwd: string, reportFile?: string): ReportTargets {
  const github = env.GITHUB_ACTIONS === 'true';
  return {
    ...(github && env.GITHUB_STEP_SUMMARY ? { stepSummary: env.GITHUB_STEP_SUMMARY } : {}),
    ...(reportFile ? { reportFile: resolve(cwd, reportFile) } : {}),
    annotations: github,
    workspace: env.GITHUB_WORKSPACE || cwd,
  };
}

/** Report files this process has written: the first write replaces the file, later ones (the failure after a report) append. */
const written = new Set<string>();

/** The report sink the app layer calls with its Markdown, or undefined when nobody reads one. */
export function reportSink(t: ReportTargets): ((markdown: string) => void) | undefined {
  if (!t.stepSummary && !t.reportFile) return undefined;
  return (markdown) => {
    const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
    if (t.reportFile) {
      if (written.has(t.reportFile)) appendFileSync(t.reportFile, `\n${text}`);
      else writeFileSync(t.reportFile, text);
      written.add(t.reportFile);
    }
    // Several steps (and several commands in one step) share the summary file: append.
    if (t.stepSummary) appendFileSync(t.stepSummary, `${text}\n`);
  };
}

/** Escapes a workflow command's message (GitHub's toolkit: %, CR, LF). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=F,line=L,col=C,title=T::message` lines for a failure (one per error of a MultiError). */
export function errorAnnotations(err: unknown, opts: { command: string; cwd: string; workspace: string }): string[] {
  if (err instanceof MultiError) return err.errors.flatMap((e) => errorAnnotations(e, opts));
  // GitHub's toolkit (@actions/core) writes title, file, line, col in this order; so do we.
  const props: string[] = [`title=${escapeProperty(`helmsync ${opts.command}`)}`];
  let message: string;
  if (err instanceof UserError) {
    const loc = err.location;
    if (loc?.file && loc.file !== '-') {
      const abs = resolve(opts.cwd, loc.file);
      const rel = relative(opts.workspace, abs);
      props.push(`file=${escapeProperty(rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs)}`);
      if (loc.line !== undefined) props.push(`line=${loc.line}`);
      if (loc.column !== undefined) props.push(`col=${loc.column}`);
    }
    const ctx = [err.release ? `release ${err.release}` : '', err.environment ? `environment ${err.environment}` : ''].filter(Boolean);
    message = `${err.message}${ctx.length ? ` (${ctx.join(', ')})` : ''}${err.hint ? `\nhint: ${err.hint}` : ''}`;
  } else if (err instanceof ExternalCommandError) {
    message = `${err.release ? `release ${err.release}: ` : ''}${err.message}`;
  } else {
    message = err instanceof Error ? err.message : String(err);
  }
  return [`::error ${props.join(',')}::${escapeData(message)}`];
}

/** The failure as a Markdown section for the step summary / report file. */
export function errorMarkdown(command: string, message: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...message.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `### helmsync ${command} failed\n\n${fence}\n${message}\n${fence}\n`;
}
