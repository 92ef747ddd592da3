/**
 * Runs the BUILT helmsync CLI (bin/run.js → dist/) the way a user does, with an
 * isolated HOME, HELM_*_HOME and KUBECONFIG so nothing reads the developer's
 * machine. `npm test` builds first; when iterating, run `npm run build`.
 */
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binRun = join(repoRoot, 'bin', 'run.js');

export interface Sandbox {
  dir: string;
  /** Environment for helmsync and helm: isolated homes, no colour, CI set (plain logs). */
  env: Record<string, string>;
  cleanup(): void;
}

/** A fresh temp dir with its own HOME/HELM homes/KUBECONFIG. */
export function sandbox(prefix = 'helmsync-e2e-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: Record<string, string> = {
    HOME: join(dir, 'home'),
    HELM_CONFIG_HOME: join(dir, 'helm', 'config'),
    HELM_CACHE_HOME: join(dir, 'helm', 'cache'),
    HELM_DATA_HOME: join(dir, 'helm', 'data'),
    HELM_PLUGINS: join(dir, 'helm', 'data', 'plugins'),
    HELMFILE_CACHE_HOME: join(dir, 'helmfile-cache'),
    KUBECONFIG: join(dir, 'kubeconfig'),
    NO_COLOR: '1',
    CI: 'true',
  };
  for (const k of ['HOME', 'HELM_CONFIG_HOME', 'HELM_CACHE_HOME', 'HELM_DATA_HOME']) mkdirSync(env[k]!, { recursive: true });
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as written. */
  all: string;
}

/** `node bin/run.js …args` in `cwd` with the sandbox env. Never throws on a non-zero exit. */
export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [binRun, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...opts.env },
    extendEnv: true,
    reject: false,
    all: true,
    input: opts.input,
    stripFinalNewline: false,
    timeout: 120_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), all: String(r.all ?? '') };
}

/** Runs a binary (helm) directly, for oracles. */
export async function runBin(file: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const r = await execa(file, args, { cwd: opts.cwd, env: opts.env, extendEnv: true, reject: false, all: true, stripFinalNewline: false });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), all: String(r.all ?? '') };
}
