/**
 * Table-driven protobuf decoding for the typed `kubectl create …` commands of
 * kubectl 1.33, which send protobuf bodies (T1: Deployment, Job, CronJob,
 * Service, Role/ClusterRole and bindings, PriorityClass, ResourceQuota, PDB).
 * Field numbers follow k8s.io/api `generated.proto`; the kubectl suite checks
 * each decoded body against `kubectl create … --dry-run=client -o json`.
 * An unknown field number is an error (415), so a gap shows at once instead
 * of silently dropping data.
 */
import { fields, type Field } from './protobuf-wire.js';
import { ApiError } from './status.js';
import type { Obj } from './util.js';

/** A field's type: scalar, a message name, or a map. */
type T = 'string' | 'int' | 'bool' | 'quantity' | 'intOrString' | 'meta' | 'skip' | `msg:${string}` | `map:${'string' | 'quantity'}`;
/** [json name, type, repeated?, keep zero values?] */
type F = [string, T, boolean?, boolean?];
type Schema = Record<number, F>;

const R = true;

const SCHEMAS: Record<string, Schema> = {
  LabelSelector: { 1: ['matchLabels', 'map:string'], 2: ['matchExpressions', 'msg:LabelSelectorRequirement', R] },
  LabelSelectorRequirement: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', R] },
  PodTemplateSpec: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:PodSpec'] },
  PodSpec: {
    2: ['containers', 'msg:Container', R],
    3: ['restartPolicy', 'string'],
    4: ['terminationGracePeriodSeconds', 'int'],
    5: ['activeDeadlineSeconds', 'int'],
    6: ['dnsPolicy', 'string'],
    7: ['nodeSelector', 'map:string'],
    8: ['serviceAccountName', 'string'],
    9: ['serviceAccount', 'string'],
    10: ['nodeName', 'string'],
    11: ['hostNetwork', 'bool'],
    12: ['hostPID', 'bool'],
    13: ['hostIPC', 'bool'],
    15: ['imagePullSecrets', 'msg:LocalObjectReference', R],
    16: ['hostname', 'string'],
    17: ['subdomain', 'string'],
    19: ['schedulerName', 'string'],
    20: ['initContainers', 'msg:Container', R],
  },
  LocalObjectReference: { 1: ['name', 'string'] },
  Container: {
    1: ['name', 'string'],
    2: ['image', 'string'],
    3: ['command', 'string', R],
    4: ['args', 'string', R],
    5: ['workingDir', 'string'],
    6: ['ports', 'msg:ContainerPort', R],
    7: ['env', 'msg:EnvVar', R],
    8: ['resources', 'msg:ResourceRequirements'],
    13: ['terminationMessagePath', 'string'],
    14: ['imagePullPolicy', 'string'],
    16: ['stdin', 'bool'],
    17: ['stdinOnce', 'bool'],
    18: ['tty', 'bool'],
    20: ['terminationMessagePolicy', 'string'],
  },
  ContainerPort: { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] },
  EnvVar: { 1: ['name', 'string'], 2: ['value', 'string'] },
  ResourceRequirements: { 1: ['limits', 'map:quantity'], 2: ['requests', 'map:quantity'] },
  Deployment: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:DeploymentSpec'], 3: ['status', 'skip'] },
  DeploymentSpec: {
    1: ['replicas', 'int', false, true],
    2: ['selector', 'msg:LabelSelector'],
    3: ['template', 'msg:PodTemplateSpec'],
    4: ['strategy', 'msg:DeploymentStrategy'],
    5: ['minReadySeconds', 'int'],
    6: ['revisionHistoryLimit', 'int', false, true],
    7: ['paused', 'bool'],
    9: ['progressDeadlineSeconds', 'int', false, true],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', 'msg:RollingUpdateDeployment'] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'intOrString'], 2: ['maxSurge', 'intOrString'] },
  Job: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:JobSpec'], 3: ['status', 'skip'] },
  JobSpec: {
    1: ['parallelism', 'int', false, true],
    2: ['completions', 'int', false, true],
    3: ['activeDeadlineSeconds', 'int', false, true],
    4: ['selector', 'msg:LabelSelector'],
    5: ['manualSelector', 'bool'],
    6: ['template', 'msg:PodTemplateSpec'],
    7: ['backoffLimit', 'int', false, true],
    8: ['ttlSecondsAfterFinished', 'int', false, true],
    9: ['completionMode', 'string'],
    10: ['suspend', 'bool'],
  },
  CronJob: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:CronJobSpec'], 3: ['status', 'skip'] },
  CronJobSpec: {
    1: ['schedule', 'string'],
    2: ['startingDeadlineSeconds', 'int', false, true],
    3: ['concurrencyPolicy', 'string'],
    4: ['suspend', 'bool'],
    5: ['jobTemplate', 'msg:JobTemplateSpec'],
    6: ['successfulJobsHistoryLimit', 'int', false, true],
    7: ['failedJobsHistoryLimit', 'int', false, true],
    8: ['timeZone', 'string'],
  },
  JobTemplateSpec: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:JobSpec'] },
  Service: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:ServiceSpec'], 3: ['status', 'skip'] },
  ServiceSpec: {
    1: ['ports', 'msg:ServicePort', R],
    2: ['selector', 'map:string'],
    3: ['clusterIP', 'string'],
    4: ['type', 'string'],
    5: ['externalIPs', 'string', R],
    7: ['sessionAffinity', 'string'],
    8: ['loadBalancerIP', 'string'],
    9: ['loadBalancerSourceRanges', 'string', R],
    10: ['externalName', 'string'],
    11: ['externalTrafficPolicy', 'string'],
    12: ['healthCheckNodePort', 'int'],
    13: ['publishNotReadyAddresses', 'bool'],
  },
  ServicePort: { 1: ['name', 'string'], 2: ['protocol', 'string'], 3: ['port', 'int'], 4: ['targetPort', 'intOrString'], 5: ['nodePort', 'int'], 6: ['appProtocol', 'string'] },
  Role: { 1: ['metadata', 'meta'], 2: ['rules', 'msg:PolicyRule', R] },
  ClusterRole: { 1: ['metadata', 'meta'], 2: ['rules', 'msg:PolicyRule', R], 3: ['aggregationRule', 'msg:AggregationRule'] },
  AggregationRule: { 1: ['clusterRoleSelectors', 'msg:LabelSelector', R] },
  PolicyRule: { 1: ['verbs', 'string', R], 2: ['apiGroups', 'string', R], 3: ['resources', 'string', R], 4: ['resourceNames', 'string', R], 5: ['nonResourceURLs', 'string', R] },
  RoleBinding: { 1: ['metadata', 'meta'], 2: ['subjects', 'msg:Subject', R], 3: ['roleRef', 'msg:RoleRef'] },
  ClusterRoleBinding: { 1: ['metadata', 'meta'], 2: ['subjects', 'msg:Subject', R], 3: ['roleRef', 'msg:RoleRef'] },
  Subject: { 1: ['kind', 'string'], 2: ['apiGroup', 'string'], 3: ['name', 'string'], 4: ['namespace', 'string'] },
  RoleRef: { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] },
  PriorityClass: { 1: ['metadata', 'meta'], 2: ['value', 'int', false, true], 3: ['globalDefault', 'bool'], 4: ['description', 'string'], 5: ['preemptionPolicy', 'string'] },
  ResourceQuota: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:ResourceQuotaSpec'], 3: ['status', 'skip'] },
  ResourceQuotaSpec: { 1: ['hard', 'map:quantity'], 2: ['scopes', 'string', R] },
  PodDisruptionBudget: { 1: ['metadata', 'meta'], 2: ['spec', 'msg:PodDisruptionBudgetSpec'], 3: ['status', 'skip'] },
  PodDisruptionBudgetSpec: { 1: ['minAvailable', 'intOrString'], 2: ['selector', 'msg:LabelSelector'], 3: ['maxUnavailable', 'intOrString'], 4: ['unhealthyPodEvictionPolicy', 'string'] },
};

/** Is there a schema for this top-level kind? */
export function hasSchema(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, kind) && SCHEMAS[kind]![1]?.[1] === 'meta';
}

const s = (f: Field): string => (f.value as Buffer).toString('utf8');
const n = (f: Field): number => Number(BigInt.asIntN(64, f.value as bigint));

function mapEntry(f: Field): [string, Buffer | undefined] {
  let k = '';
  let v: Buffer | undefined;
  for (const e of fields(f.value as Buffer)) {
    if (e.no === 1) k = s(e);
    if (e.no === 2) v = e.value as Buffer;
  }
  return [k, v];
}

function quantity(b: Buffer | undefined): string {
  for (const f of fields(b ?? Buffer.alloc(0))) if (f.no === 1) return s(f);
  return '';
}

function intOrString(b: Buffer): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (const f of fields(b)) {
    if (f.no === 1) type = n(f);
    if (f.no === 2) intVal = n(f);
    if (f.no === 3) strVal = s(f);
  }
  return type === 1 ? strVal : intVal;
}

/** Decode one message by its schema; `meta` decodes an ObjectMeta. */
export function decodeBySchema(name: string, buf: Buffer, meta: (b: Buffer) => Obj = () => ({})): Obj {
  const schema = SCHEMAS[name];
  if (!schema) throw new ApiError(415, 'UnsupportedMediaType', `emulator: no protobuf schema for ${name}`);
  const out: Obj = {};
  for (const f of fields(buf)) {
    const def = schema[f.no];
    // gogo-proto writes every non-pointer field, set or not; an unknown field
    // holding only a zero value ("" / 0 / false / empty message) says nothing.
    if (!def && (f.wire === 0 ? (f.value as bigint) === 0n : (f.value as Buffer).length === 0)) continue;
    if (!def) throw new ApiError(415, 'UnsupportedMediaType', `emulator: protobuf field ${f.no} of ${name} is not in the emulator's schema; send JSON or extend protobuf-schema.ts`);
    const [key, type, repeated, keepZero] = def;
    let v: unknown;
    if (type === 'skip') continue;
    if (type === 'string') v = s(f);
    else if (type === 'int') v = n(f);
    else if (type === 'bool') v = n(f) !== 0;
    else if (type === 'meta') v = meta(f.value as Buffer);
    else if (type === 'intOrString') v = intOrString(f.value as Buffer);
    else if (type === 'quantity') v = quantity(f.value as Buffer);
    else if (type.startsWith('map:')) {
      const [k, raw] = mapEntry(f);
      (out[key] ??= {})[k] = type === 'map:quantity' ? quantity(raw) : (raw ?? Buffer.alloc(0)).toString('utf8');
      continue;
    } else v = decodeBySchema(type.slice(4), f.value as Buffer, meta);
    // gogo-proto writes unset scalars as ""/0/false; only pointer fields keep a zero.
    if (!repeated && !keepZero && (v === '' || v === 0 || v === false)) continue;
    if (repeated) (out[key] ??= []).push(v);
    else out[key] = v;
  }
  return out;
}
