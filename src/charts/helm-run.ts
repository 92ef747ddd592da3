/**
 * Runs helm for chart sources with the isolated homes (helm-env.ts) and turns
 * a failure into an ExternalCommandError (args are never secret: passwords go
 * through stdin).
 */
import type { Deps } from '../ports/index.js';
import { ExternalCommandError } from '../errors/index.js';
import type { RunResult } from '../process/runner.js';

export interface HelmRunContext {
  binary: string;
  env: Record<string, string>;
  deps: Pick<Deps, 'runner' | 'logger'>;
  signal?: AbortSignal;
}

export async function runHelm(
  ctx: HelmRunContext,
  argv: string[],
  opts: { input?: string; cwd?: string; release?: string; onStdout?: (chunk: string) => void; onStderr?: (chunk: string) => void } = {},
): Promise<RunResult> {
  ctx.deps.logger.debug(`helm ${argv.join(' ')}`);
  const r = await ctx.deps.runner.run(ctx.binary, argv, {
    env: ctx.env,
    input: opts.input,
    cwd: opts.cwd,
    signal: ctx.signal,
    ...(opts.onStdout ? { onStdout: opts.onStdout } : {}),
    ...(opts.onStderr ? { onStderr: opts.onStderr } : {}),
  });
  if (r.exitCode !== 0) {
    throw new ExternalCommandError('helm', argv, r.killed ? undefined : r.exitCode, r.stderr, { release: opts.release });
  }
  return r;
}
