/**
 * The only module that starts processes. Everything else gets a {@link Runner}
 * injected, so unit tests can record calls and nothing ever goes through a shell.
 */
import { execa, execaSync } from 'execa';

export interface RunOptions {
  cwd?: string;
  /** Extra variables merged over the parent environment (or over `baseEnv`). */
  env?: Record<string, string | undefined>;
  /** Text written to the child's stdin. */
  input?: string;
  /** Abort the child (SIGTERM) when this fires. */
  signal?: AbortSignal;
  /** Milliseconds before the child is killed. */
  timeoutMs?: number;
  /** When false (default) a non-zero exit resolves instead of throwing. */
  reject?: boolean;
  /** Called with each chunk of stderr as it arrives (live progress). */
  onStderr?: (chunk: string) => void;
  /** Called with each chunk of stdout as it arrives (with onStderr: both streams in arrival order). */
  onStdout?: (chunk: string) => void;
  /**
   * With onStdout: stdout is streamed only, not kept (the result's `stdout`
   * is ''), for commands that run for hours such as `kubectl get --watch`.
   */
  discardStdout?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the process was killed by a signal, a timeout or an abort. */
  killed: boolean;
}

export interface Runner {
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
}

/** The real runner: execa, never a shell, output captured as UTF-8 text. */
export class ExecaRunner implements Runner {
  async run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const child = execa(file, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      extendEnv: true,
      input: opts.input,
      cancelSignal: opts.signal,
      timeout: opts.timeoutMs,
      reject: false,
      shell: false,
      stripFinalNewline: false,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      ...(opts.onStdout && opts.discardStdout ? { buffer: { stdout: false, stderr: true } } : {}),
    });
    if (opts.onStderr && child.stderr) child.stderr.on('data', (b: Buffer) => opts.onStderr!(b.toString('utf8')));
    if (opts.onStdout && child.stdout) child.stdout.on('data', (b: Buffer) => opts.onStdout!(b.toString('utf8')));
    const r = await child;
    const failedToStart = r.exitCode === undefined && !r.isTerminated && !r.timedOut && !r.isCanceled;
    if (failedToStart) {
      const err = new Error(`cannot run ${file}: ${r.shortMessage ?? r.message}`);
      (err as NodeJS.ErrnoException).code = (r as unknown as { code?: string }).code ?? 'ENOENT';
      throw err;
    }
    return {
      exitCode: r.exitCode ?? -1,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      killed: Boolean(r.isTerminated || r.timedOut || r.isCanceled),
    };
  }
}

/**
 * Synchronous variant for the few callers that cannot await (template
 * functions `exec`/`envExec` run inside a synchronous template execution).
 */
export interface SyncRunner {
  runSync(file: string, args: readonly string[], opts?: Omit<RunOptions, 'signal' | 'onStderr' | 'onStdout'>): RunResult;
}

export class ExecaSyncRunner implements SyncRunner {
  runSync(file: string, args: readonly string[], opts: Omit<RunOptions, 'signal' | 'onStderr' | 'onStdout'> = {}): RunResult {
    const r = execaSync(file, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      extendEnv: true,
      input: opts.input,
      timeout: opts.timeoutMs,
      reject: false,
      shell: false,
      stripFinalNewline: false,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    if (r.exitCode === undefined && !r.isTerminated && !r.timedOut) {
      throw new Error(`cannot run ${file}: ${r.shortMessage ?? r.message}`);
    }
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), killed: Boolean(r.isTerminated || r.timedOut) };
  }
}
