/**
 * `helmsync template`: `helm template` for every selected release (Helmfile
 * `TemplateReleases`). State files are processed one after another in loading
 * order (sub-helmfiles first); within a file, charts are prepared first
 * (dependency builds), then releases are rendered in DAG order then file order.
 * Manifests go to the `write` sink (stdout), logs to deps.logger (stderr).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { releaseId, type HelmClient } from '../helm/helm.js';
import type { TemplateCliOptions } from '../helm/argv-template.js';
import { loadGoTemplateRenderer } from '../state/gotemplate-renderer.js';
import { loadState } from '../state/load.js';
import { environmentData } from '../state/template-data.js';
import type { LoadedState, LoadedStateFile, Release } from '../state/types.js';
import { buildReleaseValues } from '../values/release-values.js';
import { runWithProgress } from '../ui/progress.js';
import type { Deps } from '../ports/index.js';
import { createHelmClient } from './helm-client.js';
import { renderConcurrency } from './release-run.js';
import { toHelmDefaults, toHelmRelease, toHelmValues } from './helm-mapping.js';
import { prepareCharts, type PreparedRelease } from './prepare-charts.js';
import { chartDisplay, openChartResolver } from './chart-resolver.js';
import { releaseHooks } from './release-hooks.js';
import { pathTemplateData, renderPathTemplate } from './path-template.js';
import { checkRenderInputs, renderCliFlags, type RenderOptions } from './render-inputs.js';

export interface TemplateOptions extends RenderOptions {
  /** Where manifests go (stdout in the CLI). Called in release order. */
  write: (text: string) => void;
  /** `--output-dir`: helm writes files there instead of stdout. */
  outputDir?: string;
  /** `--output-dir-template`, default `{{ .OutputDir }}/{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}-{{ .Release.Name}}`. */
  outputDirTemplate?: string;
  includeCrds?: boolean;
  skipTests?: boolean;
  noHooks?: boolean;
  validate?: boolean;
  showOnly?: string[];
  kubeVersion?: string;
}

export interface TemplatedRelease {
  id: string;
  name: string;
  namespace: string;
  chart: string;
  /** Set with --output-dir. */
  outputDir?: string;
}

export interface TemplateResult {
  releases: TemplatedRelease[];
}

export const DEFAULT_OUTPUT_DIR_TEMPLATE = '{{ .OutputDir }}/{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}-{{ .Release.Name}}';

/** Renders every selected, installed release with `helm template`; manifests go to `options.write`. */
export async function template(options: TemplateOptions, deps: Deps): Promise<TemplateResult> {
  const state = await loadState(options.load, deps);
  const helm = await createHelmClient(options, state, deps);
  const charts = openChartResolver(options, state, helm, deps);
  const hooks = await releaseHooks(state, 'template', deps);
  const out: TemplatedRelease[] = [];
  try {
    for (const file of state.files) {
      const releases = file.selected.filter((r) => r.installed);
      if (releases.length === 0) continue;
      for (const r of releases) await hooks(r, 'prepare');
      const prepared = await prepareCharts(releases, state, helm, charts, options, deps);
      out.push(...(await templateFile(file, prepared, state, helm, options, deps)));
      for (const r of releases) await hooks(r, 'cleanup');
    }
  } finally {
    charts.dispose?.();
  }
  return { releases: out };
}

async function templateFile(
  file: LoadedStateFile,
  prepared: PreparedRelease[],
  state: LoadedState,
  helm: HelmClient,
  options: TemplateOptions,
  deps: Deps,
): Promise<TemplatedRelease[]> {
  const defaults = toHelmDefaults(file.helmDefaults);
  const cli: TemplateCliOptions = {
    includeCrds: options.includeCrds,
    skipTests: options.skipTests,
    noHooks: options.noHooks,
    validate: options.validate,
    showOnly: options.showOnly,
    kubeVersion: options.kubeVersion,
    ...renderCliFlags(options),
  };

  // Render concurrently, but hand results over strictly in release order so the
  // "Templating" log line sits right before its manifests, as in Helmfile.
  const rendered = prepared.map(() => deferred<{ manifests: string; outputDir?: string }>());
  const printer = (async () => {
    const done: TemplatedRelease[] = [];
    for (let i = 0; i < prepared.length; i++) {
      const { release } = prepared[i]!;
      const r = await rendered[i]!.promise;
      // With listr2 drawing progress, its task titles say this; a log line would tear the display.
      if (!options.progress?.interactive) deps.logger.info(`Templating release=${release.name}, chart=${chartDisplay(release, prepared[i]!.chart)}`);
      // Helmfile prints helm's output with Println: one extra newline per release.
      options.write(`${r.manifests}\n`);
      done.push({ id: release.id, name: release.name, namespace: release.namespace, chart: release.chart, outputDir: r.outputDir });
    }
    return done;
  })();

  const tasks = prepared.map((p, i) => ({
    title: `template ${releaseId(p.release)}`,
    run: async () => {
      try {
        const r = await renderOne(p, file, state, helm, defaults, cli, options, deps);
        rendered[i]!.resolve(r);
      } catch (e) {
        rendered[i]!.reject(e);
        throw e;
      }
    },
  }));
  const work = runWithProgress(tasks, {
    interactive: Boolean(options.progress?.interactive),
    stream: options.progress?.stream,
    concurrency: renderConcurrency(options),
    logger: deps.logger,
  });
  // Whichever fails first is the error the user sees; the other promise is then ignored.
  rendered.forEach((d) => d.promise.catch(() => undefined));
  printer.catch(() => undefined);
  await work;
  return await printer;
}

async function renderOne(
  p: PreparedRelease,
  file: LoadedStateFile,
  state: LoadedState,
  helm: HelmClient,
  defaults: ReturnType<typeof toHelmDefaults>,
  cli: TemplateCliOptions,
  options: TemplateOptions,
  deps: Deps,
): Promise<{ manifests: string; outputDir?: string }> {
  const { release, chart } = p;
  const values = await buildReleaseValues(release, state, deps, { merge: false });
  try {
    checkRenderInputs(release, options, deps);
    let outputDir: string | undefined;
    if (options.outputDir || options.outputDirTemplate) {
      outputDir = releaseOutputDir(release, file, state, options);
      deps.fs.mkdir(outputDir);
    }
    const helmRelease = toHelmRelease(release, chart, file.kubeVersion, file.apiVersions);
    // Helm 3 writes --output-dir files before post-rendering: then render to stdout and write
    // the post-rendered manifests ourselves (Helmfile #2515; helm 4 post-renders the files).
    const writeOurselves = Boolean(outputDir) && helm.major === 3 && Boolean(helmRelease.postRenderer || cli.postRenderer || defaults.postRenderer);
    const manifests = await helm.template(
      {
        release: helmRelease,
        defaults: await withRenderedPostRendererArgs(defaults, helmRelease.postRendererArgs, cli.postRendererArgs, release, file, state, deps),
        values: toHelmValues(values, release.baseDir, options.values, options.set),
        cli: { ...cli, outputDir: writeOurselves ? undefined : outputDir },
      },
      { cwd: release.baseDir },
    );
    return { manifests: writeOurselves ? writeManifestFiles(manifests, outputDir!, deps) : manifests, outputDir };
  } finally {
    if (!options.skipCleanup) values.cleanup();
  }
}

/**
 * helmDefaults.postRendererArgs are release templates (`{{ .Release.Name }}`), rendered per
 * release when they are the args in use: the release's own and the CLI's win (Helmfile
 * `renderPostRendererArgs`; integration case postrender-defaults-args).
 */
async function withRenderedPostRendererArgs(
  defaults: ReturnType<typeof toHelmDefaults>,
  releaseArgs: string[] | undefined,
  cliArgs: string[] | undefined,
  release: Release,
  file: LoadedStateFile,
  state: LoadedState,
  deps: Deps,
): Promise<ReturnType<typeof toHelmDefaults>> {
  const args = defaults.postRendererArgs;
  if (!args?.some((a) => a.includes('{{')) || releaseArgs?.length || cliArgs?.length) return defaults;
  const engine = await loadGoTemplateRenderer(deps);
  if (!engine) return defaults;
  const data = {
    ...environmentData(state.environmentName, file.environment.kubeContext, file.environment.values, state.overrides.namespace),
    Release: { Name: release.name, Namespace: release.namespace, Labels: release.labels, Chart: release.chart, ChartVersion: release.version, KubeContext: release.kubeContext },
  };
  const rendered = args.map((a, i) => engine.render(a, data, { name: `${file.filePath} helmDefaults.postRendererArgs[${i}] (release ${releaseId(release)})`, basePath: file.dir }));
  return { ...defaults, postRendererArgs: rendered };
}

/**
 * Writes `helm template` stdout into `dir` as helm's --output-dir does: each `# Source: P`
 * document to `dir/P` (documents of one source appended), a document without a source
 * (added by a post-renderer) to the file of the document before it, else of the first.
 * Returns helm's `wrote PATH` lines.
 */
export function writeManifestFiles(manifests: string, dir: string, deps: Pick<Deps, 'fs'>): string {
  const docs = manifests.split(/^---[ \t]*$/m).filter((d) => d.trim() !== '');
  const sources = docs.map((d) => /^# Source: (.+)$/m.exec(d)?.[1]?.trim());
  const files = new Map<string, string>();
  let current = sources.find((x) => x !== undefined) ?? 'manifests.yaml';
  docs.forEach((d, i) => {
    current = sources[i] ?? current;
    files.set(current, `${files.get(current) ?? ''}---${d.endsWith('\n') ? d : `${d}\n`}`);
  });
  const wrote: string[] = [];
  for (const [source, text] of files) {
    const path = join(dir, source);
    deps.fs.mkdir(dirname(path));
    deps.fs.writeFile(path, text);
    wrote.push(`wrote ${path}`);
  }
  return wrote.join('\n');
}

/** Expands --output-dir-template for one release (Helmfile `GenerateOutputDir`). */
export function releaseOutputDir(release: Release, file: LoadedStateFile, state: LoadedState, options: Pick<TemplateOptions, 'outputDir' | 'outputDirTemplate'>): string {
  const tpl = options.outputDirTemplate || DEFAULT_OUTPUT_DIR_TEMPLATE;
  const data = { OutputDir: options.outputDir ?? '', ...pathTemplateData(file, release, state.environmentName) };
  const dir = renderPathTemplate(tpl, data, file.dir);
  // Relative to the releases file's directory: Helmfile chdirs there.
  return isAbsolute(dir) ? dir : join(file.dir, dir);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolveFn!: (v: T) => void;
  let rejectFn!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolveFn = res;
    rejectFn = rej;
  });
  return { promise, resolve: resolveFn, reject: rejectFn };
}
