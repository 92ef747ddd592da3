/**
 * The real-world corpus (shared/corpus/realworld): 26 public repositories'
 * helmfiles. A case passes when `helmsync -f MAIN [-e ENV] list --output json`,
 * run from a copy of the case folder with the case's `env` and
 * `state_values_set`, lists exactly `expect_releases` — or fails only because a
 * file the source repository does not hold is referenced (the error names it).
 */
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const REALWORLD_DIR = process.env.HELMSYNC_REALWORLD_DIR ?? join(process.env.HELMSYNC_CORPUS_DIR ?? '/work/shared/corpus/helmfile/local', '..', '..', 'realworld');

export interface RealworldCase {
  id: string;
  main: string;
  expect_releases: string[] | null;
  expect_releases_env?: string;
  env?: Record<string, string>;
  state_values_set?: Record<string, string> | string[];
  missing_referenced_files?: string[];
}

export interface RealworldReport {
  id: string;
  pass: boolean;
  /** Why it passed or failed, one line. */
  reason: string;
  output: string;
}

export function loadRealworldCases(): RealworldCase[] {
  if (!existsSync(REALWORLD_DIR)) return [];
  return readdirSync(REALWORLD_DIR)
    .filter((d) => existsSync(join(REALWORLD_DIR, d, 'case.json')))
    .sort()
    .map((d) => ({ id: d, ...(JSON.parse(readFileSync(join(REALWORLD_DIR, d, 'case.json'), 'utf8')) as Omit<RealworldCase, 'id'>) }));
}

/** The file names a missing-file entry mentions (`dir/*\/x.yaml (17 files, …)` → `x.yaml`). */
function missingNames(c: RealworldCase): string[] {
  return (c.missing_referenced_files ?? []).map((m) => basename(m.split(' ')[0]!).replace(/^\*+/, '')).filter(Boolean);
}

function setArgs(s: RealworldCase['state_values_set']): string[] {
  if (!s) return [];
  const pairs = Array.isArray(s) ? s : Object.entries(s).map(([k, v]) => `${k}=${v}`);
  return pairs.flatMap((p) => ['--state-values-set', p]);
}

export async function runRealworldCase(c: RealworldCase, bin: string, helm: string): Promise<RealworldReport> {
  const tmp = mkdtempSync(join(tmpdir(), 'helmsync-realworld-'));
  const root = join(tmp, 'case');
  try {
    cpSync(join(REALWORLD_DIR, c.id), root, { recursive: true });
    await execa('chmod', ['-R', 'u+w', root]);
    const env: Record<string, string> = {
      HOME: join(tmp, 'home'),
      HELM_CONFIG_HOME: join(tmp, 'helm', 'config'),
      HELM_CACHE_HOME: join(tmp, 'helm', 'cache'),
      HELM_DATA_HOME: join(tmp, 'helm', 'data'),
      HELMFILE_CACHE_HOME: join(tmp, 'helmfile-cache'),
      KUBECONFIG: join(tmp, 'kubeconfig'),
      NO_COLOR: '1',
      CI: 'true',
    };
    for (const [k, v] of Object.entries(c.env ?? {})) env[k] = v.replace('<case root>', root);
    mkdirSync(env.HOME!, { recursive: true });
    const argv = [bin, '-f', c.main, ...(c.expect_releases_env ? ['-e', c.expect_releases_env] : []), ...setArgs(c.state_values_set), 'list', '--output', 'json', '--helm-binary', helm];
    const r = await execa(process.execPath, argv, { cwd: root, env, extendEnv: true, reject: false, all: true, timeout: 120_000 });
    const output = String(r.all ?? '');
    const missing = missingNames(c);
    if (r.exitCode !== 0) {
      const named = missing.find((m) => output.includes(m));
      if (named) return { id: c.id, pass: true, reason: `fails on the missing ${named}`, output };
      return { id: c.id, pass: false, reason: `exit ${r.exitCode}: ${firstErrorLine(output)}`, output };
    }
    if (c.expect_releases === null) return { id: c.id, pass: false, reason: `listed releases but the case expects a failure on ${missing.join(', ')}`, output };
    let got: string[];
    try {
      got = (JSON.parse(String(r.stdout)) as { name: string }[]).map((x) => x.name);
    } catch {
      return { id: c.id, pass: false, reason: `stdout is not JSON: ${String(r.stdout).slice(0, 200)}`, output };
    }
    const want = [...c.expect_releases].sort();
    const have = [...got].sort();
    if (JSON.stringify(want) === JSON.stringify(have)) return { id: c.id, pass: true, reason: `${have.length} releases`, output };
    const extra = have.filter((n) => !want.includes(n));
    const lacking = want.filter((n) => !have.includes(n));
    return { id: c.id, pass: false, reason: `releases differ: extra [${extra.join(', ')}] missing [${lacking.join(', ')}] (${have.length} vs ${want.length})`, output };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function firstErrorLine(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim() && !/^(warning|WARN)/i.test(l.trim()));
  return (lines.find((l) => /^error/i.test(l.trim())) ?? lines.find((l) => /error|fail/i.test(l)) ?? lines[0] ?? '').slice(0, 300);
}
