/**
 * What the differential suite (test/real/differential.test.ts) compares
 * between the emulator and the real control plane: an object reduced to what
 * helm, kubectl and helmsync act on. Identity and timing noise (uid,
 * resourceVersion, timestamps, cluster IPs, generated names' hashes) is
 * dropped; labels, annotations, spec/data, the status fields `--wait` reads
 * and managedFields ownership (manager, operation, subresource, fieldsV1) stay.
 */
import { isDeepStrictEqual } from 'node:util';

type Obj = Record<string, any>;

/** Differences between the two clusters the suite accepts, by path, with the reason (also in test/emulator/README.md). */
export const KNOWN_DIFFERENCES: { path: RegExp; reason: string }[] = [];

const drop = (o: Obj | undefined, keys: string[]): Obj | undefined => {
  if (!o) return o;
  const c = { ...o };
  for (const k of keys) delete c[k];
  return c;
};

/** managedFields as a sorted list of ownership entries (times dropped). */
export function ownership(mf: Obj[] | undefined): Obj[] {
  return (mf ?? [])
    .map((e) => ({ manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource, fieldsType: e.fieldsType, fieldsV1: e.fieldsV1 }))
    .sort((a, b) => `${a.manager}/${a.operation}/${a.subresource ?? ''}`.localeCompare(`${b.manager}/${b.operation}/${b.subresource ?? ''}`));
}

/** Replaces a ReplicaSet/pod template hash (`<name>-<hash>`, pod-template-hash) so both clusters' objects line up. */
export const unhash = (s: string): string => s.replace(/-[a-z0-9]{8,10}(?=$|-[a-z0-9]{5}$)/, '-HASH').replace(/-[a-z0-9]{5}$/, '-RAND');

function conditions(cs: Obj[] | undefined): Obj[] | undefined {
  return cs?.map((c) => ({ type: c.type, status: c.status, reason: c.reason })).sort((a, b) => String(a.type).localeCompare(String(b.type)));
}

/** The comparable form of one object. */
export function comparable(o: Obj): Obj {
  const m = o.metadata ?? {};
  const labels = m.labels ? { ...m.labels } : undefined;
  if (labels?.['pod-template-hash']) labels['pod-template-hash'] = 'HASH';
  const out: Obj = {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {
      name: m.generateName ? `${m.generateName}RAND` : o.kind === 'Pod' || o.kind === 'ReplicaSet' ? unhash(m.name) : m.name,
      namespace: m.namespace,
      labels,
      annotations: m.annotations,
      finalizers: m.finalizers,
      ownerReferences: m.ownerReferences?.map((r: Obj) => ({ apiVersion: r.apiVersion, kind: r.kind, name: unhash(r.name), controller: r.controller, blockOwnerDeletion: r.blockOwnerDeletion })),
      generation: m.generation,
      managedFields: ownership(m.managedFields),
    },
  };
  for (const k of Object.keys(o)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) out[k] = o[k];
  if (o.kind === 'Service' && out.spec) out.spec = drop(out.spec, ['clusterIP', 'clusterIPs']);
  if (o.kind === 'Pod' && out.spec) out.spec = drop(out.spec, ['nodeName']);
  if (o.status) {
    const s: Obj = { ...o.status };
    if (s.conditions) s.conditions = conditions(s.conditions);
    for (const k of ['startTime', 'completionTime', 'podIP', 'podIPs', 'hostIP', 'hostIPs', 'containerStatuses', 'initContainerStatuses', 'qosClass', 'collisionCount', 'loadBalancer', 'uncountedTerminatedPods', 'terminating'])
      delete s[k];
    out.status = s;
  }
  return JSON.parse(JSON.stringify(out)) as Obj;
}

/** Paths (a.b[0].c) where two JSON values differ, each with both sides. */
export function differences(a: unknown, b: unknown, path = ''): { path: string; real: unknown; emulator: unknown }[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return [{ path, real: a, emulator: b }];
    const keys = new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)]);
    return [...keys].flatMap((k) => differences((a as Obj)[k], (b as Obj)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
  }
  return [{ path, real: a, emulator: b }];
}

/** Differences not explained by KNOWN_DIFFERENCES. */
export function unexplained(diffs: { path: string; real: unknown; emulator: unknown }[], known = KNOWN_DIFFERENCES) {
  return diffs.filter((d) => !known.some((k) => k.path.test(d.path)));
}
