/**
 * Decoder for the protobuf request bodies helm 3/4 and kubectl 1.33 send
 * (T1): the `k8s\0` envelope, `runtime.Unknown`, and the message types
 * Secret, ConfigMap, Namespace, ServiceAccount, DeleteOptions with ObjectMeta.
 * kubectl 1.33's typed `create deployment|job|service|…` bodies decode through
 * the schema table in protobuf-schema.ts; other kinds get a 415 naming the kind. Field numbers
 * are those of k8s.io/api and k8s.io/apimachinery `generated.proto`.
 * gogo-proto writes empty strings and zeros, so those are dropped.
 */
import { ApiError } from './status.js';
import type { Obj } from './util.js';

import { fields, type Field } from './protobuf-wire.js';
import { decodeBySchema, hasSchema } from './protobuf-schema.js';

const str = (f: Field): string => (f.value as Buffer).toString('utf8');
const num = (f: Field): number => Number(BigInt.asIntN(64, f.value as bigint));

function mapEntry(f: Field): [string, Buffer] {
  let k = '';
  let v: Buffer = Buffer.alloc(0);
  for (const e of fields(f.value as Buffer)) {
    if (e.no === 1) k = str(e);
    if (e.no === 2) v = e.value as Buffer;
  }
  return [k, v];
}

function time(buf: Buffer): string {
  let seconds = 0;
  for (const f of fields(buf)) if (f.no === 1) seconds = num(f);
  return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

function ownerRef(buf: Buffer): Obj {
  const o: Obj = {};
  const names: Record<number, string> = { 1: 'kind', 3: 'name', 4: 'uid', 5: 'apiVersion' };
  for (const f of fields(buf)) {
    if (names[f.no]) o[names[f.no]!] = str(f);
    if (f.no === 6) o.controller = num(f) !== 0;
    if (f.no === 7) o.blockOwnerDeletion = num(f) !== 0;
  }
  return o;
}

function managedEntry(buf: Buffer): Obj {
  const o: Obj = {};
  const names: Record<number, string> = { 1: 'manager', 2: 'operation', 3: 'apiVersion', 6: 'fieldsType', 8: 'subresource' };
  for (const f of fields(buf)) {
    if (names[f.no]) o[names[f.no]!] = str(f);
    if (f.no === 4) o.time = time(f.value as Buffer);
    if (f.no === 7) for (const r of fields(f.value as Buffer)) if (r.no === 1) o.fieldsV1 = JSON.parse(str(r));
  }
  return o;
}

/** ObjectMeta (name=1 … managedFields=17). */
export function decodeObjectMeta(buf: Buffer): Obj {
  const m: Obj = {};
  const strings: Record<number, string> = { 1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion' };
  for (const f of fields(buf)) {
    if (strings[f.no]) {
      const s = str(f);
      if (s !== '') m[strings[f.no]!] = s;
    } else if (f.no === 7) {
      if (num(f) !== 0) m.generation = num(f);
    } else if (f.no === 8) m.creationTimestamp = time(f.value as Buffer);
    else if (f.no === 9) m.deletionTimestamp = time(f.value as Buffer);
    else if (f.no === 10) m.deletionGracePeriodSeconds = num(f);
    else if (f.no === 11 || f.no === 12) {
      const key = f.no === 11 ? 'labels' : 'annotations';
      const [k, v] = mapEntry(f);
      (m[key] ??= {})[k] = v.toString('utf8');
    } else if (f.no === 13) (m.ownerReferences ??= []).push(ownerRef(f.value as Buffer));
    else if (f.no === 14) (m.finalizers ??= []).push(str(f));
    else if (f.no === 17) (m.managedFields ??= []).push(managedEntry(f.value as Buffer));
  }
  // creationTimestamp of the zero time means "unset".
  if (m.creationTimestamp === '1970-01-01T00:00:00Z') delete m.creationTimestamp;
  return m;
}

function decodeSecret(buf: Buffer): Obj {
  const o: Obj = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o.metadata = decodeObjectMeta(f.value as Buffer);
    else if (f.no === 2) {
      const [k, v] = mapEntry(f);
      (o.data ??= {})[k] = v.toString('base64');
    } else if (f.no === 3) {
      if (str(f) !== '') o.type = str(f);
    } else if (f.no === 4) {
      const [k, v] = mapEntry(f);
      (o.stringData ??= {})[k] = v.toString('utf8');
    } else if (f.no === 5) o.immutable = num(f) !== 0;
  }
  return o;
}

function decodeConfigMap(buf: Buffer): Obj {
  const o: Obj = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o.metadata = decodeObjectMeta(f.value as Buffer);
    else if (f.no === 2) {
      const [k, v] = mapEntry(f);
      (o.data ??= {})[k] = v.toString('utf8');
    } else if (f.no === 3) {
      const [k, v] = mapEntry(f);
      (o.binaryData ??= {})[k] = v.toString('base64');
    } else if (f.no === 4) o.immutable = num(f) !== 0;
  }
  return o;
}

function decodeNamespace(buf: Buffer): Obj {
  const o: Obj = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o.metadata = decodeObjectMeta(f.value as Buffer);
    else if (f.no === 2) {
      const fins = fields(f.value as Buffer).filter((x) => x.no === 1).map(str);
      o.spec = fins.length ? { finalizers: fins } : {};
    } else if (f.no === 3) {
      const phase = fields(f.value as Buffer).find((x) => x.no === 1);
      o.status = phase && str(phase) ? { phase: str(phase) } : {};
    }
  }
  return o;
}

function decodeDeleteOptions(buf: Buffer): Obj {
  const o: Obj = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o.gracePeriodSeconds = num(f);
    else if (f.no === 2) {
      const pre: Obj = {};
      for (const p of fields(f.value as Buffer)) {
        if (p.no === 1 && str(p)) pre.uid = str(p);
        if (p.no === 2 && str(p)) pre.resourceVersion = str(p);
      }
      o.preconditions = pre;
    } else if (f.no === 3) o.orphanDependents = num(f) !== 0;
    else if (f.no === 4) {
      if (str(f) !== '') o.propagationPolicy = str(f);
    } else if (f.no === 5) (o.dryRun ??= []).push(str(f));
  }
  return o;
}

/** ServiceAccount: metadata=1, secrets=2 (ObjectReference), imagePullSecrets=3, automountServiceAccountToken=4. */
function decodeServiceAccount(buf: Buffer): Obj {
  const o: Obj = {};
  for (const f of fields(buf)) {
    if (f.no === 1) o.metadata = decodeObjectMeta(f.value as Buffer);
    else if (f.no === 2 || f.no === 3) {
      const ref: Obj = {};
      const names: Record<number, string> = f.no === 2 ? { 1: 'kind', 2: 'namespace', 3: 'name', 4: 'uid', 5: 'apiVersion', 6: 'resourceVersion', 7: 'fieldPath' } : { 1: 'name' };
      for (const r of fields(f.value as Buffer)) if (names[r.no] && str(r) !== '') ref[names[r.no]!] = str(r);
      (o[f.no === 2 ? 'secrets' : 'imagePullSecrets'] ??= []).push(ref);
    } else if (f.no === 4) o.automountServiceAccountToken = num(f) !== 0;
  }
  return o;
}

const DECODERS: Record<string, (b: Buffer) => Obj> = {
  ServiceAccount: decodeServiceAccount,
  Secret: decodeSecret,
  ConfigMap: decodeConfigMap,
  Namespace: decodeNamespace,
  DeleteOptions: decodeDeleteOptions,
};

/** True when a body starts with the protobuf magic `k8s\0`. */
export function isProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body[0] === 0x6b && body[1] === 0x38 && body[2] === 0x73 && body[3] === 0;
}

/** Decode an enveloped protobuf body into the equivalent JSON object. */
export function decodeProtobuf(body: Buffer): Obj {
  if (!isProtobuf(body)) throw new ApiError(400, 'BadRequest', 'protobuf body lacks the k8s\\0 magic prefix');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of fields(body.subarray(4))) {
    if (f.no === 1) {
      for (const t of fields(f.value as Buffer)) {
        if (t.no === 1) apiVersion = str(t);
        if (t.no === 2) kind = str(t);
      }
    } else if (f.no === 2) raw = f.value as Buffer;
  }
  const dec = DECODERS[kind] ?? (hasSchema(kind) ? (b: Buffer) => decodeBySchema(kind, b, decodeObjectMeta) : undefined);
  if (!dec) {
    throw new ApiError(415, 'UnsupportedMediaType', `emulator: protobuf decoding of kind ${JSON.stringify(kind)} (${apiVersion}) is not implemented; send JSON`);
  }
  const obj = dec(raw);
  return { apiVersion: apiVersion || 'v1', kind, ...obj };
}
