/**
 * The shared first half of `diff`, `sync`, `apply`, `destroy` and `status`:
 * load the releases file(s), read what helm stored for each selected release,
 * and (for diff/sync/apply) render every installed release with `helm
 * template` using exactly the values and flags the upgrade will use. Nothing
 * here writes to the cluster: callers execute only after this returned, so a
 * template or values error in any release stops the run before the first write.
 */
import { basename, join } from 'node:path';
import { observeReleases, type Observed } from '../cluster/observe.js';
import type { ReleaseRecord } from '../cluster/release-payload.js';
import type { KubeTarget } from '../cluster/kubeconfig.js';
import { parseManifest } from '../diff/manifest.js';
import type { HelmClient } from '../helm/helm.js';
import type { HelmDefaultsSpec, HelmReleaseSpec, HelmValuesArgs } from '../helm/release-spec.js';
import { loadState } from '../state/load.js';
import type { LoadedState, LoadedStateFile, Release } from '../state/types.js';
import { availableParallelism } from 'node:os';
import { runPool } from '../ui/progress.js';
import { ContentHasher } from '../plan/inputs-digest.js';
import { checkOwnerName } from '../plan/release-marks.js';
import { levels } from '../plan/waves.js';
import { resolveOwner } from './ownership.js';
import { fastPathReleases, releaseInputsDigest } from './fast-path.js';
import { buildReleaseValues } from '../values/release-values.js';
import { openChartResolver, type ResolvedChart } from './chart-resolver.js';
import type { Deps } from '../ports/index.js';
import { createHelmClient } from './helm-client.js';
import { checkContextGuard } from './context-guard.js';
import { checkReleaseIdentities } from './release-identity.js';
import { explainTemplateFailure } from './template-failure.js';
import { kubeTargetResolver } from './kube-targets.js';
import { toHelmDefaults, toHelmRelease, toHelmValues } from './helm-mapping.js';
import { prepareCharts } from './prepare-charts.js';
import { checkRenderInputs, renderCliFlags, type RenderOptions } from './render-inputs.js';

/** Options every cluster command shares (flags of diff/sync/apply/destroy/status). */
export interface ClusterRunOptions extends RenderOptions {
  /** kubectl executable, for release records and live objects (default `kubectl`). */
  kubectlBinary?: string;
  /** `--no-fast-path`: render every release even when its inputs match the deployed revision's. */
  noFastPath?: boolean;
  /** `--owner NAME`: the owner mark written on every install/upgrade (default: derived from the file and environment, src/app/ownership.ts). */
  owner?: string;
  /**
   * Only these of the selected releases (state ids `ns/name`, or `file:ns/name`):
   * `reconcile --watch` runs a tick for the releases a change affects.
   */
  onlyReleases?: ReadonlySet<string>;
}

/** One selected release on its way through the run. */
export interface RunRelease {
  /** Unique in the run: the state's release id (prefixed by the file when two files share one). */
  id: string;
  release: Release;
  file: LoadedStateFile;
  /** Run ids of the selected releases this one needs. */
  needs: string[];
  defaults: HelmDefaultsSpec;
  /** The release's helm fields (chart ref resolved when rendered). */
  helmRelease: HelmReleaseSpec;
  /** Values flags; set once rendered (installed releases only). */
  values?: HelmValuesArgs;
  chart?: ResolvedChart;
  /** `helm template` output (no CRDs: helm does not store them in the release). */
  manifest?: string;
  /** The last revision helm stored, read before rendering. */
  record?: ReleaseRecord;
  /** Strings that must never be printed (Secret values of the desired and stored manifests). */
  secretValues: string[];
  /** Digest of the rendering inputs (src/plan/inputs-digest.ts); unset when the chart cannot render the same twice. */
  inputsDigest?: string;
  /** Not rendered: the inputs match the stored revision's, so `manifest` is the stored one (the fast path). */
  fastPath?: boolean;
  /** Depth in its file's `needs` graph (0: needs nothing), stored as the release label helmsync.dev/depth. */
  depth?: number;
}

export interface PreparedRun {
  state: LoadedState;
  /** The owner mark this run writes (src/app/ownership.ts). */
  owner: string;
  /** Releases `--prune` uninstalls, by plan id (src/app/prune.ts); set by apply. */
  prunes?: Map<string, { context: string; name: string; namespace: string }>;
  helm: HelmClient;
  kubectl: string;
  releases: RunRelease[];
  byId: Map<string, RunRelease>;
  /** Replaces every secret value of every release in a text (for logs and errors). */
  mask(text: string): string;
  /** What the kubeconfig says about a kube context ('' = the current one). */
  kubeTarget(context: string): KubeTarget;
  /** Removes temp values files (and disposes the chart resolver). */
  dispose(): void;
  /** Renders releases the fast path skipped (apply, when one of them must be upgraded after all). */
  renderSkipped(ids: ReadonlySet<string>): Promise<void>;
}

export interface PrepareRunOptions {
  /** Render installed releases (diff/sync/apply); destroy and status do not. */
  render: boolean;
  /** The command writes to the cluster (sync/apply/destroy): the context guard applies. */
  writes?: boolean;
  /** Use this state instead of loading `options.load` (promote loads it once, narrowed to the releases taking part). */
  state?: LoadedState;
  /**
   * Values files whose content comes from memory (absolute path → text): helm
   * gets a 0600 temp copy instead of the file (promote's preview renders the
   * target with the values it would write, before writing anything).
   */
  valuesOverlay?: ReadonlyMap<string, string>;
  /** Called once the state is loaded and before charts are prepared (Helmfile's `prepare` hooks). */
  beforeRender?: (run: PreparedRun) => Promise<void>;
  /** Skip rendering releases whose inputs digest matches their deployed revision's (diff/apply). */
  fastPath?: boolean;
}

function runIds(state: LoadedState): Map<Release, string> {
  const ids = new Map<Release, string>();
  const seen = new Set<string>();
  for (const r of state.selected) {
    const file = state.files[r.fileIndex]!;
    const id = seen.has(r.id) ? `${file.path}:${r.id}` : r.id;
    seen.add(id);
    ids.set(r, id);
  }
  return ids;
}

/** Loads, reads stored records and (optionally) renders every selected release. */
export async function prepareRun(options: ClusterRunOptions, deps: Deps, how: PrepareRunOptions): Promise<PreparedRun> {
  if (options.owner !== undefined) checkOwnerName(options.owner);
  const loaded = how.state ?? (await loadState(options.load, deps));
  // Every name and namespace helm or the API server would refuse, before anything talks to the cluster.
  checkReleaseIdentities(loaded);
  const only = options.onlyReleases;
  const state = only
    ? { ...loaded, selected: loaded.selected.filter((r) => only.has(r.id) || only.has(`${loaded.files[r.fileIndex]?.path}:${r.id}`)) }
    : loaded;
  if (how.writes) checkContextGuard(state);
  const owner = resolveOwner(options, state.environmentName, deps);
  // Depths from every selected release: a tick narrowed to some (reconcile --watch) labels them as a full one would.
  const depths = needsDepths(loaded);
  const helm = await createHelmClient(options, state, deps, deps.interrupt);
  const kubectl = options.kubectlBinary || 'kubectl';
  const ids = runIds(state);
  // `needs` name releases of the same file by their state id.
  const runIdsOfFile = new Map<number, Map<string, string>>();
  for (const x of state.selected) {
    if (!runIdsOfFile.has(x.fileIndex)) runIdsOfFile.set(x.fileIndex, new Map());
    runIdsOfFile.get(x.fileIndex)!.set(x.id, ids.get(x)!);
  }
  const releases: RunRelease[] = state.selected.map((release) => {
    const file = state.files[release.fileIndex]!;
    const sameFile = runIdsOfFile.get(release.fileIndex)!;
    return {
      id: ids.get(release)!,
      release,
      file,
      needs: release.needs.map((n) => sameFile.get(n)).filter((n): n is string => n !== undefined),
      defaults: toHelmDefaults(file.helmDefaults),
      helmRelease: toHelmRelease(release, { ref: release.chart, version: release.version, local: false, hasChartYaml: false }, file.kubeVersion, file.apiVersions),
      secretValues: [],
      depth: depths.get(release) ?? 0,
    };
  });
  const byId = new Map(releases.map((r) => [r.id, r]));
  const cleanups: (() => void)[] = [];
  let charts: ReturnType<typeof openChartResolver> | undefined;
  const hasher = new ContentHasher(deps.fs);
  const renderAll = async (toRender: RunRelease[]): Promise<void> => {
    charts ??= openChartResolver(options, state, helm, deps);
    const prepared = await prepareCharts(
      toRender.map((r) => r.release),
      state,
      helm,
      charts,
      options,
      deps,
    );
    prepared.forEach((p, i) => {
      const r = toRender[i]!;
      r.chart = p.chart;
      r.helmRelease = toHelmRelease(r.release, p.chart, r.file.kubeVersion, r.file.apiVersions);
    });
    await runPool(
      toRender.map((r) => ({
        title: `render ${r.id}`,
        run: async () => {
          await renderRelease(r, state, helm, options, deps, cleanups, how.valuesOverlay);
          r.inputsDigest = releaseInputsDigest(r, helm, options, deps, hasher, (r.record?.revision ?? 0) + 1);
        },
      })),
      renderConcurrency(options),
    );
  };
  const run: PreparedRun = {
    state,
    owner,
    helm,
    kubectl,
    releases,
    byId,
    mask: (text) => maskAll(text, releases),
    kubeTarget: kubeTargetResolver(options.kubeconfig, deps),
    dispose: () => {
      if (!options.skipCleanup) for (const c of cleanups) c();
      charts?.dispose?.();
    },
    renderSkipped: async (ids) => {
      const skipped = releases.filter((r) => r.fastPath && ids.has(r.id));
      for (const r of skipped) r.fastPath = false;
      if (skipped.length) await renderAll(skipped);
    },
  };
  try {
    const observed = await observeReleases(
      releases.map((r) => ({ id: r.id, release: ref(r) })),
      observeOptions(run, options, deps),
    );
    for (const r of releases) {
      r.record = observed.get(r.id)?.record;
      if (r.record) r.secretValues = secretStringsOfManifest(r.record.manifest, r);
    }
    if (!how.render) return run;
    await how.beforeRender?.(run);
    let toRender = releases.filter((r) => r.release.installed);
    if (how.fastPath && !how.valuesOverlay?.size) {
      // Its own resolver, which adds no repositories to helm: charts are resolved from
      // indexes, registries and the cache. Releases that render get Helmfile's `helm repo add`.
      const resolver = openChartResolver(options, state, helm, deps, { syncRepos: false });
      cleanups.push(() => resolver.dispose?.());
      toRender = await fastPathReleases(toRender, { state, helm, charts: resolver, options, deps, cleanups, hasher });
    }
    await renderAll(toRender);
    return run;
  } catch (e) {
    run.dispose();
    throw e;
  }
}

/** Each release's depth in its own file's `needs` graph. */
function needsDepths(state: LoadedState): Map<Release, number> {
  const out = new Map<Release, number>();
  for (const f of state.files) {
    const byId = new Map(f.releases.map((r) => [r.id, r]));
    const lv = levels(f.releases.map((r) => r.id), (id) => byId.get(id)?.needs ?? []);
    for (const r of f.releases) out.set(r, lv.get(r.id) ?? 0);
  }
  return out;
}

/** The release as src/cluster and src/diff name it. */
export function ref(r: RunRelease): { name: string; namespace: string; kubeContext?: string } {
  return { name: r.release.name, namespace: r.release.namespace, ...(r.release.kubeContext ? { kubeContext: r.release.kubeContext } : {}) };
}

/** Options for src/cluster's observeReleases. */
export function observeOptions(run: PreparedRun, options: ClusterRunOptions, deps: Deps) {
  return {
    runner: deps.runner,
    kubectl: run.kubectl,
    helm: run.helm.binary,
    kubeconfig: options.kubeconfig,
    driver: deps.env.HELM_DRIVER,
    onWarning: (m: string) => deps.logger.warn(m),
    describeContext: run.kubeTarget,
    sleep: (ms: number) => deps.clock.sleep(ms),
  };
}

/** Reads live objects (and fresh records) for every rendered release. */
export async function observeLive(run: PreparedRun, options: ClusterRunOptions, deps: Deps, flags: { includeTests?: boolean; noHooks?: boolean } = {}): Promise<Map<string, Observed>> {
  return observeReleases(
    run.releases.map((r) => ({ id: r.id, release: ref(r), ...(r.manifest !== undefined ? { desiredManifest: r.manifest } : {}) })),
    {
      ...observeOptions(run, options, deps),
      readLive: true,
      liveInOneCall: true,
      // Nothing was rendered since the records were read (fast path): no second read of them.
      skipRecords: run.releases.every((r) => r.fastPath || !r.release.installed),
      ...flags,
    },
  );
}

/** Render concurrency: `--concurrency`, else one helm per CPU (0 = unlimited). */
export function renderConcurrency(options: Pick<ClusterRunOptions, 'concurrency'>): number {
  return options.concurrency ?? availableParallelism();
}

/** Builds the release's values files (temp files removed by `cleanups`) into `r.values`. */
export async function buildValues(r: RunRelease, state: LoadedState, options: ClusterRunOptions, deps: Deps, cleanups: (() => void)[], overlay?: ReadonlyMap<string, string>): Promise<void> {
  const { release } = r;
  const values = await buildReleaseValues(release, state, deps, { merge: false });
  cleanups.push(() => values.cleanup());
  checkRenderInputs(release, options, deps);
  r.secretValues = [...new Set([...r.secretValues, ...values.secretValues])].sort();
  r.values = toHelmValues(values, release.baseDir, options.values, options.set);
  if (overlay?.size && r.values.files.some((f) => overlay.has(f))) {
    const dir = deps.fs.mkdtemp('helmsync-overlay-');
    cleanups.push(() => deps.fs.remove(dir));
    r.values = {
      ...r.values,
      files: r.values.files.map((f, i) => {
        const text = overlay.get(f);
        if (text === undefined) return f;
        const p = join(dir, `${i}-${basename(f)}`);
        deps.fs.writeFile(p, text, { mode: 0o600 });
        return p;
      }),
    };
  }
}

/** The `helm template` input of a release, as diff/sync/apply render it. */
export function templateInput(r: RunRelease, options: ClusterRunOptions) {
  return {
    release: r.helmRelease,
    defaults: r.defaults,
    values: r.values!,
    cli: {
      // Render as helm upgrade will: `.Release.IsUpgrade` for an installed release.
      ...renderCliFlags(options),
      isUpgrade: Boolean(r.record && r.record.status !== 'uninstalled'),
    },
  };
}

async function renderRelease(r: RunRelease, state: LoadedState, helm: HelmClient, options: ClusterRunOptions, deps: Deps, cleanups: (() => void)[], overlay?: ReadonlyMap<string, string>): Promise<void> {
  if (!r.values) await buildValues(r, state, options, deps, cleanups, overlay);
  try {
    r.manifest = await helm.template(templateInput(r, options), { cwd: r.release.baseDir });
  } catch (e) {
    throw explainTemplateFailure(e, { release: r.release, environment: r.file.environment.name });
  }
  r.secretValues = [...new Set([...r.secretValues, ...secretStringsOfManifest(r.manifest, r)])].sort();
}

/**
 * Shorter Secret values are not searched for in other text: a Secret holding
 * `admin` would otherwise mask every string containing it.
 */
export const MIN_MASKED_SECRET_LENGTH = 8;

/** Values of the Secret objects of a manifest (stringData as is, data decoded), long enough to search for. */
export function secretStringsOfManifest(manifest: string, r: Pick<RunRelease, 'release'>): string[] {
  const out = new Set<string>();
  let objs;
  try {
    objs = parseManifest(manifest, { defaultNamespace: r.release.namespace });
  } catch {
    return [];
  }
  for (const o of objs) {
    if (o.key.kind !== 'Secret' || o.key.group !== '') continue;
    const add = (v: unknown, b64: boolean): void => {
      if (typeof v !== 'string') return;
      const s = b64 ? Buffer.from(v, 'base64').toString('utf8') : v;
      if (s.length >= MIN_MASKED_SECRET_LENGTH) out.add(s);
      if (b64 && v.length >= MIN_MASKED_SECRET_LENGTH) out.add(v);
    };
    for (const v of Object.values((o.object.stringData as Record<string, unknown>) ?? {})) add(v, false);
    for (const v of Object.values((o.object.data as Record<string, unknown>) ?? {})) add(v, true);
  }
  return [...out];
}

function maskAll(text: string, releases: readonly RunRelease[]): string {
  const all = [...new Set(releases.flatMap((r) => r.secretValues))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of all) out = out.split(s).join('<secret>');
  return out;
}
