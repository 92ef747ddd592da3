/**
 * Builds the real {@link Deps} bundle. The only place that reads process.env,
 * process.cwd() and the terminal state; everything below gets them from here.
 */
import type { Clock, Deps } from '../ports/index.js';
import { ExecaRunner, ExecaSyncRunner } from '../process/runner.js';
import { paint, useColor } from '../ui/color.js';
import { JsonLogger, type LogFormat } from '../ui/json-logger.js';
import { StderrLogger, type LogLevel } from '../ui/logger.js';
import { TtyPrompter } from '../ui/prompter.js';
import { nodeFileWatcher } from './node-file-watcher.js';
import { nodeFileSystem } from './node-fs.js';
import { nodeHttpClient } from './node-http.js';

export interface RealDepsOptions {
  quiet?: boolean;
  debug?: boolean;
  logLevel?: LogLevel;
  /** `--color` / `--no-color`. */
  color?: boolean;
  /** `--log-format` (reconcile): text lines, or one JSON object per line. */
  logFormat?: LogFormat;
}

/** Terminal facts the UI needs. */
export interface TerminalInfo {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  ci: boolean;
  color: boolean;
}

export function terminalInfo(o: RealDepsOptions = {}): TerminalInfo {
  const env = process.env;
  const ci = Boolean(env.CI && env.CI !== 'false' && env.CI !== '0');
  return {
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    ci,
    color: useColor({ flag: o.color, env, isTTY: Boolean(process.stderr.isTTY) }),
  };
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

export function createRealDeps(o: RealDepsOptions = {}): Deps {
  const term = terminalInfo(o);
  const level: LogLevel = o.debug ? 'debug' : o.logLevel ?? (o.quiet ? 'warn' : 'info');
  return {
    fs: nodeFileSystem(),
    runner: new ExecaRunner(),
    syncRunner: new ExecaSyncRunner(),
    http: nodeHttpClient(),
    clock: realClock,
    logger:
      o.logFormat === 'json'
        ? new JsonLogger({ level, write: (t) => void process.stderr.write(t), now: () => Date.now() })
        : new StderrLogger({ level, write: (t) => void process.stderr.write(t), paint: paint(term.color) }),
    prompter: new TtyPrompter({ isTTY: term.stderrIsTTY && Boolean(process.stdin.isTTY), ci: term.ci }),
    env: Object.freeze({ ...process.env }),
    cwd: process.cwd(),
    watcher: nodeFileWatcher,
  };
}
