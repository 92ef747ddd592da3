/**
 * `promote --commit`: one commit of the edited values files with the real git
 * binary (no shell), on the current branch or a new `--branch`. Checks run
 * before anything is written: the files are in a work tree and carry no
 * uncommitted changes of their own (they would end up in the commit), and
 * the branch does not exist yet.
 */
import { dirname } from 'node:path';
import { ExternalCommandError, UserError } from '../errors/index.js';
import type { Runner } from '../process/runner.js';

export interface GitOptions {
  runner: Runner;
  /** The git executable (default `git`). */
  git?: string;
  /** Environment for git (the user's, for author and config). */
  env?: Record<string, string | undefined>;
}

async function git(o: GitOptions, cwd: string, args: string[], input?: string): Promise<string> {
  const r = await o.runner.run(o.git ?? 'git', args, { cwd, ...(o.env ? { env: o.env } : {}), ...(input !== undefined ? { input } : {}) });
  if (r.exitCode !== 0) throw new ExternalCommandError('git', args, r.exitCode, r.stderr);
  return r.stdout;
}

/** The work tree holding `file`, its current branch, and whether `branch` exists. */
export async function checkCommit(o: GitOptions, files: readonly string[], branch?: string): Promise<{ root: string; branch: string }> {
  const dir = dirname(files[0]!);
  const top = await o.runner.run(o.git ?? 'git', ['rev-parse', '--show-toplevel'], { cwd: dir, ...(o.env ? { env: o.env } : {}) });
  if (top.exitCode !== 0) {
    throw new UserError(`--commit: ${files[0]} is not in a git work tree`, { hint: 'run promote inside the repository that holds the releases file, or drop --commit' });
  }
  const root = top.stdout.trim();
  const dirty = (await git(o, root, ['status', '--porcelain', '--', ...files])).trim();
  if (dirty) {
    throw new UserError(`--commit: these files have uncommitted changes that would end up in the promotion commit:\n${dirty}`, { hint: 'commit or stash them first, or drop --commit' });
  }
  const current = (await git(o, root, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  if (branch) {
    const exists = await o.runner.run(o.git ?? 'git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: root, ...(o.env ? { env: o.env } : {}) });
    if (exists.exitCode === 0) throw new UserError(`--branch ${branch}: the branch exists already`, { hint: 'name a new branch, or check it out and commit without --branch' });
    const valid = await o.runner.run(o.git ?? 'git', ['check-ref-format', '--branch', branch], { cwd: root, ...(o.env ? { env: o.env } : {}) });
    if (valid.exitCode !== 0) throw new UserError(`--branch ${branch}: not a valid branch name`, { hint: 'see git check-ref-format' });
  }
  return { root, branch: branch ?? current };
}

/** Creates `branch` (when given) from HEAD and commits exactly `files` with `message`. @returns the new commit's sha. */
export async function commitFiles(o: GitOptions, root: string, files: readonly string[], message: string, branch?: string): Promise<string> {
  if (branch) await git(o, root, ['switch', '--quiet', '-c', branch]);
  await git(o, root, ['add', '--', ...files]);
  // `--only` semantics: whatever else is staged stays out of this commit.
  await git(o, root, ['commit', '--quiet', '--file', '-', '--only', '--', ...files], message);
  return (await git(o, root, ['rev-parse', 'HEAD'])).trim();
}
