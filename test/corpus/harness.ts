/**
 * Runs the class-(a) cases of /work/shared/corpus/helmfile/local (cases.yaml)
 * against the BUILT helmsync CLI, under MANIFEST.md's rules: each case copied to
 * a temp dir (the corpus is read-only), isolated helm homes, `$HELMFILE` =
 * `helmsync --namespace=helmfile-tests`, snapshot normalisation, exact / diff /
 * dyff-like / grep comparisons. Cases needing kustomize (chartify), HCL, git,
 * plugins, a cluster or the network are skipped with the reason.
 */
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { checkAssertion } from './assertions.js';
import { normalizeSnapshot, textDifference, yamlDifference } from './compare.js';
import { adaptPostRendererStep, placePostRenderers, postRendererAssertion } from './post-renderers.js';
import { shellWords } from './shell-words.js';

export const CORPUS_DIR = process.env.HELMSYNC_CORPUS_DIR ?? '/work/shared/corpus/helmfile/local';

type Expected = string | Record<string, string>;

export interface Step {
  cmd?: string;
  cmd_helm3?: string;
  cmd_helm4?: string;
  capture?: 'stdout' | 'stdout+stderr';
  expected?: Expected;
  compare?: 'exact' | 'diff' | 'dyff' | 'assert';
  assert?: string[];
  class?: string;
  repeat?: number;
  generate?: string;
  setup?: string;
  pre_helm4?: string;
  env?: Record<string, string>;
}

export interface Case extends Step {
  id: string;
  cwd?: string;
  tools?: string[];
  steps?: Step[];
  note?: string;
}

export type Outcome = 'pass' | 'fail' | 'skip';

export interface StepReport {
  cmd: string;
  outcome: Outcome;
  reason?: string;
}

export interface CaseReport {
  id: string;
  outcome: Outcome;
  reason?: string;
  steps: StepReport[];
}

export interface HarnessOptions {
  /** Path to bin/run.js of the built CLI. */
  bin: string;
  helm: string;
  helmMajor: 3 | 4;
  /** Only these case ids. */
  only?: string[];
  /** Cap on `repeat:` (the corpus repeats race tests up to 10 times). */
  maxRepeat?: number;
}

const SKIP_TOOLS: Record<string, string> = {
  kustomize: 'needs kustomize (chartify: jsonPatches/strategicMergePatches/transformers)',
  git: 'needs git (go-getter chart dependency)',
};

/** Why a whole case cannot run here, or undefined. */
export function caseSkipReason(c: Case): string | undefined {
  for (const t of c.tools ?? []) {
    if (SKIP_TOOLS[t]) return SKIP_TOOLS[t];
    if (/unittest/.test(t)) return 'needs the helm-unittest plugin';
  }
  if (c.id === 'integration__issue-2596-local-deps-multiple-files') return 'ad-hoc `dependencies:` need chartify';
  return undefined;
}

/** Commands the built CLI has (dist/src/commands/*.js): others' commands count once they land. */
function builtCommands(bin: string): Set<string> {
  const dir = join(bin, '..', '..', 'dist', 'src', 'commands');
  return new Set(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)) : []);
}

function pickExpected(e: Expected | undefined, helmMajor: 3 | 4, yamlV3: boolean): string | undefined {
  if (e === undefined) return undefined;
  if (typeof e === 'string') return e;
  const order = [`HELMFILE_GO_YAML_V3=${yamlV3}`, helmMajor === 4 ? 'helm4' : 'helm3', 'default'];
  for (const k of order) if (e[k]) return e[k];
  return undefined;
}

/** Snapshot expected-file selection (MANIFEST §1). */
function snapshotExpected(caseRoot: string, rel: string, helmMajor: 3 | 4): string {
  const dir = join(caseRoot, rel, '..');
  const candidates = [...(helmMajor === 4 ? ['output-helm4.yaml'] : []), 'gopkg.in-yaml.v3-output.yaml', 'output.yaml'];
  for (const c of candidates) if (existsSync(join(dir, c))) return join(dir, c);
  return join(caseRoot, rel);
}

async function runStep(c: Case, step: Step, root: string, tmp: string, o: HarnessOptions, commands: Set<string>): Promise<StepReport> {
  const raw = (o.helmMajor === 3 ? step.cmd_helm3 : step.cmd_helm4) ?? step.cmd ?? '';
  const label = raw || '(no command)';
  if (step.class === 'b' || step.class === 'c') return { cmd: label, outcome: 'skip', reason: step.class === 'c' ? 'needs a cluster' : 'needs the network' };
  if (step.setup) return { cmd: label, outcome: 'skip', reason: 'scripted set-up not supported by this harness' };
  if (step.generate) {
    // "$TMP/file = 'text with \\n'"
    const g = /^\$TMP\/(\S+) = '(.*)'$/s.exec(step.generate);
    if (!g) return { cmd: label, outcome: 'skip', reason: `generate not understood: ${step.generate}` };
    writeFileSync(join(tmp, g[1]!), g[2]!.replace(/\\n/g, '\n'));
  }
  if (step.pre_helm4 && o.helmMajor === 4) return { cmd: label, outcome: 'skip', reason: 'needs a helm plugin installed first' };
  if (!raw || raw.includes('...') || raw.includes(';')) return { cmd: label, outcome: 'skip', reason: 'command is a description, not runnable as written' };

  const words = shellWords(
    raw
      .replace(/\$HELMFILE/g, 'helmfile --namespace=helmfile-tests')
      .replace(/\$TMP/g, tmp)
      .replace(/<abs>/g, root),
  );
  const env: Record<string, string> = {
    HOME: join(tmp, 'home'),
    HELM_CONFIG_HOME: join(tmp, 'helm', 'config'),
    HELM_CACHE_HOME: join(tmp, 'helm', 'cache'),
    HELM_DATA_HOME: join(tmp, 'helm', 'data'),
    HELM_PLUGINS: join(tmp, 'helm', 'data', 'plugins'),
    HELMFILE_CACHE_HOME: join(tmp, 'helmfile-cache'),
    KUBECONFIG: join(tmp, 'kubeconfig'),
    HELMFILE_GO_YAML_V3: 'true',
    HELMFILE_HELM4: o.helmMajor === 4 ? '1' : '0',
    NO_COLOR: '1',
    CI: 'true',
    ...(c.env ?? {}),
    ...(step.env ?? {}),
  };
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [k, ...v] = words.shift()!.split('=');
    env[k!] = v.join('=');
  }
  if (words.shift() !== 'helmfile') return { cmd: label, outcome: 'skip', reason: 'not a helmfile command' };
  const command = words.find((w, i) => !w.startsWith('-') && !['-f', '--file', '-e', '--environment', '-l', '--selector'].includes(words[i - 1] ?? ''));
  if (!command || !commands.has(command)) return { cmd: label, outcome: 'skip', reason: `command "${command}" is not implemented in this build` };

  const cwd = join(root, c.cwd ?? '.');
  // helm on PATH, as Helmfile's own harness runs it (--helm-binary would show in build's helmBinary).
  env.PATH = `${dirname(o.helm)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  const argv = [o.bin, ...words];
  const repeat = Math.min(step.repeat ?? c.repeat ?? 1, o.maxRepeat ?? 2);
  const capture = step.capture ?? c.capture ?? (c.id.startsWith('snapshot__') ? 'stdout+stderr' : 'stdout+stderr');
  const compare = step.compare ?? c.compare ?? (step.assert || c.assert ? 'assert' : undefined);
  const expectedRel = pickExpected(step.expected ?? (c.steps ? undefined : c.expected), o.helmMajor, true);

  for (let i = 0; i < repeat; i++) {
    // stdout+stderr: one pipe for both, as Go's CombinedOutput, so the interleaving is the
    // order of writes (two pipes read by the parent would reorder them).
    const r =
      capture === 'stdout'
        ? await execa(process.execPath, argv, { cwd, env, extendEnv: true, reject: false, all: true, stripFinalNewline: false, timeout: 180_000 })
        : await execa('sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, ...argv], { cwd, env, extendEnv: true, reject: false, all: true, stripFinalNewline: false, timeout: 180_000 });
    const text = capture === 'stdout' ? String(r.stdout) : String(r.stdout);
    const exitCode = r.exitCode ?? -1;
    const assertions = step.assert ?? (c.steps ? [] : c.assert ?? []);
    for (const a of assertions) {
      const res = postRendererAssertion(a, text, tmp, o.helmMajor) ?? checkAssertion(a, { exitCode, text }, { $TMP: tmp });
      if ('unsupported' in res) return { cmd: label, outcome: 'skip', reason: `assertion not understood: ${a}` };
      if (!res.ok) return { cmd: label, outcome: 'fail', reason: `${a}: ${res.reason}\n${tail(String(r.all ?? ''))}` };
    }
    if (expectedRel && compare && compare !== 'assert') {
      if (exitCode !== 0) return { cmd: label, outcome: 'fail', reason: `exit ${exitCode}\n${tail(String(r.all ?? ''))}` };
      let expectedPath = join(root, expectedRel);
      if (c.id.startsWith('snapshot__') && typeof (step.expected ?? c.expected) === 'string') expectedPath = snapshotExpected(root, expectedRel, o.helmMajor);
      if (!existsSync(expectedPath)) {
        // integration expected paths may be relative to the test-case dir (postrender: output/…)
        return { cmd: label, outcome: 'skip', reason: `expected file not found: ${expectedRel}` };
      }
      const expected = readFileSync(expectedPath, 'utf8');
      const diff =
        compare === 'dyff'
          ? yamlDifference(expected, text)
          : compare === 'exact'
            ? textDifference(expected, normalizeSnapshot(text, root, env.HELMFILE_CACHE_HOME))
            : textDifference(expected, text);
      if (diff) return { cmd: label, outcome: 'fail', reason: diff };
    } else if (!assertions.length) {
      return { cmd: label, outcome: 'skip', reason: 'nothing to compare' };
    }
  }
  return { cmd: label, outcome: 'pass' };
}

function tail(s: string): string {
  const lines = s.trimEnd().split('\n');
  return lines.slice(-6).join('\n');
}

export function loadCases(): Case[] {
  const doc = parse(readFileSync(join(CORPUS_DIR, 'cases.yaml'), 'utf8')) as { cases: Case[] };
  return doc.cases;
}

export async function runCase(c: Case, o: HarnessOptions): Promise<CaseReport> {
  const skip = caseSkipReason(c);
  if (skip) return { id: c.id, outcome: 'skip', reason: skip, steps: [] };
  const tmp = mkdtempSync(join(tmpdir(), 'helmsync-corpus-'));
  const root = join(tmp, 'case');
  try {
    cpSync(join(CORPUS_DIR, c.id), root, { recursive: true });
    // The corpus is read-only; copies keep the mode bits, so make them writable (helm dependency build writes charts/).
    await execa('chmod', ['-R', 'u+w', root]);
    // Our stand-ins for the post-renderer scripts the corpus left out (HELM_PLUGINS as in runStep).
    placePostRenderers(c.id, root, o.helmMajor, join(tmp, 'out', 'helm', 'data', 'plugins'));
    mkdirSync(join(tmp, 'out'), { recursive: true });
    const commands = builtCommands(o.bin);
    const steps = c.steps ?? [c];
    const reports: StepReport[] = [];
    for (const s of steps) reports.push(await runStep(c, { ...adaptPostRendererStep(c.id, s), env: { ...(c.env ?? {}), ...(s.env ?? {}) } }, root, join(tmp, 'out'), o, commands));
    const ran = reports.filter((r) => r.outcome !== 'skip');
    const failed = ran.find((r) => r.outcome === 'fail');
    if (failed) return { id: c.id, outcome: 'fail', reason: failed.reason, steps: reports };
    if (!ran.length) return { id: c.id, outcome: 'skip', reason: reports.map((r) => r.reason).filter(Boolean).join('; '), steps: reports };
    return { id: c.id, outcome: 'pass', steps: reports };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function runCorpus(o: HarnessOptions): Promise<CaseReport[]> {
  const out: CaseReport[] = [];
  for (const c of loadCases()) {
    if (o.only && !o.only.includes(c.id)) continue;
    out.push(await runCase(c, o));
  }
  return out;
}
