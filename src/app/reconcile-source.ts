/**
 * `reconcile --pull` (issue 10): the git side of a tick. Where the releases
 * file lives in a git work tree, each tick runs `git pull --ff-only` there
 * with the real git binary (no shell) and reads HEAD, the commit reconciled.
 * git never prompts (GIT_TERMINAL_PROMPT=0) and a pull that hangs is stopped
 * after `timeoutMs`; a failed pull is reported, never thrown: the tick goes
 * on with what is checked out. Without --pull HEAD is still read, so the
 * revision shows in the status of a reconciler fed by other means.
 */
import { dirname, resolve } from 'node:path';
import type { Deps } from '../ports/index.js';
import { gitErrorLine, type SourceStatus } from '../reconcile/source.js';

export interface GitSourceOptions {
  /** `-f` as given (file, directory or `-`); discovery in `cwd` when absent. */
  file?: string;
  /** Where `-f` is relative to. */
  cwd: string;
  /** `git pull --ff-only` each tick. */
  pull: boolean;
  /** The git executable (default `git`). */
  git?: string;
  /** A pull that takes longer is stopped and reported (default 2 min). */
  timeoutMs?: number;
}

/** Where git runs: the releases file's directory (or the directory given with -f). */
export function sourceDir(o: Pick<GitSourceOptions, 'file' | 'cwd'>, deps: Pick<Deps, 'fs'>): string | undefined {
  if (o.file === '-') return undefined;
  const p = resolve(o.cwd, o.file ?? '.');
  const st = deps.fs.stat(p);
  if (st?.isDir) return p;
  return dirname(p);
}

export interface GitSource {
  /** Pulls (with --pull, unless `pull: false`: an event tick) and reads HEAD. Never throws. */
  refresh(signal?: AbortSignal, opts?: { pull?: boolean }): Promise<SourceStatus>;
}

export function gitSource(o: GitSourceOptions, deps: Pick<Deps, 'fs' | 'runner' | 'clock' | 'logger'>): GitSource {
  const git = o.git ?? 'git';
  const dir = sourceDir(o, deps);
  const env = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  let workTree: string | undefined;
  // Not a work tree (or no git at all): found once, not asked again every tick.
  let absent: SourceStatus | undefined;
  const run = async (args: string[], extra: { signal?: AbortSignal; timeoutMs?: number } = {}) => {
    try {
      return await deps.runner.run(git, args, { cwd: workTree ?? dir!, env, ...extra });
    } catch (e) {
      return { exitCode: -1, stdout: '', stderr: `fatal: ${(e as Error).message}`, killed: false };
    }
  };
  const notInTree = (why: string): SourceStatus => {
    if (o.pull) deps.logger.warn(`--pull: ${why}; nothing is pulled, the files are reconciled as they are`);
    absent = {};
    return absent;
  };
  return {
    refresh: async (signal, opts = {}) => {
      if (absent) return absent;
      if (dir === undefined) return notInTree('the releases file comes from stdin');
      if (workTree === undefined) {
        const top = await run(['rev-parse', '--show-toplevel']);
        if (top.exitCode !== 0) return notInTree(`${dir} is not in a git work tree (${gitErrorLine(top.stderr, top.exitCode)})`);
        workTree = top.stdout.trim();
      }
      const head = async () => {
        const h = await run(['rev-parse', '--verify', '--quiet', 'HEAD']);
        return h.exitCode === 0 ? h.stdout.trim() : undefined;
      };
      const before = await head();
      if (!o.pull || opts.pull === false) return { workTree, ...(before ? { revision: before } : {}) };
      const r = await run(['pull', '--ff-only', '--quiet'], { ...(signal ? { signal } : {}), timeoutMs: o.timeoutMs ?? 120_000 });
      const after = await head();
      const ok = r.exitCode === 0 && !r.killed;
      const error = ok ? undefined : r.killed ? `git pull --ff-only did not finish within ${Math.round((o.timeoutMs ?? 120_000) / 1000)}s` : gitErrorLine(r.stderr, r.exitCode);
      return {
        workTree,
        ...(after ? { revision: after } : {}),
        pull: { at: deps.clock.now(), ok, ...(before && after !== before ? { from: before } : {}), ...(error ? { error } : {}) },
      };
    },
  };
}
