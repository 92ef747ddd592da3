/**
 * Ports: the collaborators every use case and domain module receives from
 * outside (DESIGN.md, house style 5). They sit below the domain, so src/state,
 * src/charts, src/values, src/sync, src/ui … import them without reaching up
 * into src/app. Domain code never imports node:fs, execa or process.*: it uses
 * these. src/cli/deps.ts builds the real ones; tests build fakes or real ones
 * rooted in temp dirs.
 */
import type { Runner, SyncRunner } from '../process/runner.js';

export interface FileStat {
  isFile: boolean;
  isDir: boolean;
  /** Permission bits. */
  mode: number;
  size: number;
  mtimeMs: number;
}

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDir: boolean;
}

/** File access. Synchronous: the files are small and templates run synchronously. */
export interface FileSystem {
  /** UTF-8 text. Throws an Error with `code: 'ENOENT'` when missing. */
  readFile(path: string): string;
  readBytes(path: string): Uint8Array;
  exists(path: string): boolean;
  stat(path: string): FileStat | undefined;
  /** Entries sorted by name. */
  readDir(path: string): DirEntry[];
  /** Creates parent directories. `mode` defaults to 0o644; values files use 0o600. */
  writeFile(path: string, data: string | Uint8Array, opts?: { mode?: number }): void;
  mkdir(path: string): void;
  /** Recursive, no error when missing. */
  remove(path: string): void;
  /** A new private (0700) temp directory. */
  mkdtemp(prefix: string): string;
  realpath(path: string): string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface HttpClient {
  request(
    url: string,
    opts?: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string; signal?: AbortSignal; timeoutMs?: number; insecureSkipTLSVerify?: boolean; caFile?: string; certFile?: string; keyFile?: string },
  ): Promise<HttpResponse>;
}

export interface Clock {
  now(): number;
  /** Resolves after ms, rejects with an AbortError when the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Structured facts of a log line (`--log-format json` prints them beside the
 * message; the text format prints the message only). `event` names what
 * happened (`tick.start`, `release.upgrade` …, README "Logs"); values are
 * already masked.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** One entry of a multi-select; `choices` makes it a group (toggling it toggles them all). */
export interface PromptChoice {
  /** Returned when chosen; unique in the prompt. */
  name: string;
  /** What the user reads. */
  message: string;
  hint?: string;
  choices?: PromptChoice[];
}

export interface Prompter {
  /** Throws a UserError ("pass --yes") when there is no TTY. */
  confirm(message: string): Promise<boolean>;
  /**
   * Lets the user pick among `choices`, every one preselected; resolves to the
   * names of the chosen leaf choices (groups are not returned). Throws a
   * UserError ("pass --yes") when there is no TTY.
   */
  multiSelect(message: string, choices: PromptChoice[]): Promise<string[]>;
}

/** Watches directories for changed entries (`reconcile --watch`). */
export interface FileWatcher {
  /**
   * Calls `onChange` with the absolute path of each entry of `dir` that is
   * created, written, renamed or removed (not recursive). `onError` when the
   * watch breaks (the directory was removed); it is closed then.
   */
  watchDir(dir: string, onChange: (path: string) => void, onError: (e: Error) => void): { close(): void };
}

export interface Deps {
  fs: FileSystem;
  runner: Runner;
  syncRunner: SyncRunner;
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  prompter: Prompter;
  /** The process environment as seen at start (read-only snapshot). */
  env: Readonly<Record<string, string | undefined>>;
  /** The working directory the command was started in. */
  cwd: string;
  /**
   * Fires on the first SIGTERM/SIGINT of a command that changes the cluster:
   * no new release starts, running helm calls get SIGTERM (helm then marks
   * the revision failed, never leaving it pending), and the run reports what
   * it did. Undefined for commands that do not trap signals.
   */
  interrupt?: AbortSignal;
  /** File change notifications; only `reconcile --watch` needs them. */
  watcher?: FileWatcher;
}
