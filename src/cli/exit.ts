/**
 * The ONE place that turns an error into what the user sees and the exit code
 * (DESIGN.md house style 7; exit codes as Helmfile's cmd/root.go toCLIError).
 */
import { BugError, ExitCode, ExternalCommandError, UserError } from '../errors/index.js';

export interface ErrorReport {
  /** Text for stderr, without the trailing newline. */
  message: string;
  exitCode: number;
}

/** Several independent failures (one per release) reported together. */
export class MultiError extends Error {
  constructor(readonly errors: readonly unknown[]) {
    super(`${errors.length} errors`);
    this.name = 'MultiError';
  }
}

function isParseError(err: unknown): err is Error & { oclif?: { exit?: number } } {
  // oclif's flag/arg parser errors (unknown flag, missing value, bad option).
  const e = err as { oclif?: unknown; parse?: unknown; name?: string; constructor?: { name?: string } };
  return Boolean(e && typeof e === 'object' && (e.parse !== undefined || /^(CLIError|CLIParseError|FailedFlagValidationError|NonExistentFlagsError|UnexpectedArgsError|RequiredArgsError)$/.test(e.constructor?.name ?? '')));
}

/**
 * oclif's parse errors span lines ("Parsing --concurrency \n\tExpected an integer
 * but received: many\nSee more help with --help"): one line, the pointer to --help
 * left to the hint.
 */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^See more help with --help$/.test(l));
  return lines.map((l, i) => (i > 0 && !/[:.]$/.test(lines[i - 1]!) ? `: ${l}` : i > 0 ? ` ${l}` : l)).join('');
}

/** Maps any thrown value to a message and an exit code. */
export function reportError(err: unknown, opts: { debug?: boolean } = {}): ErrorReport {
  if (err instanceof MultiError) {
    const parts = err.errors.map((e) => reportError(e, opts));
    const exitCode = parts.every((p) => p.exitCode === parts[0]?.exitCode) ? parts[0]?.exitCode ?? 1 : ExitCode.ERROR;
    return { message: parts.map((p) => p.message).join('\n'), exitCode };
  }
  if (err instanceof UserError) {
    return { message: `error: ${err.render()}${debugCause(err, opts)}`, exitCode: err.exitCode };
  }
  if (err instanceof ExternalCommandError) {
    const head = err.release ? `release ${err.release}: ` : '';
    return { message: `error: ${head}${err.message}`, exitCode: ExitCode.ERROR };
  }
  if (isParseError(err)) {
    return { message: `error: ${oneLine((err as Error).message)}\nhint: see --help`, exitCode: ExitCode.ERROR };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const kind = e instanceof BugError ? 'internal error' : 'unexpected error';
  const detail = opts.debug ? `\n${e.stack ?? ''}` : '\nhint: rerun with --debug for the stack trace';
  return {
    message: `error: helmsync ${kind} (a bug, please report it): ${e.message}${detail}`,
    exitCode: ExitCode.ERROR,
  };
}

function debugCause(err: Error, opts: { debug?: boolean }): string {
  if (!opts.debug || !err.cause) return '';
  const c = err.cause as Error;
  return `\ncaused by: ${c.stack ?? String(c)}`;
}
