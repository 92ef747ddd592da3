/**
 * The source reconciled (issue 10, `reconcile --pull`): the git commit the
 * releases file is checked out at, and how this tick's `git pull --ff-only`
 * went. A failed pull never fails the tick: it is reported and the tick goes
 * on with what is checked out. Pure: the git calls live in
 * src/app/reconcile-source.ts; here only what their results mean.
 */

/** What the status model, the logs and the metrics say about the source. */
export interface SourceStatus {
  /** The work tree root holding the releases file; absent when it is not in one. */
  workTree?: string;
  /** The commit reconciled (full sha of HEAD after the pull), when known. */
  revision?: string;
  /** The last pull, with --pull. */
  pull?: PullStatus;
}

export interface PullStatus {
  /** Epoch ms the pull finished. */
  at: number;
  ok: boolean;
  /** HEAD moved: `from` → the source's revision. */
  from?: string;
  /** First meaningful line of git's error, credentials in URLs masked. */
  error?: string;
}

/** The 12-character form used in logs. */
export function shortRevision(sha: string | undefined): string {
  return sha ? sha.slice(0, 12) : 'unknown';
}

/**
 * Masks credentials git may print inside remote URLs
 * (`https://user:token@host/…`, `https://token@host/…`) so that a token in a
 * remote never reaches a log, the status page or a metric.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}

/**
 * The line of a failed git command worth showing: git's own `fatal:`/`error:`
 * line when there is one (hints and progress left out), else the first
 * non-empty line, else the exit code.
 */
export function gitErrorLine(stderr: string, exitCode: number): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const pick = lines.find((l) => /^(fatal|error):/i.test(l)) ?? lines.find((l) => !/^hint:/i.test(l)) ?? `git exited with ${exitCode}`;
  return maskUrlCredentials(pick);
}

/** The log line of a pull. */
export function describePull(p: PullStatus, revision: string | undefined): string {
  if (!p.ok) return `source: git pull --ff-only failed, reconciling the checked-out commit ${shortRevision(revision)}: ${p.error ?? 'unknown error'}`;
  if (p.from !== undefined && p.from !== revision) return `source: pulled ${shortRevision(p.from)} → ${shortRevision(revision)}`;
  return `source: up to date at ${shortRevision(revision)}`;
}
