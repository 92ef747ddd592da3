/**
 * Parses a rendered or stored helm manifest (multi-document YAML, as
 * `helm template` prints it and as helm stores it in the release record) into
 * keyed objects. Empty documents and `# Source:` comments carry no object;
 * the comment is kept as the object's `source` for display.
 */
import { parseAllDocuments, type Tags } from 'yaml';
import { UserError } from '../errors/index.js';
import type { ResourceKey } from './types.js';

/** A plain JSON-like object (what YAML mappings parse to). */
export type JsonObject = { [key: string]: unknown };

export interface ManifestObject {
  key: ResourceKey;
  /** {@link resourceId} of `key`. */
  id: string;
  object: JsonObject;
  /** Template path from a `# Source: chart/templates/x.yaml` comment. */
  source?: string;
  /** Value of the `helm.sh/hook` annotation, when the object is a hook. */
  hook?: string;
}

export interface ParseManifestOptions {
  /** Namespace given to objects whose manifest sets none (helm's `--namespace`). */
  defaultNamespace: string;
  /** Named in errors, e.g. `release demo/web (stored manifest)`. */
  origin?: string;
}

/** Splits an apiVersion into its group (`''` for core `v1`) and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The identity used to match desired, stored and live objects. The version is
 * left out on purpose: moving `apps/v1beta2` → `apps/v1` is the same object.
 */
export function resourceId(key: Pick<ResourceKey, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * How helm and kubectl read YAML: sigs.k8s.io/yaml over go-yaml v2, i.e.
 * YAML 1.1 scalars (`0644` is octal 420, `yes`/`on` are booleans) but
 * timestamps and sexagesimal numbers stay strings. Parsing charts as YAML 1.2
 * would make `defaultMode: 0644` read 644 and look like drift from the 420
 * the server holds.
 */
const GO_YAML_V2_IGNORED = new Set(['tag:yaml.org,2002:timestamp']);
export const K8S_YAML = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => typeof t === 'string' ? t !== 'timestamp' : !GO_YAML_V2_IGNORED.has(t.tag) && !('format' in t && t.format === 'TIME')),
};

// yaml hands comments over without their leading `#`.

const SOURCE_RE = /^\s*Source:\s*(.+?)\s*$/m;

/** Parses every object of a manifest. Throws a UserError on YAML that does not parse. */
export function parseManifest(text: string, opts: ParseManifestOptions): ManifestObject[] {
  const out: ManifestObject[] = [];
  const docs = parseAllDocuments(text, { ...K8S_YAML, uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new UserError(`cannot parse manifest${opts.origin ? ` of ${opts.origin}` : ''}: ${e.message}`, {
        hint: 'the chart renders invalid YAML; run `helm template` on it to see the document',
      });
    }
    const value: unknown = doc.toJS({ maxAliasCount: 10000 });
    if (value === null || value === undefined) continue;
    const contentsComment = doc.contents && 'commentBefore' in doc.contents ? doc.contents.commentBefore : undefined;
    const comment = [doc.commentBefore, contentsComment].filter((c): c is string => typeof c === 'string').join('\n');
    const source = SOURCE_RE.exec(comment)?.[1];
    addObject(out, value, opts, source);
  }
  return out;
}

function addObject(out: ManifestObject[], value: unknown, opts: ParseManifestOptions, source: string | undefined): void {
  if (!isJsonObject(value)) {
    throw new UserError(`manifest${opts.origin ? ` of ${opts.origin}` : ''} holds a document that is not an object`, {
      hint: 'every YAML document of a chart must be one Kubernetes object',
    });
  }
  const kind = typeof value.kind === 'string' ? value.kind : '';
  // kubectl and helm-diff flatten `kind: List` (and `FooList`) documents.
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    for (const item of value.items) addObject(out, item, opts, source);
    return;
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  const meta = isJsonObject(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!kind || !apiVersion || !name) {
    throw new UserError(
      `manifest${opts.origin ? ` of ${opts.origin}` : ''} holds an object without apiVersion, kind or metadata.name` +
        (source ? ` (${source})` : ''),
      { hint: 'check the template that renders it' },
    );
  }
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : opts.defaultNamespace;
  const { group } = splitApiVersion(apiVersion);
  const key: ResourceKey = { apiVersion, group, kind, namespace, name };
  const annotations = isJsonObject(meta.annotations) ? meta.annotations : {};
  const hook = typeof annotations['helm.sh/hook'] === 'string' ? (annotations['helm.sh/hook'] as string) : undefined;
  out.push({ key, id: resourceId(key), object: value, ...(source ? { source } : {}), ...(hook ? { hook } : {}) });
}

/** Test hooks are only compared with `includeTests` (as helm-diff's `--include-tests`). */
export function isTestHook(hook: string | undefined): boolean {
  if (!hook) return false;
  return hook.split(',').some((h) => ['test', 'test-success', 'test-failure'].includes(h.trim()));
}
