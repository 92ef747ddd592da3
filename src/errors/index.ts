/**
 * The three kinds of error helmsync raises. The CLI layer (src/cli/exit.ts) maps
 * them to exit codes and messages in one place; nothing below it calls process.exit.
 */

/** Where in a releases file something went wrong. */
export interface SourceLocation {
  /** Path as the user gave it or as it was discovered (relative paths stay relative). */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** For multi-part `.gotmpl` files: the 1-based `---` part. */
  part?: number;
}

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.part !== undefined) s += ` part ${loc.part}`;
  if (loc.line !== undefined) {
    s += loc.part !== undefined ? `, line ${loc.line}` : `:${loc.line}`;
    if (loc.column !== undefined && loc.part === undefined) s += `:${loc.column}`;
  }
  return s;
}

export interface UserErrorOptions {
  /** File and line the problem is at. */
  location?: SourceLocation;
  /** The release it concerns, as `namespace/name` (or just `name`). */
  release?: string;
  /** The environment being processed. */
  environment?: string;
  /** What the user can do next. */
  hint?: string;
  /** Exit code; 1 unless said otherwise (3 = no release matched the selectors). */
  exitCode?: number;
  cause?: unknown;
}

/** A problem the user can fix: bad input, a missing file, an unknown key. */
export class UserError extends Error {
  readonly location?: SourceLocation;
  readonly release?: string;
  readonly environment?: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(message: string, opts: UserErrorOptions = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'UserError';
    this.location = opts.location;
    this.release = opts.release;
    this.environment = opts.environment;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 1;
  }

  /** One or more lines: `file:line: message`, then context and the hint. */
  render(): string {
    const head = this.location ? `${formatLocation(this.location)}: ${this.message}` : this.message;
    const ctx: string[] = [];
    if (this.release) ctx.push(`release ${this.release}`);
    if (this.environment) ctx.push(`environment ${this.environment}`);
    let out = ctx.length ? `${head} (${ctx.join(', ')})` : head;
    if (this.hint) out += `\nhint: ${this.hint}`;
    return out;
  }
}

/**
 * The same UserError with what it lacks filled in from the caller, who knows
 * more (the release or environment being loaded, a better next step); fields
 * the error already has are kept. Anything that is no UserError is returned as is.
 */
export function withContext(err: unknown, ctx: Pick<UserErrorOptions, 'location' | 'release' | 'environment' | 'hint'>): unknown {
  if (!(err instanceof UserError)) return err;
  const location = err.location ?? ctx.location;
  const release = err.release ?? ctx.release;
  const environment = err.environment ?? ctx.environment;
  const hint = err.hint ?? ctx.hint;
  if (location === err.location && release === err.release && environment === err.environment && hint === err.hint) return err;
  const out = new UserError(err.message, {
    ...(location ? { location } : {}),
    ...(release ? { release } : {}),
    ...(environment ? { environment } : {}),
    ...(hint ? { hint } : {}),
    exitCode: err.exitCode,
    ...(err.cause !== undefined ? { cause: err.cause } : {}),
  });
  Object.setPrototypeOf(out, Object.getPrototypeOf(err));
  for (const k of Object.keys(err)) if (!(k in out)) (out as unknown as Record<string, unknown>)[k] = (err as unknown as Record<string, unknown>)[k];
  return out;
}

/** An external command (helm, kubectl, a hook) failed. Args are already redacted. */
export class ExternalCommandError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    opts: { release?: string; cause?: unknown } = {},
  ) {
    super(
      `${command} ${args.join(' ')} failed${exitCode !== undefined ? ` (exit ${exitCode})` : ''}` +
        (stderr.trim() ? `:\n${stderr.trim()}` : ''),
      opts.cause !== undefined ? { cause: opts.cause } : undefined,
    );
    this.name = 'ExternalCommandError';
    this.release = opts.release;
  }
  readonly release?: string;
}

/** Something that should never happen: a helmsync bug. */
export class BugError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'BugError';
  }
}

/** Exit codes as Helmfile's. */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  /** Changes found under --detailed-exitcode. */
  CHANGES: 2,
  /** No release matched the selectors. */
  NO_MATCH: 3,
} as const;
