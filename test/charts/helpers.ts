/**
 * Shared set-up for chart-source tests: real Deps (node fs, execa runner, node
 * http) rooted in isolated homes, a recording logger, and state loaded by the
 * real state loader from a releases file written to a temp dir.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Deps, Logger } from '../../src/ports/index.js';
import { nodeFileSystem } from '../../src/cli/node-fs.js';
import { nodeHttpClient } from '../../src/cli/node-http.js';
import { ExecaRunner, ExecaSyncRunner } from '../../src/process/runner.js';
import { loadState } from '../../src/state/index.js';
import type { LoadedState } from '../../src/state/index.js';

export interface RecordingLogger extends Logger {
  lines: Array<{ level: string; msg: string }>;
  text(level?: string): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: (level) => lines.filter((l) => !level || l.level === level).map((l) => l.msg).join('\n'),
  };
}

/** Real Deps with the given environment (isolated homes) and cwd. */
export function realDeps(env: Record<string, string>, cwd: string): { deps: Deps; logger: RecordingLogger } {
  const logger = recordingLogger();
  const deps: Deps = {
    fs: nodeFileSystem(),
    runner: new ExecaRunner(),
    syncRunner: new ExecaSyncRunner(),
    http: nodeHttpClient(),
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    logger,
    prompter: { confirm: async () => true, multiSelect: async (_m, c) => c.flatMap((x) => x.choices?.map((y) => y.name) ?? [x.name]) },
    env,
    cwd,
  };
  return { deps, logger };
}

/** Writes files (path → text) under a new temp dir; returns the dir. */
export function writeTree(files: Record<string, string>, prefix = 'helmsync-state-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** Loads `helmfile.yaml` (or `file`) from `dir` with the real state loader. */
export async function loadFrom(dir: string, deps: Deps, opts: { file?: string; environment?: string } = {}): Promise<LoadedState> {
  return loadState({ cwd: dir, file: opts.file, environment: opts.environment }, deps);
}
