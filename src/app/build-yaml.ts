/**
 * `build` output in Helmfile's shape: the Go `HelmState` struct marshalled by
 * go-yaml, so keys come in struct-field order (state.go `ReleaseSetSpec`,
 * `ReleaseSpec`), maps (labels, values) with sorted keys, and zero-valued
 * `omitempty` fields left out. Pure: data in, YAML text out.
 */
import { stringify } from 'yaml';
import { maskSecretLeaves, maskSecretStrings, secretStringsOf } from '../diff/secret-mask.js';
import type { LoadedStateFile, Release } from '../state/types.js';

/** `ReleaseSpec` field order in Helmfile (pkg/state/state.go). */
const RELEASE_KEYS = [
  'chart', 'chartPath', 'directory', 'version', 'verify', 'keyring', 'enableDNS', 'devel', 'wait', 'waitRetries', 'waitForJobs',
  'timeout', 'recreatePods', 'force', 'installed', 'atomic', 'cleanupOnFail', 'historyMax', 'condition', 'createNamespace',
  'disableOpenAPIValidation', 'disableValidation', 'disableValidationOnInstall', 'missingFileHandler', 'needs', 'hooks',
  'name', 'namespace', 'labels', 'values', 'secrets', 'set', 'setString', 'valuesTemplate', 'setTemplate', 'apiVersions',
  'kubeVersion', 'env', 'valuesPathPrefix', 'kubeContext', 'insecureSkipTLSVerify', 'plainHttp', 'verifyTemplate',
  'waitTemplate', 'installedTemplate', 'dependencies', 'jsonPatches', 'strategicMergePatches', 'transformers', 'adopt',
  'forceGoGetter', 'forceNamespace', 'skipDeps', 'skipRefresh', 'postRenderer', 'skipSchemaValidation', 'postRendererArgs',
  'cascade', 'suppressOutputLineRegex', 'inherit', 'suppressDiff', 'deleteWait', 'deleteTimeout', 'trackMode',
  'trackTimeout', 'trackLogs', 'trackFailedLogs', 'trackKinds', 'skipKinds', 'trackResources', 'kubedogQPS',
  'kubedogBurst', 'trackFailOnError', 'helmStuckGrace',
];

/** `ReleaseSetSpec` order; `templates` has no omitempty (always printed). */
const STATE_KEYS = [
  'helmBinary', 'kustomizeBinary', 'values', 'environments', 'bases', 'helmDefaults', 'helmfiles', 'kubeContext',
  'namespace', 'chart', 'repositories', 'commonLabels', 'releases', 'apiVersions', 'kubeVersion', 'hooks', 'templates',
  'missingFileHandler', 'missingFileHandlerConfig', 'lockFilePath',
];

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** Go marshals maps with sorted keys. */
function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function ordered(obj: Record<string, unknown>, order: string[], keep: (k: string) => boolean = () => false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...order, ...Object.keys(obj).filter((k) => !order.includes(k)).sort()];
  for (const k of keys) {
    if (!(k in obj)) continue;
    const v = obj[k];
    if (isEmpty(v) && !keep(k)) continue;
    // A struct (release spec) keeps its field order; plain maps are sorted.
    out[k] = k === 'labels' || k === 'values' || k === 'valuesTemplate' || k === 'secrets' ? sortDeep(v) : v;
  }
  return out;
}

export function releaseForBuild(r: Release): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(r.spec as Record<string, unknown>), name: r.name, namespace: r.namespace, chart: r.chart, labels: r.labels };
  if (r.version) spec.version = r.version;
  if (r.needs.length) spec.needs = (r.spec.needs ?? r.needs);
  // Labels are always printed: Helmfile adds name/namespace/chart even when namespace is "".
  return ordered(spec, RELEASE_KEYS, (k) => k === 'labels');
}

export interface BuildDocOptions {
  /** Replace values file references with their content (`--embed-values`). */
  embedValues?: boolean;
  /** go-yaml v2 style (`HELMFILE_GO_YAML_V3=false`): sequences not indented under keys. */
  yamlV2?: boolean;
  /** Strings secret sources produced while loading (vals references in templates): masked. */
  secretStrings?: readonly string[];
}

/** One `---` document for one state file. */
export function buildDocument(file: LoadedStateFile, releases: Release[], opts: BuildDocOptions = {}): string {
  const spec = file.spec as Record<string, unknown>;
  const state: Record<string, unknown> = {
    ...spec,
    helmBinary: file.helmBinary ?? spec.helmBinary ?? 'helm',
    kustomizeBinary: file.kustomizeBinary ?? spec.kustomizeBinary ?? 'kustomize',
    environments: spec.environments ? Object.fromEntries(Object.entries(spec.environments as object).map(([k, v]) => [k, v ?? {}])) : undefined,
    // Release fields rendered from decrypted environment secrets are masked too.
    releases: maskSecretStrings(releases.map(releaseForBuild), [...secretStringsOf(file.environment.secrets ?? {}), ...(opts.secretStrings ?? [])]),
    templates: spec.templates ?? {},
  };
  const body = {
    filepath: file.filePath,
    ...ordered(state, STATE_KEYS, (k) => k === 'templates'),
    // Decrypted environment secrets are never printed (Helmfile prints them in clear).
    renderedvalues: sortDeep(maskSecretStrings(maskSecretLeaves(file.environment.values ?? {}, file.environment.secrets), [...(opts.secretStrings ?? [])]) as Record<string, unknown>),
  };
  const yaml = stringify(body, { lineWidth: 0, blockQuote: 'literal', indentSeq: !opts.yamlV2 });
  return `---\n#  Source: ${file.absPath}\n\n${yaml}`;
}
