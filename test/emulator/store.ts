/**
 * The object store: one global resourceVersion counter bumped on every write
 * (status writes included), version-agnostic keys (group/resource/ns/name),
 * ownership tables beside the objects, events into the watch hub, change
 * callbacks for the fake controllers, and JSON persistence (`--state`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { entriesFromJson, entriesToJson, renderManaged, type ManagedEntry } from './managed-fields.js';
import { apiVersionOf, type Registry, type ResourceType } from './registry.js';
import { WatchHub } from './watch.js';
import { clone, type Obj } from './util.js';

/** An object with its ownership table. */
export interface Stored {
  obj: Obj;
  managed: ManagedEntry[];
}

/** Called after every committed change. */
export type ChangeListener = (rt: ResourceType, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Obj) => void;

function keyOf(group: string, resource: string, ns: string, name: string): string {
  return `${group}|${resource}|${ns}|${name}`;
}

/** In-memory object store. */
export class Store {
  rv = 1000;
  readonly hub = new WatchHub();
  private objects = new Map<string, Stored>();
  private listeners: ChangeListener[] = [];

  constructor(readonly registry: Registry) {}

  /** Subscribe to committed changes. */
  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  get(rt: ResourceType, ns: string, name: string): Stored | undefined {
    return this.objects.get(keyOf(rt.group, rt.resource, rt.namespaced ? ns : '', name));
  }

  /** Objects of one resource, optionally in one namespace, sorted like etcd (by key). */
  list(rt: ResourceType, ns?: string): Stored[] {
    const prefix = `${rt.group}|${rt.resource}|`;
    const out: Stored[] = [];
    for (const [k, v] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (ns && rt.namespaced && v.obj.metadata?.namespace !== ns) continue;
      out.push(v);
    }
    return out.sort((a, b) => {
      const ka = `${a.obj.metadata?.namespace ?? ''}/${a.obj.metadata?.name}`;
      const kb = `${b.obj.metadata?.namespace ?? ''}/${b.obj.metadata?.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  /** Every stored object with its type (dump, namespace cascade, GC). */
  *entries(): Generator<{ rt: ResourceType; stored: Stored }> {
    for (const [k, v] of this.objects) {
      const [group, resource] = k.split('|');
      const rt = this.registry.anyVersion(group!, resource!);
      if (rt) yield { rt, stored: v };
    }
  }

  /** The object as clients see it: with managedFields, in the requested version. */
  render(s: Stored, rt?: ResourceType): Obj {
    const o = clone(s.obj);
    if (rt) o.apiVersion = apiVersionOf(rt);
    const mf = renderManaged(s.managed);
    if (mf.length > 0) o.metadata.managedFields = mf;
    return o;
  }

  /** Commit a create or update: bump the rv, store, publish, notify. */
  write(rt: ResourceType, obj: Obj, managed: ManagedEntry[]): Obj {
    const ns = rt.namespaced ? String(obj.metadata.namespace ?? '') : '';
    const key = keyOf(rt.group, rt.resource, ns, obj.metadata.name);
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    const stored: Stored = { obj: clone(obj), managed };
    this.objects.set(key, stored);
    const rendered = this.render(stored, rt);
    this.hub.publish({ rv: this.rv, type, group: rt.group, resource: rt.resource, namespace: ns, object: rendered });
    for (const l of this.listeners) l(rt, type, rendered);
    return rendered;
  }

  /** Remove an object; returns what was stored (rendered) or undefined. */
  remove(rt: ResourceType, ns: string, name: string): Obj | undefined {
    const key = keyOf(rt.group, rt.resource, rt.namespaced ? ns : '', name);
    const s = this.objects.get(key);
    if (!s) return undefined;
    this.objects.delete(key);
    this.rv++;
    const rendered = this.render(s, rt);
    rendered.metadata.resourceVersion = String(this.rv);
    this.hub.publish({ rv: this.rv, type: 'DELETED', group: rt.group, resource: rt.resource, namespace: rt.namespaced ? ns : '', object: rendered });
    for (const l of this.listeners) l(rt, 'DELETED', rendered);
    return rendered;
  }

  /** Drop everything (test reset). */
  clear(): void {
    this.objects.clear();
    this.hub.clear();
  }

  /** Plain JSON snapshot of the whole store. */
  snapshot(): Obj {
    return {
      rv: this.rv,
      objects: [...this.objects.entries()].map(([key, s]) => ({ key, obj: s.obj, managed: entriesToJson(s.managed) })),
    };
  }

  /** Write the snapshot to a file. */
  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.snapshot()));
  }

  /** Load a snapshot file (CRDs are re-registered by the caller). */
  load(path: string): void {
    const snap = JSON.parse(readFileSync(path, 'utf8')) as Obj;
    this.rv = Number(snap.rv ?? 1000);
    this.objects.clear();
    for (const e of (snap.objects as Obj[]) ?? []) this.objects.set(String(e.key), { obj: e.obj, managed: entriesFromJson(e.managed ?? []) });
  }
}
