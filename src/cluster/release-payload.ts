/**
 * Decoding helm's release storage. Helm's storage driver
 * (pkg/storage/driver/util.go `encodeRelease`) writes a release as
 * base64(gzip(JSON)); the Secret driver puts that string in `data.release`,
 * which the API then base64-encodes once more, while the ConfigMap driver
 * stores it as is. helm also reads un-gzipped payloads (`decodeRelease`
 * checks the gzip magic), so this does too.
 */
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors/index.js';

/** One revision of a release as helm stored it. */
export interface ReleaseRecord {
  name: string;
  namespace: string;
  revision: number;
  /** `deployed`, `failed`, `superseded`, `pending-install`, `pending-upgrade`, `pending-rollback`, `uninstalling`, `uninstalled`. */
  status: string;
  chart: { name: string; version: string; appVersion?: string };
  /** The user-supplied values of this revision (`helm get values`). */
  config: Record<string, unknown>;
  /** The rendered manifest without hooks (`helm get manifest`). */
  manifest: string;
  /** The hooks' manifests as one multi-document YAML, each headed by `# Source:` (`helm get hooks`). */
  hooksManifest: string;
  description?: string;
  /** RFC 3339 time of the last deploy of this revision. */
  lastDeployed?: string;
  /** Helm 4 writes `ssa` or `csa`; absent for releases helm 3 wrote. */
  applyMethod?: string;
  /**
   * The release's custom labels (`helm upgrade --labels`), as helm keeps them:
   * on the storage object, without helm's own system labels. Read through
   * helm (sql/memory storage) they come from `helm get metadata`, which
   * helm 3.17 does not fill: empty there.
   */
  labels: Record<string, string>;
  /** Where the record was read from. */
  storage: 'secret' | 'configmap' | 'helm';
}

/**
 * Labels helm itself puts on a storage object (helm pkg/storage/driver/util.go
 * `systemLabels`); everything else on it is a custom release label.
 */
export const HELM_SYSTEM_LABELS: readonly string[] = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

/** The custom release labels of a storage object's metadata.labels. */
export function customLabelsOf(labels: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(labels))) {
    if (typeof v === 'string' && !HELM_SYSTEM_LABELS.includes(k)) out[k] = v;
  }
  return out;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** base64 (helm's encoding) → optionally gunzip → JSON. */
export function decodeHelmPayload(encoded: string): unknown {
  const raw = Buffer.from(encoded, 'base64');
  const bytes = GZIP_MAGIC.every((b, i) => raw[i] === b) ? gunzipSync(raw) : raw;
  return JSON.parse(bytes.toString('utf8'));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The hooks of a release JSON as one multi-document manifest. */
export function hooksManifestOf(hooks: unknown): string {
  if (!Array.isArray(hooks)) return '';
  return hooks
    .map((h) => obj(h))
    .filter((h) => typeof h.manifest === 'string')
    .map((h) => `---\n# Source: ${str(h.path) ?? str(h.name) ?? 'hook'}\n${(h.manifest as string).replace(/^---\n/, '')}\n`)
    .join('');
}

/** Maps helm's release JSON (both helm 3 and helm 4 write this shape) to a {@link ReleaseRecord}. */
export function recordFromReleaseJson(json: unknown, storage: ReleaseRecord['storage'], where = 'release storage'): ReleaseRecord {
  const r = obj(json);
  const info = obj(r.info);
  const meta = obj(obj(r.chart).metadata);
  const name = str(r.name);
  const namespace = str(r.namespace);
  const revision = typeof r.version === 'number' ? r.version : Number(r.version);
  if (!name || namespace === undefined || !Number.isInteger(revision)) {
    throw new UserError(`${where} holds a release record without name, namespace or version`, {
      hint: 'the record is not one helm wrote; inspect it with `helm list -A --all`',
    });
  }
  const appVersion = str(meta.appVersion);
  return {
    name,
    namespace,
    revision,
    status: str(info.status) ?? 'unknown',
    chart: { name: str(meta.name) ?? '', version: str(meta.version) ?? '', ...(appVersion ? { appVersion } : {}) },
    config: obj(r.config),
    manifest: str(r.manifest) ?? '',
    hooksManifest: hooksManifestOf(r.hooks),
    ...(str(info.description) ? { description: str(info.description) } : {}),
    ...(str(info.last_deployed) ? { lastDeployed: str(info.last_deployed) } : {}),
    ...(str(r.apply_method) ? { applyMethod: str(r.apply_method) } : {}),
    labels: {},
    storage,
  };
}

/** Decodes one storage object as `kubectl get -o json` prints it (Secret or ConfigMap). */
export function recordFromStorageObject(item: unknown): ReleaseRecord {
  const o = obj(item);
  const kind = str(o.kind) ?? (obj(o.data).release !== undefined && str(o.type) ? 'Secret' : 'ConfigMap');
  const meta = obj(o.metadata);
  const where = `${kind} ${str(meta.namespace) ?? ''}/${str(meta.name) ?? ''}`;
  const payload = str(obj(o.data).release);
  if (payload === undefined) {
    throw new UserError(`${where} is labelled owner=helm but holds no data.release`, { hint: 'remove or relabel the object; helm cannot read it either' });
  }
  try {
    // Secret data arrives base64-encoded by the API on top of helm's own base64.
    const helmEncoded = kind === 'Secret' ? Buffer.from(payload, 'base64').toString('utf8') : payload;
    const record = recordFromReleaseJson(decodeHelmPayload(helmEncoded), kind === 'Secret' ? 'secret' : 'configmap', where);
    return { ...record, labels: customLabelsOf(meta.labels) };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot decode the helm release stored in ${where}: ${(e as Error).message}`, {
      hint: 'the payload is not base64(gzip(JSON)) as helm writes it; `helm history` on the release shows whether helm can read it',
      cause: e,
    });
  }
}

/** Keeps the highest revision of each release (namespace + name). */
export function latestRevisions(records: readonly ReleaseRecord[]): ReleaseRecord[] {
  const best = new Map<string, ReleaseRecord>();
  for (const r of records) {
    const k = `${r.namespace}/${r.name}`;
    const cur = best.get(k);
    if (!cur || r.revision > cur.revision) best.set(k, r);
  }
  return [...best.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
