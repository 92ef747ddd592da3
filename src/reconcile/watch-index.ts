/**
 * What `reconcile --watch` watches and which releases a change affects
 * (issue 10): the files each release reads (values and secrets files, a
 * local chart's directory), the files every release depends on (releases
 * files, sub-helmfiles, bases, environment values — a change there is a
 * tick for all), and the live objects of each release's manifest, whose
 * kinds and namespaces become API watches. Updated after every tick; a tick
 * for some releases replaces only their entries. Pure.
 */
import { dirname, sep } from 'node:path';
import type { Scope } from './triggers.js';

/** The inputs and objects of one release, as the last tick saw them. */
export interface ReleaseTargets {
  /** Run id (`apps/web`). */
  id: string;
  /** Absolute paths of the files only this release's rendering reads (values, secrets). */
  files: string[];
  /** Absolute path of its local chart directory (every file below it counts). */
  chartDir?: string;
  /** The kube context it is deployed with ('' = the kubeconfig's current one). */
  context: string;
  /** Objects of its manifest (namespace: the release's for objects without one). */
  objects: { apiVersion: string; group: string; kind: string; namespace: string; name: string }[];
}

/** One API watch: a kind in a namespace of a context. */
export interface WatchSpec {
  /** `ctx|ns|apps/v1|Deployment` */
  id: string;
  context: string;
  namespace: string;
  apiVersion: string;
  kind: string;
}

const objectKey = (context: string, group: string, kind: string, namespace: string, name: string) => `${context}|${group}/${kind}/${namespace}/${name}`;
const scopedOut = (context: string, group: string, kind: string, name: string) => `${context}|${group}/${kind}|${name}`;

export class WatchIndex {
  private readonly releases = new Map<string, ReleaseTargets>();
  private shared = new Set<string>();
  private files = new Map<string, Set<string>>();
  private trees = new Map<string, Set<string>>();
  private objects = new Map<string, string>();
  private clusterScoped = new Map<string, string>();

  /**
   * Records what a tick saw. `sharedFiles`: files every release depends on
   * (given on ticks that loaded everything, replacing the previous set).
   * `partial`: the tick was for some releases; the others keep their entries.
   */
  update(releases: readonly ReleaseTargets[], sharedFiles: readonly string[] | undefined, partial: boolean): void {
    if (!partial) this.releases.clear();
    for (const r of releases) this.releases.set(r.id, r);
    if (sharedFiles) this.shared = new Set(sharedFiles);
    this.files = new Map();
    this.trees = new Map();
    this.objects = new Map();
    this.clusterScoped = new Map();
    const add = (m: Map<string, Set<string>>, k: string, id: string) => {
      if (!m.has(k)) m.set(k, new Set());
      m.get(k)!.add(id);
    };
    for (const r of this.releases.values()) {
      for (const f of r.files) add(this.files, f, r.id);
      if (r.chartDir) add(this.trees, r.chartDir, r.id);
      for (const o of r.objects) {
        this.objects.set(objectKey(r.context, o.group, o.kind, o.namespace, o.name), r.id);
        this.clusterScoped.set(scopedOut(r.context, o.group, o.kind, o.name), r.id);
      }
    }
  }

  /** The releases a change of `path` affects; undefined when no release reads it. */
  scopeOfPath(path: string): Scope | undefined {
    if (this.shared.has(path)) return 'all';
    const ids = new Set(this.files.get(path) ?? []);
    for (const [dir, rs] of this.trees) if (path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) for (const id of rs) ids.add(id);
    return ids.size ? ids : undefined;
  }

  /** The release owning a live object, by identity; `namespace` '' for a cluster-scoped object. */
  releaseOfObject(context: string, group: string, kind: string, namespace: string, name: string): string | undefined {
    return namespace === '' ? this.clusterScoped.get(scopedOut(context, group, kind, name)) : this.objects.get(objectKey(context, group, kind, namespace, name));
  }

  /** Directories to watch for the files (their parents), and the chart trees (walked by the caller). */
  directories(): { dirs: string[]; trees: string[] } {
    const dirs = new Set<string>();
    for (const f of [...this.shared, ...this.files.keys()]) dirs.add(dirname(f));
    return { dirs: [...dirs].sort(), trees: [...this.trees.keys()].sort() };
  }

  /** Files (and chart trees) whose change starts a tick. */
  fileCount(): number {
    return new Set([...this.shared, ...this.files.keys()]).size + this.trees.size;
  }

  /** One watch per kind and namespace of each context, sorted by id. */
  watches(): WatchSpec[] {
    const out = new Map<string, WatchSpec>();
    for (const r of this.releases.values()) {
      for (const o of r.objects) {
        const id = `${r.context}|${o.namespace}|${o.apiVersion}|${o.kind}`;
        if (!out.has(id)) out.set(id, { id, context: r.context, namespace: o.namespace, apiVersion: o.apiVersion, kind: o.kind });
      }
    }
    return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/**
 * What of a live object counts as a change worth a tick: everything but
 * status and the metadata the server (or a controller) keeps moving.
 * Two states with the same fingerprint need no tick.
 */
export function objectFingerprint(obj: Record<string, unknown>): string {
  const { status: _status, metadata, ...rest } = obj;
  const m = { ...((metadata as Record<string, unknown>) ?? {}) };
  for (const k of ['resourceVersion', 'managedFields', 'generation', 'uid', 'creationTimestamp', 'selfLink']) delete m[k];
  if (m.annotations && typeof m.annotations === 'object') {
    const a = { ...(m.annotations as Record<string, unknown>) };
    delete a['deployment.kubernetes.io/revision'];
    m.annotations = a;
  }
  return stableJson({ ...rest, metadata: m });
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
