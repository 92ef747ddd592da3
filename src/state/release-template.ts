/**
 * Release templates (release.go ExecuteTemplateExpressions, state_exec_tmpl.go
 * ExecuteTemplates): `{{ .Release.Name }}` & co. in name, chart, namespace, version,
 * labels, `*Template` booleans, valuesTemplate (prepended to values), values/secrets
 * paths, setTemplate (prepended to set) and needs. Repeated from the original spec with
 * the previous result as `.Release` until stable, at most 6 times.
 */
import { parseDocument } from 'yaml';
import { UserError, type SourceLocation } from '../errors/index.js';
import { clone, isPlainMap, type Plain } from './merge.js';
import type { HelperTemplate, TemplateRenderer } from './renderer.js';
import type { EnvironmentTemplateData, ReleaseTemplateData } from './template-data.js';
import type { ReleaseSpec, SetValue } from './types.js';
import { decodeValuesYaml, encodeValuesYaml } from './values-codec.js';

/** Everything a release template pass needs. */
export interface ReleaseTemplateContext {
  renderer: () => TemplateRenderer;
  env: EnvironmentTemplateData;
  kubeContextOverride: string;
  chartOverride: string;
  basePath: string;
  helpers: HelperTemplate[];
  file: string;
  location?: SourceLocation;
}

const hasTmpl = (s: unknown): boolean => typeof s === 'string' && s.includes('{{');

/** True when some field Helmfile renders contains `{{`: only then is the engine needed. */
export function needsReleaseTemplating(r: ReleaseSpec): boolean {
  if ([r.name, r.chart, r.namespace, r.version, r.waitTemplate, r.installedTemplate, r.verifyTemplate].some(hasTmpl)) return true;
  if (r.installedTemplate !== undefined || r.waitTemplate !== undefined || r.verifyTemplate !== undefined) return true;
  if (r.labels && Object.values(r.labels).some(hasTmpl)) return true;
  if (r.valuesTemplate?.length || r.setTemplate?.length) return true;
  if (r.values?.some(hasTmpl) || r.secrets?.some(hasTmpl) || r.needs?.some(hasTmpl)) return true;
  return false;
}

/** Data for release templates and release `.gotmpl` values files. */
export function releaseData(ctx: Pick<ReleaseTemplateContext, 'env' | 'kubeContextOverride' | 'chartOverride'>, r: ReleaseSpec): ReleaseTemplateData {
  return {
    ...ctx.env,
    KubeContext: ctx.kubeContextOverride,
    Chart: ctx.chartOverride,
    Release: {
      Name: r.name ?? '',
      Namespace: r.namespace ?? '',
      Labels: r.labels ?? {},
      Chart: r.chart ?? '',
      ChartVersion: r.version ?? '',
      KubeContext: r.kubeContext ?? '',
    },
  };
}

function renderOnce(ctx: ReleaseTemplateContext, orig: ReleaseSpec, prev: ReleaseSpec): ReleaseSpec {
  const data = releaseData(ctx, prev);
  const name = orig.name ?? '';
  const render = (text: string, field: string): string => {
    if (!text.includes('{{')) return text;
    try {
      return ctx.renderer().render(text, data, { name: `${ctx.file} release "${name}".${field}`, basePath: ctx.basePath, helpers: ctx.helpers });
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`failed executing template expressions in release "${name}".${field} = "${text}": ${(e as Error).message}`, {
        ...(ctx.location ? { location: ctx.location } : {}),
        release: name,
        cause: e,
      });
    }
  };
  const r = clone(orig);
  for (const f of ['name', 'chart', 'namespace', 'version', 'waitTemplate', 'installedTemplate', 'verifyTemplate'] as const) {
    const v = r[f];
    if (typeof v === 'string') r[f] = render(v, f);
  }
  if (r.labels) for (const [k, v] of Object.entries(r.labels)) r.labels[k] = render(v, `labels[${k}]`);
  if (r.valuesTemplate?.length) {
    r.valuesTemplate = r.valuesTemplate.map((t, i) => {
      if (!isPlainMap(t)) return t;
      const text = encodeValuesYaml(t);
      const out = render(text, `values[${i}]`);
      return out === text ? t : decodeValuesYaml(out, { file: `${ctx.file} release "${name}".valuesTemplate[${i}]` });
    });
    r.values = [...r.valuesTemplate, ...(r.values ?? [])];
  }
  r.values = r.values?.map((v, i) => (typeof v === 'string' ? render(v, `values[${i}]`) : v));
  r.secrets = r.secrets?.map((v, i) => (typeof v === 'string' ? render(v, `secrets[${i}]`) : v));
  if (r.setTemplate?.length) {
    r.setTemplate = r.setTemplate.map((s, i): SetValue => {
      const out: SetValue = { ...s, name: render(s.name, `set[${i}].name`) };
      if (s.value !== undefined) out.value = render(String(s.value), `set[${i}].value`);
      if (s.file !== undefined) out.file = render(s.file, `set[${i}].file`);
      if (s.values) out.values = s.values.map((x, j) => render(String(x), `set[${i}].values[${j}]`));
      return out;
    });
    r.set = [...r.setTemplate, ...(r.set ?? [])];
  }
  if (r.needs) r.needs = r.needs.map((n, i) => render(n, `needs[${i}]`));
  if (r.values === undefined) delete r.values;
  if (r.secrets === undefined) delete r.secrets;
  return r;
}

const stableJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

function parseBool(text: string, field: string, name: string, location?: SourceLocation): boolean {
  const v = parseDocument(text).toJS() as unknown;
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined || text.trim() === '') return false;
  throw new UserError(`failed executing templates in release "${name}": ${field}: cannot unmarshal "${text.trim()}" into bool`, {
    ...(location ? { location } : {}),
    release: name,
  });
}

/**
 * Renders the release templates of one release. Returns the input unchanged when nothing
 * is templated. @throws UserError on template errors or when the pass does not converge.
 */
export function executeReleaseTemplates(ctx: ReleaseTemplateContext, release: ReleaseSpec): ReleaseSpec {
  if (!needsReleaseTemplating(release)) return release;
  let prev = release;
  for (let it = 0; it < 6; it++) {
    const r = renderOnce(ctx, release, prev);
    if (stableJson(r) === stableJson(prev)) {
      return finishBooleans(r, ctx.location);
    }
    prev = r;
  }
  throw new UserError(`failed executing templates in release "${ctx.file}"."${release.name ?? ''}": recursive references can't be resolved`, {
    ...(ctx.location ? { location: ctx.location } : {}),
    release: release.name ?? '',
  });
}

function finishBooleans(r: ReleaseSpec, location?: SourceLocation): ReleaseSpec {
  const name = r.name ?? '';
  const out = r as ReleaseSpec & Plain;
  if (r.installedTemplate !== undefined) {
    out.installed = parseBool(r.installedTemplate, 'installedTemplate', name, location);
    delete out.installedTemplate;
  }
  if (r.waitTemplate !== undefined) {
    out.wait = parseBool(r.waitTemplate, 'waitTemplate', name, location);
    delete out.waitTemplate;
  }
  if (r.verifyTemplate !== undefined) {
    out.verify = parseBool(r.verifyTemplate, 'verifyTemplate', name, location);
    delete out.verifyTemplate;
  }
  return out;
}
