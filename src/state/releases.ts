/**
 * From a loaded file's release specs to {@link Release} objects (state_exec_tmpl.go
 * ExecuteTemplates, state.go ApplyOverrides and markExcludedReleases): templates inherited,
 * helmDefaults.kubeContext / commonLabels / apiVersions / kubeVersion applied, release
 * templates rendered, CLI overrides, automatic labels, ids and needs.
 */
import { UserError } from '../errors/index.js';
import type { LoadedFile } from './load-file.js';
import { applyInheritance } from './inherit.js';
import { normalizeNeed, releaseId } from './needs.js';
import { executeReleaseTemplates, type ReleaseTemplateContext } from './release-template.js';
import type { TemplateRenderer } from './renderer.js';
import { environmentData } from './template-data.js';
import type { Release, ReleaseSpec, StateSpec } from './types.js';

/** Overrides and services release building needs. */
export interface ReleaseBuildContext {
  renderer: () => TemplateRenderer;
  envName: string;
  namespaceOverride: string;
  kubeContextOverride: string;
  chartOverride: string;
  fileIndex: number;
}

/** Helmfile's condition: a values path ending in `.enabled` that is true, or literal true/false. */
export function evaluateCondition(condition: string | undefined, values: Record<string, unknown>, release: string): boolean {
  if (condition === undefined || condition === '') return true;
  if (condition === 'true') return true;
  if (condition === 'false') return false;
  if (!condition.endsWith('.enabled')) {
    throw new UserError(`Condition must be in the form of a values path ending in ".enabled", got "${condition}"`, { release });
  }
  let cur: unknown = values;
  for (const seg of condition.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return false;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur === true;
}

/** A release's identity as written (before --namespace/--kube-context overrides): what `needs` refer to. */
export interface DeclaredIdentity {
  id: string;
  name: string;
  namespace: string;
  kubeContext: string;
}

/** Builds the releases of one file, in file order, with their declared identities. */
export function buildReleases(file: LoadedFile, spec: StateSpec, ctx: ReleaseBuildContext): { releases: Release[]; declared: DeclaredIdentity[] } {
  const declared: DeclaredIdentity[] = [];
  const templates = spec.templates ?? {};
  const hd = spec.helmDefaults ?? {};
  const common = spec.commonLabels ?? {};
  // State-level `namespace:`/`kubeContext:`/`chart:` act like the CLI flags, which they conflict with.
  const conflict = (flag: string, attr: keyof StateSpec, cli: string): string => {
    const st = spec[attr] as string | undefined;
    if (cli && st) throw new UserError(`Cannot use option --${flag} and set attribute ${attr}`, { location: { file: file.display }, hint: `remove ${attr}: from the state file or the --${flag} flag` });
    return cli || st || '';
  };
  const nsOverride = conflict('namespace', 'namespace', ctx.namespaceOverride);
  const kcOverride = conflict('kube-context', 'kubeContext', ctx.kubeContextOverride);
  const chartOverride = conflict('chart', 'chart', ctx.chartOverride);
  const defaultKubeContext = hd.kubeContext || file.env.kubeContext;
  const envData = environmentData(ctx.envName, file.env.kubeContext, file.values, nsOverride);

  const releases = (spec.releases ?? []).map((raw, index): Release => {
    const pos = file.positions.get(raw) ?? { file: file.display, absFile: file.absPath };
    let r: ReleaseSpec = applyInheritance(raw, templates, spec.defaultInherit, pos);
    r = { ...r, labels: { ...(r.labels ?? {}), ...common } };
    if (!r.kubeContext && defaultKubeContext) r.kubeContext = defaultKubeContext;
    if (!r.apiVersions?.length && spec.apiVersions?.length) r.apiVersions = [...spec.apiVersions];
    if (!r.kubeVersion && spec.kubeVersion) r.kubeVersion = spec.kubeVersion;
    if (!r.chart && r.directory) r.chart = r.directory;
    const tctx: ReleaseTemplateContext = {
      renderer: ctx.renderer,
      env: envData,
      kubeContextOverride: kcOverride,
      chartOverride,
      basePath: file.dir,
      helpers: file.helpers,
      file: file.display,
      location: pos,
    };
    r = executeReleaseTemplates(tctx, r);
    if (!r.name) {
      throw new UserError('release has no name', { location: pos, hint: 'every entry of releases: needs name:' });
    }
    const declaredNs = r.namespace ?? '';
    const declaredKc = r.kubeContext ?? '';
    declared.push({ id: releaseId(declaredKc, declaredNs, r.name), name: r.name, namespace: declaredNs, kubeContext: declaredKc });
    // `needs` name releases as declared; normalised before the overrides move namespaces.
    if (r.needs) r.needs = r.needs.map((n) => normalizeNeed(n, { namespace: declaredNs }));
    if (nsOverride) r.namespace = nsOverride;
    if (kcOverride) r.kubeContext = kcOverride;
    if (chartOverride) r.chart = chartOverride;
    const name = r.name;
    const namespace = r.namespace ?? '';
    const chart = r.chart ?? '';
    const kubeContext = r.kubeContext ?? '';
    const chartLabel = chart.split('/').pop() ?? '';
    r.labels = { ...(r.labels ?? {}), name, namespace, chart: chartLabel };
    return {
      id: releaseId(kubeContext, namespace, name),
      name,
      namespace,
      chart,
      version: r.version ?? '',
      kubeContext,
      installed: r.installed ?? true,
      enabled: evaluateCondition(r.condition, file.values, name),
      matched: true,
      labels: r.labels,
      needs: [],
      spec: r,
      source: pos,
      baseDir: file.dir,
      fileIndex: ctx.fileIndex,
      index,
    };
  });
  return { releases, declared };
}
