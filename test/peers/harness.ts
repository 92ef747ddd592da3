/**
 * Helmfile beside helmsync (issue 9): the same releases file, the same helm,
 * the same cluster, the same argv, each tool in its own copy of the case and
 * its own helm homes. Compared per command:
 *
 * - `build`, `template`: exit status (zero or not) and stdout, as text after
 *   replacing each copy's path, else as YAML documents (same objects, any order);
 * - `list --output json`: the parsed JSON;
 * - `sync` (own fixtures, test/peers/peers.test.ts): the cluster state after.
 *
 * Cases come from the offline Helmfile corpus (test/corpus/harness.ts's
 * cases.yaml reading) and from our own fixtures. helm-diff is not available
 * (the Go module proxy refuses it), so `diff` and `apply` are not compared.
 */
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { caseSkipReason, CORPUS_DIR, loadCases, type Case, type Step } from '../corpus/harness.js';
import { shellWords } from '../corpus/shell-words.js';

export const COMPARED = ['build', 'list', 'template'] as const;
export type Compared = (typeof COMPARED)[number];

export interface PeerOptions {
  helmfile: string;
  /** bin/run.js of the built helmsync. */
  helmsync: string;
  helm: string;
  helmMajor: 3 | 4;
  /** Extra environment (KUBECONFIG for cluster commands). */
  env?: Record<string, string>;
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Comparison {
  id: string;
  command: Compared | 'sync';
  argv: string[];
  outcome: 'same' | 'different' | 'skip';
  /** How they differ (or why skipped). */
  reason?: string;
  helmfile?: ToolRun;
  helmsync?: ToolRun;
}

function isolatedEnv(home: string, o: PeerOptions): Record<string, string> {
  return {
    HOME: join(home, 'home'),
    HELM_CONFIG_HOME: join(home, 'helm', 'config'),
    HELM_CACHE_HOME: join(home, 'helm', 'cache'),
    HELM_DATA_HOME: join(home, 'helm', 'data'),
    HELM_PLUGINS: join(home, 'helm', 'data', 'plugins'),
    HELMFILE_CACHE_HOME: join(home, 'helmfile-cache'),
    HELMFILE_TEMPDIR: join(home, 'helmfile-tmp'),
    HELMFILE_DISABLE_RUNNER_UNIQUE_ID: '1',
    HELMFILE_GO_YAML_V3: 'true',
    HELMFILE_HELM4: o.helmMajor === 4 ? '1' : '0',
    HELMFILE_UPGRADE_NOTICE_DISABLED: '1',
    KUBECONFIG: join(home, 'kubeconfig'),
    NO_COLOR: '1',
    CI: 'true',
    ...(o.env ?? {}),
  };
}

/** Runs one tool on its own copy of `src`; paths of the copy are replaced by `__root__` in the output. */
export async function runTool(tool: 'helmfile' | 'helmsync', src: string, cwdRel: string, argv: string[], env: Record<string, string>, o: PeerOptions): Promise<ToolRun> {
  const tmp = mkdtempSync(join(tmpdir(), `helmsync-peer-${tool}-`));
  try {
    const root = join(tmp, 'case');
    cpSync(src, root, { recursive: true });
    await execa('chmod', ['-R', 'u+w', root]);
    mkdirSync(join(tmp, 'home'), { recursive: true });
    const base = isolatedEnv(tmp, o);
    const [file, args] = tool === 'helmfile' ? [o.helmfile, argv] : [process.execPath, [o.helmsync, ...argv]];
    const r = await execa(file, [...args, '--helm-binary', o.helm], {
      cwd: join(root, cwdRel),
      env: { ...base, ...env, PATH: `${join(o.helm, '..')}:${process.env.PATH ?? '/usr/bin:/bin'}` },
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
      timeout: 180_000,
    });
    const norm = (s: string) => s.split(root).join('__root__').split(tmp).join('__tmp__');
    return { code: r.exitCode ?? -1, stdout: norm(String(r.stdout)), stderr: norm(String(r.stderr)) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const docs = (t: string): unknown[] =>
  parseAllDocuments(t)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
const sortKey = (d: unknown): string => JSON.stringify(d);

/** Undefined when the two outputs of `command` agree, else why not. */
export function difference(command: Compared | 'sync', a: ToolRun, b: ToolRun): string | undefined {
  if ((a.code === 0) !== (b.code === 0)) return `exit ${a.code} (helmfile) vs ${b.code} (helmsync): ${(a.code ? a.stderr : b.stderr).trim().split('\n').slice(-2).join(' | ')}`;
  if (a.code !== 0) return undefined; // both refused: messages differ by design
  if (a.stdout === b.stdout) return undefined;
  if (command === 'list') {
    try {
      return isDeepStrictEqual(JSON.parse(a.stdout), JSON.parse(b.stdout)) ? undefined : `list JSON differs:\nhelmfile: ${a.stdout.trim()}\nhelmsync: ${b.stdout.trim()}`;
    } catch (err) {
      return `list output is not JSON: ${(err as Error).message}`;
    }
  }
  try {
    const da = docs(a.stdout).map(sortKey).sort();
    const db = docs(b.stdout).map(sortKey).sort();
    if (isDeepStrictEqual(da, db)) return undefined;
    const onlyA = da.filter((d) => !db.includes(d));
    const onlyB = db.filter((d) => !da.includes(d));
    return `${onlyA.length} document(s) only in helmfile's, ${onlyB.length} only in helmsync's output; first: ${(onlyA[0] ?? onlyB[0] ?? '').slice(0, 300)}`;
  } catch {
    return 'outputs differ and are not YAML';
  }
}

/** Global flags of a helmfile argv (everything before the subcommand) and the subcommand. */
export function splitArgv(words: string[]): { globals: string[]; command?: string; rest: string[] } {
  const takesValue = new Set(['-f', '--file', '-e', '--environment', '-l', '--selector', '-n', '--namespace', '--state-values-set', '--state-values-file', '--kube-context', '-b', '--helm-binary']);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      if (takesValue.has(w)) i++;
      continue;
    }
    return { globals: words.slice(0, i), command: w, rest: words.slice(i + 1) };
  }
  return { globals: words, rest: [] };
}

interface Planned {
  id: string;
  command: Compared;
  src: string;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
}

/** The comparisons a corpus case yields: its own build/template/list steps, and `list --output json` beside each. */
export function planCorpus(cases: Case[], helmMajor: 3 | 4): { planned: Planned[]; skipped: { id: string; reason: string }[] } {
  const planned: Planned[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const c of cases) {
    const why = caseSkipReason(c);
    if (why) {
      skipped.push({ id: c.id, reason: why });
      continue;
    }
    const steps: Step[] = c.steps ?? [c];
    let any = false;
    for (const s of steps) {
      const raw = (helmMajor === 3 ? s.cmd_helm3 : s.cmd_helm4) ?? s.cmd ?? '';
      if (s.class === 'b' || s.class === 'c' || s.setup || s.generate || s.pre_helm4 || !raw || raw.includes('...') || raw.includes(';') || raw.includes('$TMP')) continue;
      const words = shellWords(raw.replace(/\$HELMFILE/g, 'helmfile --namespace=helmfile-tests'));
      const env: Record<string, string> = { ...(c.env ?? {}), ...(s.env ?? {}) };
      while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
        const [k, ...v] = words.shift()!.split('=');
        env[k!] = v.join('=');
      }
      if (words.shift() !== 'helmfile') continue;
      for (const k of Object.keys(env)) if (/<|>/.test(env[k]!)) delete env[k];
      const { globals, command, rest } = splitArgv(words);
      if (!command || !(COMPARED as readonly string[]).includes(command)) continue;
      const base = { src: join(CORPUS_DIR, c.id), cwd: c.cwd ?? '.', env };
      planned.push({ id: c.id, command: command as Compared, argv: words, ...base });
      if (command !== 'list') planned.push({ id: c.id, command: 'list', argv: [...globals, 'list', '--output', 'json'], ...base });
      void rest;
      any = true;
    }
    if (!any) skipped.push({ id: c.id, reason: 'no offline build/list/template step' });
  }
  // One list per case and argv.
  const seen = new Set<string>();
  return { planned: planned.filter((p) => !seen.has(`${p.id} ${p.argv.join(' ')}`) && !!seen.add(`${p.id} ${p.argv.join(' ')}`)), skipped };
}

export async function compare(p: Planned, o: PeerOptions): Promise<Comparison> {
  const [hf, hs] = await Promise.all([runTool('helmfile', p.src, p.cwd, p.argv, p.env, o), runTool('helmsync', p.src, p.cwd, p.argv, p.env, o)]);
  const reason = difference(p.command, hf, hs);
  return { id: p.id, command: p.command, argv: p.argv, outcome: reason ? 'different' : 'same', reason, helmfile: hf, helmsync: hs };
}

export function corpusCases(): Case[] {
  return loadCases();
}

/** Pass counts per command: `{ build: { same, different }, … }`. */
export function tally(results: Comparison[]): Record<string, { same: number; different: number }> {
  const out: Record<string, { same: number; different: number }> = {};
  for (const r of results) {
    if (r.outcome === 'skip') continue;
    const t = (out[r.command] ??= { same: 0, different: 0 });
    t[r.outcome === 'same' ? 'same' : 'different']++;
  }
  return out;
}
