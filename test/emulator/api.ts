/**
 * The API semantics behind the HTTP routes: create, update, patch (merge,
 * JSON, strategic, apply), delete with garbage collection and namespace
 * cascade, the scale subresource, server-managed metadata (uid, timestamps,
 * resourceVersion, generation), `dryRun=All` and writable managedFields.
 */
import { applyDefaults, hasGeneration, normalize, validate } from './defaults.js';
import { checkLease, isLease, unconditionalUpdate } from './leases.js';
import { parseManaged, recordUpdate, renderManaged, type ManagedEntry } from './managed-fields.js';
import { jsonPatch, mergePatch } from './patch-json.js';
import { strategicMergePatch } from './patch-strategic.js';
import { apiVersionOf, type Registry, type ResourceType } from './registry.js';
import { selectorToString } from './selectors.js';
import { serverSideApply } from './ssa.js';
import { ApiError, alreadyExists, badRequest, namespaceTerminating, notFound, rvConflict, unsupportedMediaType } from './status.js';
import type { Store, Stored } from './store.js';
import { canonical, clone, deepEqual, isObj, nowRfc3339, randomSuffix, uuid, type Obj } from './util.js';

/** Query options of a write. */
export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  force?: boolean;
  /** Manager name derived from the User-Agent when fieldManager is absent. */
  defaultManager?: string;
}

/** A write's result: HTTP code and the object as returned. */
export interface WriteResult {
  code: number;
  object: Obj;
}

/** Namespaces a fresh cluster has. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** API operations over a store. */
export class Api {
  constructor(
    readonly store: Store,
    readonly registry: Registry,
  ) {}

  private nsType(): ResourceType {
    return this.registry.find('', 'v1', 'namespaces')!;
  }

  /** Seed the namespaces every cluster has. */
  seed(): void {
    for (const name of SYSTEM_NAMESPACES) {
      if (!this.store.get(this.nsType(), '', name)) this.create(this.nsType(), '', { metadata: { name } }, {});
    }
  }

  private requireNamespace(rt: ResourceType, ns: string, name: string): void {
    if (!rt.namespaced) return;
    const nsObj = this.store.get(this.nsType(), '', ns);
    if (!nsObj) throw notFound('namespaces', '', ns);
    if (nsObj.obj.metadata.deletionTimestamp) throw namespaceTerminating(rt.resource, rt.group, name, ns);
  }

  /** Bring a written object into stored shape: identity, normalisation, defaults, generation. */
  private prepare(rt: ResourceType, ns: string, obj: Obj, old: Stored | undefined, sub?: string): Obj {
    obj.apiVersion = apiVersionOf(rt);
    obj.kind = rt.kind;
    obj.metadata = isObj(obj.metadata) ? obj.metadata : {};
    if (rt.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    delete obj.metadata.managedFields;
    const hasStatusSub = rt.subresources.includes('status');
    if (old) {
      const o = old.obj;
      obj.metadata.uid = o.metadata.uid;
      obj.metadata.creationTimestamp = o.metadata.creationTimestamp;
      obj.metadata.name = o.metadata.name;
      // Once set, deletion marks stay; only the finalizers decide when the object goes.
      if (o.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = o.metadata.deletionTimestamp;
        obj.metadata.deletionGracePeriodSeconds = o.metadata.deletionGracePeriodSeconds;
      } else {
        delete obj.metadata.deletionTimestamp;
        delete obj.metadata.deletionGracePeriodSeconds;
      }
      if (sub !== 'status' && hasStatusSub) {
        if (o.status !== undefined) obj.status = clone(o.status);
        else delete obj.status;
      }
    } else if (hasStatusSub && rt.kind !== 'Namespace' && sub !== 'status') delete obj.status;
    const n = normalize(obj, !!rt.custom) as Obj;
    n.metadata ??= {};
    applyDefaults(n, rt, old?.obj);
    validate(n, rt);
    if (hasGeneration(rt)) {
      const strip = (x: Obj): string => canonical({ ...x, metadata: undefined, status: undefined, apiVersion: undefined, kind: undefined });
      const prev = Number(old?.obj.metadata.generation ?? 0);
      n.metadata.generation = !old ? 1 : strip(old.obj) !== strip(n) ? prev + 1 : prev || 1;
    } else delete n.metadata.generation;
    return n;
  }

  /** Render without storing (dryRun=All). */
  private dry(rt: ResourceType, obj: Obj, managed: ManagedEntry[], old?: Stored): Obj {
    const o = clone(obj);
    o.metadata.resourceVersion = old?.obj.metadata.resourceVersion ?? '';
    const mf = renderManaged(managed);
    if (mf.length) o.metadata.managedFields = mf;
    o.apiVersion = apiVersionOf(rt);
    return o;
  }

  /** POST. */
  create(rt: ResourceType, ns: string, body: Obj, opts: WriteOptions): WriteResult {
    if (!isObj(body)) throw badRequest('the body of the request is not a JSON object');
    if (isLease(rt)) checkLease(body);
    this.requireNamespace(rt, ns, String(body.metadata?.name ?? body.metadata?.generateName ?? ''));
    const obj = clone(body);
    obj.metadata = isObj(obj.metadata) ? obj.metadata : {};
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    if (obj.metadata.name && this.store.get(rt, ns, obj.metadata.name)) throw alreadyExists(rt.resource, rt.group, obj.metadata.name);
    obj.metadata.uid = uuid();
    obj.metadata.creationTimestamp = nowRfc3339();
    delete obj.metadata.resourceVersion;
    const given = obj.metadata.managedFields;
    const n = this.prepare(rt, ns, obj, undefined);
    const ctx = { kind: rt.kind, custom: rt.custom };
    const manager = opts.fieldManager ?? opts.defaultManager ?? 'unknown';
    const managed = Array.isArray(given) && given.length ? parseManaged(given) : recordUpdate([], undefined, n, manager, undefined, apiVersionOf(rt), ctx);
    if (opts.dryRun) return { code: 201, object: this.dry(rt, n, managed) };
    return { code: 201, object: this.store.write(rt, n, managed) };
  }

  private existing(rt: ResourceType, ns: string, name: string): Stored {
    const s = this.store.get(rt, ns, name);
    if (!s) throw notFound(rt.resource, rt.group, name);
    return s;
  }

  /**
   * Commit a changed object: precondition on resourceVersion, explicit
   * managedFields replace the ownership (T12), otherwise an Update is recorded.
   */
  private commitUpdate(rt: ResourceType, ns: string, old: Stored, next: Obj, opts: WriteOptions, sub?: string): WriteResult {
    const name = old.obj.metadata.name;
    const rv = next.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && String(rv) !== String(old.obj.metadata.resourceVersion)) throw rvConflict(rt.resource, rt.group, name);
    const current = renderManaged(old.managed);
    const given = next.metadata?.managedFields;
    const n = this.prepare(rt, ns, next, old, sub);
    const ctx = { kind: rt.kind, custom: rt.custom };
    let managed: ManagedEntry[];
    if (given !== undefined && !deepEqual(given, current)) managed = parseManaged(given);
    else managed = recordUpdate(old.managed, old.obj, n, opts.fieldManager ?? opts.defaultManager ?? 'unknown', sub, apiVersionOf(rt), ctx);
    if (opts.dryRun) return { code: 200, object: this.dry(rt, n, managed, old) };
    const released = this.releaseIfFinalized(rt, n);
    if (released) return released;
    // A no-op write still bumps nothing on a real server.
    if (deepEqual({ ...n, metadata: { ...n.metadata, resourceVersion: undefined } }, { ...old.obj, metadata: { ...old.obj.metadata, resourceVersion: undefined } }) && deepEqual(renderManaged(managed).map((m) => ({ ...m, time: '' })), current.map((m) => ({ ...m, time: '' })))) {
      return { code: 200, object: this.store.render(old, rt) };
    }
    return { code: 200, object: this.store.write(rt, n, managed) };
  }

  /** PUT (main resource or status). */
  update(rt: ResourceType, ns: string, name: string, body: Obj, opts: WriteOptions, sub?: string): WriteResult {
    if (!isObj(body)) throw badRequest('the body of the request is not a JSON object');
    if (body.metadata?.name && body.metadata.name !== name) throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    if (sub === 'scale') return this.updateScale(rt, ns, name, (s) => body.spec?.replicas ?? s, opts);
    if (isLease(rt) && !sub) {
      checkLease(body);
      // Leases: create on update; no update without a resourceVersion (test/emulator/leases.ts).
      if (!this.store.get(rt, ns, name)) return this.create(rt, ns, { ...body, metadata: { ...body.metadata, name } }, opts);
      const rv = body.metadata?.resourceVersion;
      if (rv === undefined || rv === '') throw unconditionalUpdate(name);
    }
    const old = this.existing(rt, ns, name);
    let next = clone(body);
    if (sub === 'status') next = { ...clone(old.obj), status: clone(body.status), metadata: { ...clone(old.obj.metadata), resourceVersion: body.metadata?.resourceVersion } };
    return this.commitUpdate(rt, ns, old, next, opts, sub);
  }

  /** PATCH with any supported content type. */
  patch(rt: ResourceType, ns: string, name: string, contentType: string, body: unknown, opts: WriteOptions, sub?: string): WriteResult {
    const ct = contentType.split(';')[0]!.trim();
    if (ct === 'application/apply-patch+yaml' || ct === 'application/apply-patch+cbor') return this.apply(rt, ns, name, body, opts, sub);
    const patchFn = (target: Obj): Obj => {
      if (ct === 'application/merge-patch+json') return mergePatch(target, body) as Obj;
      if (ct === 'application/json-patch+json') return jsonPatch(target, body) as Obj;
      if (ct === 'application/strategic-merge-patch+json') {
        if (rt.custom) throw unsupportedMediaType(ct);
        return strategicMergePatch(target, body, sub === 'scale' ? 'Scale' : rt.kind);
      }
      throw unsupportedMediaType(ct);
    };
    if (sub === 'scale') {
      const old = this.existing(rt, ns, name);
      const patched = patchFn(this.scaleOf(rt, old));
      return this.updateScale(rt, ns, name, () => patched.spec?.replicas, opts);
    }
    const old = this.existing(rt, ns, name);
    const current = this.store.render(old, rt);
    let next = patchFn(current);
    if (!isObj(next)) throw badRequest('patch result is not an object');
    if (sub === 'status') next = { ...clone(old.obj), status: next.status, metadata: { ...clone(old.obj.metadata), managedFields: next.metadata?.managedFields } };
    // A patch that leaves resourceVersion alone carries the current one: no precondition.
    return this.commitUpdate(rt, ns, old, next, opts, sub);
  }

  /** PATCH application/apply-patch+yaml: server-side apply, creating when absent. */
  private apply(rt: ResourceType, ns: string, name: string, body: unknown, opts: WriteOptions, sub?: string): WriteResult {
    if (!opts.fieldManager) throw badRequest('PATCH requests with apply-patch+yaml require fieldManager');
    if (!isObj(body)) throw badRequest('apply patch body must be an object');
    if (body.metadata?.name && body.metadata.name !== name) throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    const old = this.store.get(rt, ns, name);
    if (!old) this.requireNamespace(rt, ns, name);
    const ctx = { kind: rt.kind, custom: rt.custom };
    const applied = clone(body);
    delete applied.metadata?.managedFields;
    const res = serverSideApply({ live: old?.obj, applied, entries: old?.managed ?? [], manager: opts.fieldManager, force: !!opts.force, apiVersion: apiVersionOf(rt), subresource: sub, ctx });
    const obj = res.obj;
    obj.metadata = isObj(obj.metadata) ? obj.metadata : {};
    obj.metadata.name = name;
    if (!old) {
      obj.metadata.uid = uuid();
      obj.metadata.creationTimestamp = nowRfc3339();
      delete obj.metadata.resourceVersion;
      const n = this.prepare(rt, ns, obj, undefined);
      if (opts.dryRun) return { code: 201, object: this.dry(rt, n, res.entries) };
      return { code: 201, object: this.store.write(rt, n, res.entries) };
    }
    if (applied.metadata?.resourceVersion && String(applied.metadata.resourceVersion) !== String(old.obj.metadata.resourceVersion)) {
      throw rvConflict(rt.resource, rt.group, name);
    }
    obj.metadata.resourceVersion = old.obj.metadata.resourceVersion;
    const n = this.prepare(rt, ns, obj, old, sub);
    if (opts.dryRun) return { code: 200, object: this.dry(rt, n, res.entries, old) };
    const unchanged = deepEqual({ ...n, metadata: { ...n.metadata, resourceVersion: undefined } }, { ...old.obj, metadata: { ...old.obj.metadata, resourceVersion: undefined } });
    const sameOwners = deepEqual(
      renderManaged(res.entries).map((m) => ({ ...m, time: '' })),
      renderManaged(old.managed).map((m) => ({ ...m, time: '' })),
    );
    if (unchanged && sameOwners) return { code: 200, object: this.store.render(old, rt) };
    return this.releaseIfFinalized(rt, n) ?? { code: 200, object: this.store.write(rt, n, res.entries) };
  }

  /** The autoscaling/v1 Scale view of an object (T13). */
  scaleOf(rt: ResourceType, s: Stored): Obj {
    const o = s.obj;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: o.spec?.replicas ?? 0 },
      status: { replicas: o.status?.replicas ?? 0, selector: selectorToString(o.spec?.selector) },
    };
  }

  private updateScale(rt: ResourceType, ns: string, name: string, replicas: (current: number) => unknown, opts: WriteOptions): WriteResult {
    const old = this.existing(rt, ns, name);
    const r = replicas(old.obj.spec?.replicas ?? 0);
    if (typeof r !== 'number' || r < 0) throw badRequest('spec.replicas must be a non-negative integer');
    const next = clone(old.obj);
    next.spec.replicas = r;
    const res = this.commitUpdate(rt, ns, old, next, opts, 'scale');
    const stored = this.store.get(rt, ns, name)!;
    return { code: res.code, object: opts.dryRun ? { ...this.scaleOf(rt, stored), spec: { replicas: r } } : this.scaleOf(rt, stored) };
  }

  /** DELETE: immediate removal, then GC of dependents and namespace contents. */
  delete(rt: ResourceType, ns: string, name: string, options: Obj, dryRun: boolean): WriteResult {
    const old = this.existing(rt, ns, name);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== old.obj.metadata.uid) throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.obj.metadata.uid}`);
    if (pre.resourceVersion && pre.resourceVersion !== old.obj.metadata.resourceVersion) throw rvConflict(rt.resource, rt.group, name);
    if (dryRun) return { code: 200, object: this.store.render(old, rt) };
    const isNamespace = rt.kind === 'Namespace' && !rt.group;
    if (isNamespace || (old.obj.metadata.finalizers ?? []).length > 0) {
      // Graceful: mark for deletion; finalizers (or the namespace controller) finish it.
      if (old.obj.metadata.deletionTimestamp) return { code: 200, object: this.store.render(old, rt) };
      const next = clone(old.obj);
      next.metadata.deletionTimestamp = nowRfc3339();
      next.metadata.deletionGracePeriodSeconds = 0;
      if (isNamespace) next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      return { code: 200, object: this.store.write(rt, next, old.managed) };
    }
    const removed = this.store.remove(rt, ns, name)!;
    this.afterDelete(rt, removed, options.propagationPolicy === 'Orphan' || options.orphanDependents === true);
    return { code: 200, object: removed };
  }

  /** An object marked for deletion whose last finalizer went is removed instead of written. */
  private releaseIfFinalized(rt: ResourceType, n: Obj): WriteResult | undefined {
    if (!n.metadata.deletionTimestamp || (n.metadata.finalizers ?? []).length > 0 || (rt.kind === 'Namespace' && !rt.group)) return undefined;
    const removed = this.store.remove(rt, n.metadata.namespace ?? '', n.metadata.name);
    if (!removed) return undefined;
    this.afterDelete(rt, removed, false);
    return { code: 200, object: removed };
  }

  /**
   * The namespace controller's part of deleting a namespace: delete what is
   * left in it (objects with finalizers only get marked) and remove the
   * namespace once it is empty. Returns true when the namespace is gone.
   */
  finishNamespace(name: string): boolean {
    const nsType = this.nsType();
    const nsObj = this.store.get(nsType, '', name);
    if (!nsObj?.obj.metadata.deletionTimestamp) return false;
    let remaining = 0;
    for (const { rt: t, stored } of [...this.store.entries()]) {
      if (!t.namespaced || stored.obj.metadata.namespace !== name) continue;
      remaining++;
      if (stored.obj.metadata.deletionTimestamp) continue;
      try {
        this.delete(t, name, stored.obj.metadata.name, { propagationPolicy: 'Background' }, false);
      } catch {
        // Already gone through garbage collection of its owner.
      }
    }
    if (remaining > 0 && [...this.store.entries()].some(({ rt: t, stored }) => t.namespaced && stored.obj.metadata.namespace === name)) return false;
    this.store.remove(nsType, '', name);
    return true;
  }

  /** Cascade: namespace contents, CRD instances, ownerReference dependents. */
  private afterDelete(rt: ResourceType, removed: Obj, orphan: boolean): void {
    if (rt.kind === 'Namespace' && !rt.group) {
      const ns = removed.metadata.name;
      for (const { rt: t, stored } of [...this.store.entries()]) {
        if (t.namespaced && stored.obj.metadata.namespace === ns) this.store.remove(t, ns, stored.obj.metadata.name);
      }
      return;
    }
    if (rt.kind === 'CustomResourceDefinition') {
      const spec = removed.spec ?? {};
      for (const { rt: t, stored } of [...this.store.entries()]) {
        if (t.custom && t.group === spec.group && t.resource === spec.names?.plural) this.store.remove(t, stored.obj.metadata.namespace ?? '', stored.obj.metadata.name);
      }
      this.registry.unregisterCrd(removed);
      return;
    }
    const uid = removed.metadata.uid;
    for (const { rt: t, stored } of [...this.store.entries()]) {
      const refs = (stored.obj.metadata.ownerReferences as Obj[] | undefined) ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      const dns = stored.obj.metadata.namespace ?? '';
      if (orphan || refs.length > 1) {
        const next = clone(stored.obj);
        next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        this.store.write(t, next, stored.managed);
        continue;
      }
      const gone = this.store.remove(t, dns, stored.obj.metadata.name);
      if (gone) this.afterDelete(t, gone, false);
    }
  }

  /** Internal write used by the fake controllers (no ownership recorded). */
  internalWrite(rt: ResourceType, obj: Obj): Obj {
    const old = this.store.get(rt, obj.metadata.namespace ?? '', obj.metadata.name);
    if (!old) {
      obj.metadata.uid ??= uuid();
      obj.metadata.creationTimestamp ??= nowRfc3339();
    }
    const n = this.prepare(rt, obj.metadata.namespace ?? '', clone(obj), old, 'status');
    if (old && deepEqual({ ...n, metadata: { ...n.metadata, resourceVersion: undefined } }, { ...old.obj, metadata: { ...old.obj.metadata, resourceVersion: undefined } })) return old.obj;
    return this.store.write(rt, n, old?.managed ?? []);
  }
}
