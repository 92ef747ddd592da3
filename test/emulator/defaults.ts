/**
 * What the real server does to every object because it passes through Go
 * structs (T8, §4 MUST 11): nulls and empty omitempty maps/lists vanish,
 * Secret stringData folds into data, and the scheme defaults are filled in.
 * Defaulting must be idempotent: `kubectl diff` compares a dry-run result
 * with the stored object and must see no change for an unchanged manifest.
 */
import type { ResourceType } from './registry.js';
import { invalid, badRequest } from './status.js';
import { isObj, type Obj } from './util.js';

/** Map-typed fields that Go omits when empty. */
const OMIT_EMPTY_MAPS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'nodeSelector', 'matchLabels', 'limits', 'requests']);

/** Drop nulls and empty omitempty values, recursively. */
export function normalize(v: unknown, custom: boolean, key = ''): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map((x) => normalize(x, custom));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    const n = normalize(x, custom, k);
    if (!custom) {
      if (Array.isArray(n) && n.length === 0) continue;
      if (OMIT_EMPTY_MAPS.has(k) && isObj(n) && Object.keys(n).length === 0) continue;
    }
    out[k] = n;
  }
  void key;
  return out;
}

function podTemplateDefaults(tpl: Obj | undefined, restartPolicy = 'Always'): void {
  if (!isObj(tpl)) return;
  const spec = (tpl.spec ??= {});
  spec.restartPolicy ??= restartPolicy;
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const list of ['containers', 'initContainers']) {
    for (const c of (spec[list] as Obj[] | undefined) ?? []) {
      if (!isObj(c)) continue;
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      if (c.imagePullPolicy === undefined) {
        const img = String(c.image ?? '');
        const tag = img.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(img)?.[1] ?? 'latest');
        c.imagePullPolicy = tag === 'latest' ? 'Always' : 'IfNotPresent';
      }
      c.resources ??= {};
      for (const p of (c.ports as Obj[] | undefined) ?? []) if (isObj(p)) p.protocol ??= 'TCP';
      for (const e of (c.env as Obj[] | undefined) ?? []) {
        const fr = e?.valueFrom?.fieldRef;
        if (isObj(fr)) fr.apiVersion ??= 'v1';
      }
    }
  }
}

let nextIp = 10;

function allocateIp(): string {
  const n = nextIp++;
  return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/**
 * Fill in scheme defaults for built-in kinds. `old` is the stored object on
 * an update, so allocated values (clusterIP, nodePorts) survive.
 */
export function applyDefaults(obj: Obj, rt: ResourceType, old?: Obj): void {
  const spec = obj.spec as Obj | undefined;
  switch (rt.kind) {
    case 'Secret': {
      obj.type ??= 'Opaque';
      if (isObj(obj.stringData)) {
        obj.data ??= {};
        for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete obj.stringData;
      }
      break;
    }
    case 'Namespace': {
      const name = obj.metadata?.name;
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
      obj.spec = { finalizers: ['kubernetes'], ...(isObj(obj.spec) ? obj.spec : {}) };
      if (!Array.isArray(obj.spec.finalizers) || obj.spec.finalizers.length === 0) obj.spec.finalizers = ['kubernetes'];
      obj.status = { phase: 'Active', ...(isObj(old?.status) ? old!.status : {}) };
      break;
    }
    case 'Deployment': {
      if (!spec) break;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= {};
      spec.strategy.type ??= 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
        spec.strategy.rollingUpdate.maxSurge ??= '25%';
      }
      podTemplateDefaults(spec.template);
      break;
    }
    case 'ReplicaSet':
      if (spec) {
        spec.replicas ??= 1;
        podTemplateDefaults(spec.template);
      }
      break;
    case 'StatefulSet': {
      if (!spec) break;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= { type: 'RollingUpdate' };
      if (spec.updateStrategy.type === 'RollingUpdate') spec.updateStrategy.rollingUpdate ??= { partition: 0 };
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      podTemplateDefaults(spec.template);
      break;
    }
    case 'DaemonSet': {
      if (!spec) break;
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= { type: 'RollingUpdate' };
      if (spec.updateStrategy.type === 'RollingUpdate') spec.updateStrategy.rollingUpdate ??= { maxUnavailable: 1, maxSurge: 0 };
      podTemplateDefaults(spec.template);
      break;
    }
    case 'Job': {
      if (!spec) break;
      spec.backoffLimit ??= 6;
      spec.completions ??= 1;
      spec.parallelism ??= 1;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.manualSelector ??= undefined;
      delete spec.manualSelector;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      podTemplateDefaults(spec.template, 'Never');
      break;
    }
    case 'CronJob': {
      if (!spec) break;
      spec.concurrencyPolicy ??= 'Allow';
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      podTemplateDefaults(spec.jobTemplate?.spec?.template, 'Never');
      break;
    }
    case 'Pod':
      podTemplateDefaults(obj);
      break;
    case 'Service': {
      if (!spec) break;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.type !== 'ExternalName') {
        const oldIp = old?.spec?.clusterIP;
        if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = oldIp ?? allocateIp();
        spec.clusterIPs ??= old?.spec?.clusterIPs ?? [spec.clusterIP];
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
      }
      const oldPorts = (old?.spec?.ports as Obj[] | undefined) ?? [];
      for (const p of (spec.ports as Obj[] | undefined) ?? []) {
        if (!isObj(p)) continue;
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
          p.nodePort ??= oldPorts.find((o) => o.port === p.port)?.nodePort ?? 30000 + (nextIp++ % 2000);
        }
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
      break;
    }
    case 'PersistentVolumeClaim':
      if (spec) spec.volumeMode ??= 'Filesystem';
      break;
    case 'CustomResourceDefinition':
      if (spec) {
        spec.conversion ??= { strategy: 'None' };
        for (const v of (spec.versions as Obj[] | undefined) ?? []) v.served ??= true;
      }
      break;
  }
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/** Validation the real server would do for names and Secret data (422 / 400). */
export function validate(obj: Obj, rt: ResourceType): void {
  const name = String(obj.metadata?.name ?? '');
  const group = rt.group;
  if (name === '') {
    throw invalid(rt.kind, group, name, [{ field: 'metadata.name', message: 'name or generateName is required', value: '' }]);
  }
  const label = LABEL_NAMED.has(rt.kind);
  const re = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  const max = label ? 63 : 253;
  if (!re.test(name) || name.length > max) {
    const what = label ? 'a lowercase RFC 1123 label' : 'a lowercase RFC 1123 subdomain';
    const msg = label
      ? `${what} must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      : `${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
    throw invalid(rt.kind, group, name, [{ field: 'metadata.name', message: msg, value: name }]);
  }
  if (rt.kind === 'Secret' && isObj(obj.data)) {
    for (const [k, v] of Object.entries(obj.data)) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
        // client-go's JSON decoder fails on []byte fields before validation runs.
        throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${Math.max(0, String(v).search(/[^A-Za-z0-9+/=]/))} (data.${k})`);
      }
    }
  }
}

/** Kinds that carry no metadata.generation. */
const NO_GENERATION = new Set(['ConfigMap', 'Secret', 'Namespace', 'ServiceAccount', 'Pod', 'Endpoints', 'EndpointSlice', 'Event', 'Lease', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'LimitRange', 'ControllerRevision']);

/** Does this kind track generation? */
export function hasGeneration(rt: ResourceType): boolean {
  return !NO_GENERATION.has(rt.kind);
}
