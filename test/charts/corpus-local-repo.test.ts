/**
 * Helmfile's class (b)-local snapshot cases (shared/corpus/helmfile/local-repo),
 * run under their harness rules (shared/corpus/helmfile/local/MANIFEST.md §1):
 * a local HTTP chart repository on the case's fixed port, or a local OCI
 * registry on a free port with `$REGISTRY_PORT` substituted and `--oci-plain-http`;
 * fresh HELM_* / HELMFILE_CACHE_HOME; stdout and stderr interleaved; the
 * snapshot normalisation; exact comparison with output-helm4.yaml (helm 4) or
 * output.yaml. The built CLI runs each case (npm test builds first).
 *
 * Cases that need what helmsync does not do yet are declared `failing` with the
 * reason, so they turn red the day they start to pass.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { helmSync, startChartRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { startOciRegistry, type OciRegistry } from '../support/oci-registry.js';
import { binRun } from '../support/cli.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/helmfile/local-repo/', import.meta.url));

interface CaseConfig {
  localChartRepoServer?: { enabled?: boolean; port?: number };
  localDockerRegistry?: { enabled?: boolean };
  chartifyTempDir?: string;
  helmfileArgs?: string[];
}

/** Why a case cannot pass yet, for both majors or per major; absent = expected to pass. */
const NOT_YET: Record<string, string | { 3?: string; 4?: string }> = {
  chart_need: { 4: 'the helm 4 expected output (made with a newer helm 4) has two more blank lines after the subchart manifest than helm 4.1.4 prints; helmsync passes helm\'s output through' },
  chart_need_enable_live_output: { 4: 'as chart_need: the helm 4 expected output has two more blank lines after the subchart manifest than helm 4.1.4 prints' },
  oci_need: { 4: 'as chart_need: two blank lines helm 4.1.4 does not print (the `Pulled:`/`Digest:` lines of `helm dependency build` are relayed and match)' },
  postrenderer: { 4: 'the helm 4 expected output (made with a newer helm 4) has a blank line after each post-rendered manifest that helm 4.1.4 does not print; the manifests and the relayed `Pulled:`/`Digest:` lines match otherwise' },
  issue_1229_template_strategic_merge_with_lockfile: '`strategicMergePatches` need chartify (kustomize), not implemented',
};

/** Our stand-ins for the post-renderer scripts the corpus copy left out (fixtures/postrenderers). */
const POST_RENDERERS = fileURLToPath(new URL('../../fixtures/postrenderers/', import.meta.url));

/**
 * Puts our post-renderers where the case expects Helmfile's: `testdata/postrenderers/NAME.bash`
 * (helm 3 paths) and `testdata/helm-plugins/NAME/NAME.sh` (the command of each helm 4 plugin.yaml).
 */
function placePostRenderers(wd: string): void {
  const plugins = join(wd, 'testdata', 'helm-plugins');
  if (!existsSync(plugins)) return;
  mkdirSync(join(wd, 'testdata', 'postrenderers'), { recursive: true });
  for (const name of readdirSync(plugins)) {
    const script = join(POST_RENDERERS, `${name}.bash`);
    cpSync(script, join(wd, 'testdata', 'postrenderers', `${name}.bash`));
    chmodSync(join(plugins, name), 0o755); // the corpus is read-only and cpSync keeps modes
    cpSync(script, join(plugins, name, `${name}.sh`));
  }
}

function parseConfig(text: string): CaseConfig {
  // The configs are tiny; the yaml package is a dependency anyway.
  return parseYaml(text) as CaseConfig;
}

const cases = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => d.startsWith('snapshot__')) : [];

function normalise(out: string, o: { wd: string; cacheHome: string; registryPort?: number }): string {
  let s = out.split(`chart=${o.wd}`).join('chart=$WD');
  s = s.replace(/chart=.*git\.ref=.*\/charts\/.*/g, 'chart=$GoGetterPath');
  s = s.replace(/v\d+\.\d+\.\d+\+[a-z0-9]+/g, '$HelmVersion');
  if (o.registryPort !== undefined) {
    s = s.split(`localhost:${o.registryPort}`).join('localhost:$REGISTRY_PORT');
    s = s.split(`oci__localhost_${o.registryPort}`).join('oci__localhost_$REGISTRY_PORT');
    s = s.replace(/Digest: sha256:[0-9a-f]*/g, 'Digest: sha256:$DIGEST');
  }
  s = s.split(o.cacheHome).join('$HELMFILE_CACHE_HOME');
  s = s.split(o.wd).join('__workingdir__');
  return s;
}

describe.each(HELM_MAJORS)('Helmfile local-repo snapshot corpus (helm %i)', (major) => {
  const { helm } = toolset(major);
  if (cases.length === 0) it.skip(`corpus not found at ${CORPUS}`, () => undefined);

  for (const dirName of cases) {
    const name = dirName.slice('snapshot__'.length);
    const why = NOT_YET[name];
    const reason = typeof why === 'string' ? why : why?.[major];
    const run = reason ? it.failing : it;
    run(`${name}${reason ? ` — not yet: ${reason}` : ''}`, async () => {
      const root = mkdtempSync(join(tmpdir(), `helmsync-corpus-${name}-`));
      const wd = join(root, 'case');
      cpSync(join(CORPUS, dirName), wd, { recursive: true });
      placePostRenderers(wd);
      const caseDir = join(wd, 'testdata', 'snapshot', name);
      const cfg = parseConfig(readFileSync(join(caseDir, 'config.yaml'), 'utf8'));
      const homes = ['cache', 'config', 'data', 'helmfile-cache', 'home'].map((d) => join(root, d));
      homes.forEach((d) => mkdirSync(d, { recursive: true }));
      const env: Record<string, string> = {
        HOME: homes[4]!,
        HELM_CACHE_HOME: homes[0]!,
        HELM_CONFIG_HOME: homes[1]!,
        HELM_DATA_HOME: homes[2]!,
        HELM_PLUGINS: join(homes[2]!, 'plugins'),
        HELMFILE_CACHE_HOME: homes[3]!,
        CHARTIFY_TEMPDIR: join(wd, cfg.chartifyTempDir ?? 'chartify_temp'),
        HELMFILE_DISABLE_RUNNER_UNIQUE_ID: '1',
      };
      // Helm 4 post-renderers are plugins: as Helmfile's harness, copy testdata/helm-plugins/* into $HELM_PLUGINS.
      const plugins = join(wd, 'testdata', 'helm-plugins');
      if (major === 4 && existsSync(plugins)) cpSync(plugins, env.HELM_PLUGINS!, { recursive: true });
      let repo: ChartRepoServer | undefined;
      let registry: OciRegistry | undefined;
      try {
        // Package both test charts with the real helm.
        const pkgDir = join(root, 'pkg');
        mkdirSync(pkgDir);
        for (const c of readdirSync(join(wd, 'testdata', 'charts'))) helmSync(helm, ['package', join(wd, 'testdata', 'charts', c), '--destination', pkgDir], env);
        let inputFile = join('testdata', 'snapshot', name, 'input.yaml.gotmpl');
        if (cfg.localChartRepoServer?.enabled) {
          repo = await startChartRepo({ dir: pkgDir, helm, env, port: cfg.localChartRepoServer.port, host: 'localhost' });
        }
        if (cfg.localDockerRegistry?.enabled) {
          registry = await startOciRegistry();
          for (const tgz of readdirSync(pkgDir).filter((f) => f.endsWith('.tgz'))) {
            helmSync(helm, ['push', join(pkgDir, tgz), `oci://localhost:${registry.port}/myrepo`, '--plain-http'], env);
          }
          // prepareInputFile: $REGISTRY_PORT, absolute chart (and, on helm 3, post-renderer) paths.
          let text = readFileSync(join(wd, inputFile), 'utf8').split('$REGISTRY_PORT').join(String(registry.port));
          text = text.split('../../charts/').join(join(wd, 'testdata', 'charts') + '/');
          if (major === 3) text = text.split('../../postrenderers/').join(join(wd, 'testdata', 'postrenderers') + '/');
          inputFile = join(root, 'input', 'input.yaml.gotmpl');
          mkdirSync(join(root, 'input'));
          writeFileSync(inputFile, text);
        }
        // As the harness: `helmfile -f <input> [--oci-plain-http] <helmfileArgs…>`, the built CLI,
        // stdout and stderr on ONE file descriptor (Go's CombinedOutput), so lines interleave
        // exactly as written.
        const args = cfg.helmfileArgs?.length ? cfg.helmfileArgs : ['build'];
        const argv = ['-f', inputFile, ...(registry ? ['--oci-plain-http'] : []), '--helm-binary', helm, ...args];
        const outPath = join(root, 'combined-output');
        const fd = openSync(outPath, 'w');
        let code: number | null;
        try {
          // Asynchronous: the chart repository answering helm lives in this process.
          const child = spawn(process.execPath, [binRun, ...argv], { cwd: wd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', fd, fd], timeout: 120_000 });
          code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
        } finally {
          closeSync(fd);
        }
        const out = readFileSync(outPath, 'utf8');
        if (code !== 0) throw new Error(`helmsync ${argv.join(' ')} exited ${code}:\n${out}`);
        const actual = normalise(out, { wd, cacheHome: env.HELMFILE_CACHE_HOME!, registryPort: registry?.port });
        const candidates = major === 4 ? ['output-helm4.yaml', 'output.yaml'] : ['output.yaml'];
        const expectedFile = candidates.map((f) => join(caseDir, f)).find((f) => existsSync(f))!;
        expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
      } finally {
        await repo?.close();
        await registry?.stop();
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
