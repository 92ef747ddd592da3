/**
 * The corpus copy left out Helmfile's post-renderer scripts; fixtures/postrenderers
 * holds ours (same behaviour, derived from each case's expected output). This module
 * puts them where each case expects them, installs the helm 4 plugins the case's
 * `helm plugin install` would, and turns the cases' helm 4 command descriptions and
 * their `--output-dir-template` file checks into something the harness runs.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssertionResult } from './assertions.js';
import type { Step } from './harness.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/postrenderers/', import.meta.url));

interface PostRenderCase {
  /** Test-case dir inside the case root. */
  dir: string;
  /** Script (fixtures/postrenderers/NAME.bash) = helm 4 plugin `input/helm-plugin-NAME`. */
  name: string;
  /** Runnable helm 4 command for the step whose cmd_helm4 is a description (`helm plugin install …; …`). */
  cmdHelm4?: string;
  /** Expected files by helm major, for steps whose `expected` is relative to the test-case dir. */
  expected?: { 3: string; 4: string };
}

const CASES: Record<string, PostRenderCase> = {
  integration__postrender: {
    dir: 'test/integration/test-cases/postrender',
    name: 'add-cm',
    cmdHelm4: 'HELMFILE_HELM4=1 $HELMFILE -f test/integration/test-cases/postrender/input/helmfile.yaml.gotmpl template --concurrency 1 --post-renderer add-cm --post-renderer-args cm1',
    expected: { 3: 'test/integration/test-cases/postrender/output/template-result', 4: 'test/integration/test-cases/postrender/output/template-result-helm4' },
  },
  'integration__postrender-defaults-args': { dir: 'test/integration/test-cases/postrender-defaults-args', name: 'echo-args' },
  'integration__issue-2515': {
    dir: 'test/integration/test-cases/issue-2515',
    name: 'filter',
    cmdHelm4: '$HELMFILE -f <abs>/test/integration/test-cases/issue-2515/input/helmfile.yaml template --post-renderer filter --output-dir-template "$TMP/output/{{.Release.Name}}"',
  },
};

/** Post-renderer cases that cannot pass under one helm major yet, with the reason. */
export const POST_RENDER_NOT_YET: Record<string, { 3?: string; 4?: string }> = {
  integration__postrender: {
    4: 'output/template-result-helm4 was made with a newer helm 4 that prints a blank line after each post-rendered manifest; helm 4.1.4 does not (manifests otherwise equal)',
  },
};

/** Whether `id` is one of the post-renderer cases this module prepares. */
export function isPostRendererCase(id: string): boolean {
  return id in CASES;
}

/**
 * Copies our script to `<case>/input/NAME.bash` (the helm 3 path the case names) and
 * `<case>/input/helm-plugin-NAME/NAME.sh` (the plugin.yaml command); on helm 4 also
 * installs that plugin dir into `pluginsDir` ($HELM_PLUGINS), as `helm plugin install` does.
 */
export function placePostRenderers(id: string, root: string, helmMajor: 3 | 4, pluginsDir: string): void {
  const pc = CASES[id];
  if (!pc) return;
  const input = join(root, pc.dir, 'input');
  const script = join(FIXTURES, `${pc.name}.bash`);
  cpSync(script, join(input, `${pc.name}.bash`));
  const plugin = join(input, `helm-plugin-${pc.name}`);
  chmodSync(plugin, 0o755);
  cpSync(script, join(plugin, `${pc.name}.sh`));
  if (helmMajor === 4) {
    mkdirSync(pluginsDir, { recursive: true });
    cpSync(plugin, join(pluginsDir, pc.name), { recursive: true });
  }
}

/** The step with its helm 4 command made runnable, the plugin pre-install dropped (done above), and full expected paths. */
export function adaptPostRendererStep(id: string, step: Step): Step {
  const pc = CASES[id];
  if (!pc) return step;
  const out: Step = { ...step };
  delete out.pre_helm4;
  if (pc.cmdHelm4 && out.cmd_helm4?.includes(';') && out.class === undefined) out.cmd_helm4 = pc.cmdHelm4;
  if (pc.expected && out.expected && out.class === undefined) out.expected = { helm3: pc.expected[3], helm4: pc.expected[4] };
  return out;
}

function yamlFiles(dir: string, depth: number): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p, depth - 1));
    else if (e.endsWith('.yaml')) out.push(p);
  }
  return out;
}

/**
 * issue-2515's file checks: "helm3: a *.yaml exists under $TMP/output/issue-2515/templates",
 * "that file does not contain X" / "that file contains X", and "helm4: first *.yaml under
 * $TMP/output (depth<=5) or else the log must contain postrendered". Undefined for others.
 */
export function postRendererAssertion(raw: string, log: string, tmp: string, helmMajor: 3 | 4): AssertionResult | undefined {
  const a = raw.split('$TMP').join(tmp);
  const file = (): string | undefined =>
    // helm --output-dir D writes D/<chart>/templates/<file>, so "under …/issue-2515/templates" is a templates/ dir below it.
    helmMajor === 3 ? yamlFiles(join(tmp, 'output', 'issue-2515'), 5).find((f) => f.includes('/templates/')) : yamlFiles(join(tmp, 'output'), 5)[0];
  let m: RegExpExecArray | null;
  if (/^helm3: a \*\.yaml exists under /.test(a)) {
    if (helmMajor !== 3) return { ok: true };
    return file() ? { ok: true } : { ok: false, reason: 'no */templates/*.yaml under output/issue-2515' };
  }
  if ((m = /^that file (does not contain|contains) (\S+)$/.exec(a))) {
    const f = file();
    if (!f) return helmMajor === 4 ? { ok: true } : { ok: false, reason: 'no output file' };
    const has = readFileSync(f, 'utf8').includes(m[2]!);
    return has === (m[1] === 'contains') ? { ok: true } : { ok: false, reason: `${f} ${has ? 'contains' : 'lacks'} ${m[2]}` };
  }
  if (/^helm4: first \*\.yaml under .* or else the log must contain postrendered$/.test(a)) {
    if (helmMajor !== 4) return { ok: true };
    const f = file();
    const text = f ? readFileSync(f, 'utf8') : log;
    return text.includes('postrendered') ? { ok: true } : { ok: false, reason: `${f ?? 'the log'} lacks postrendered` };
  }
  return undefined;
}
