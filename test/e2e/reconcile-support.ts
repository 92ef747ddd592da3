/**
 * A `helmsync reconcile` running in the background with the BUILT CLI: its
 * stderr (the event log) collected line by line, waits for a log line, and
 * a signal to stop it with its exit code.
 */
import { spawn } from 'node:child_process';
import { binRun } from '../support/cli.js';
import type { ClusterEnv } from './cluster-support.js';

export interface Reconciler {
  /** Every stderr line so far. */
  lines: string[];
  stdout(): string;
  /** Resolves with the first line at or after index `from` matching `re`; rejects after `timeoutMs` with the log. */
  waitFor(re: RegExp, opts?: { from?: number; timeoutMs?: number }): Promise<string>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
  /** The process id (helmsync's holderIdentity names it). */
  pid: number;
}

/** What a background run needs of a test environment (ClusterEnv and SharedClusterEnv both fit). */
export type RunEnv = Pick<ClusterEnv, 'dir' | 'helm' | 'kubectl' | 'sb'> & { cluster: { kubeconfigPath: string } };

/** Starts the built CLI with `args` in the background (any command, not only reconcile). */
export function startReconcile(e: RunEnv, args: string[], extraEnv: Record<string, string> = {}): Reconciler {
  const child = spawn(process.execPath, [binRun, ...args, '--helm-binary', e.helm, '--kubectl-binary', e.kubectl], {
    cwd: e.dir,
    env: { ...process.env, ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let out = '';
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters) w();
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const w of waiters) w();
  });
  const waitFor = (re: RegExp, opts: { from?: number; timeoutMs?: number } = {}) =>
    new Promise<string>((resolve, reject) => {
      const from = opts.from ?? 0;
      const check = () => {
        const hit = lines.slice(from).find((l) => re.test(l));
        if (hit !== undefined) {
          cleanup();
          resolve(hit);
        } else if (done) {
          cleanup();
          reject(new Error(`reconcile exited before a line matched ${re}:\n${lines.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no line matched ${re} within ${opts.timeoutMs ?? 60_000} ms:\n${lines.join('\n')}`));
      }, opts.timeoutMs ?? 60_000);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    pid: child.pid!,
    lines,
    stdout: () => out,
    waitFor,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}
