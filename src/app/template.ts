/**
 * `helmsync template`: `helm template` for every selected release (Helmfile
 * `TemplateReleases`). State files are processed one after another in loading
 * order (sub-helmfiles first); within a file, charts are prepared first
 * (dependency builds), then releases are rendered in DAG order then file order.
 * Manifests go to the `write` sink (stdout), logs to deps.logger (stderr).
 */
import { isAbsolute, join } from 'node:path';
import { releaseId, type HelmClient } from '../helm/helm.js';
import type { TemplateCliOptions } from '../helm/argv-template.js';
import { loadState } from '../state/load.js';
import type { LoadedState, LoadedStateFile, Release } from '../state/types.js';
import { buildReleaseValues } from '../values/release-values.js';
import { runWithProgress } from '../ui/progress.js';
import type { Deps } from './deps.js';
import { createHelmClient } from './helm-client.js';
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
    concurrency: options.concurrency ?? 0,
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
    checkRenderInputs(release, values, options, deps, 'decrypt the secrets into a values file, or remove `secrets:` for template');
    let outputDir: string | undefined;
    if (options.outputDir || options.outputDirTemplate) {
      outputDir = releaseOutputDir(release, file, state, options);
      deps.fs.mkdir(outputDir);
    }
    const manifests = await helm.template(
      {
        release: toHelmRelease(release, chart, file.kubeVersion, file.apiVersions),
        defaults,
        values: toHelmValues(values, release.baseDir, options.values, options.set),
        cli: { ...cli, outputDir },
      },
      { cwd: release.baseDir },
    );
    return { manifests, outputDir };
  } finally {
    if (!options.skipCleanup) values.cleanup();
  }
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
