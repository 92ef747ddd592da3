/**
 * The resource registry: built-in kinds (about 35) plus those registered by
 * CustomResourceDefinitions. Discovery, OpenAPI, routing and the store all
 * read it, so a CRD shows up everywhere at once (reference §4 MUST 2).
 */
import type { Obj } from './util.js';

/** One served resource (group/version/resource ↔ kind). */
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** `status`, `scale`, `finalize`. */
  subresources: string[];
  /** Served by a CRD (custom resources: merge-patch only, schema-less). */
  custom?: boolean;
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(rt: { group: string; version: string }): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

const N = true;
const C = false;
type Row = [group: string, version: string, resource: string, kind: string, namespaced: boolean, short: string, subs: string, all?: boolean];

// [group, version, resource, Kind, namespaced, shortNames, subresources, in category "all"]
const BUILTINS: Row[] = [
  ['', 'v1', 'configmaps', 'ConfigMap', N, 'cm', ''],
  ['', 'v1', 'secrets', 'Secret', N, '', ''],
  ['', 'v1', 'services', 'Service', N, 'svc', 'status', true],
  ['', 'v1', 'pods', 'Pod', N, 'po', 'status,log', true],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', N, 'sa', ''],
  ['', 'v1', 'endpoints', 'Endpoints', N, 'ep', ''],
  ['', 'v1', 'events', 'Event', N, 'ev', ''],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', N, 'pvc', 'status'],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', N, 'quota', 'status'],
  ['', 'v1', 'limitranges', 'LimitRange', N, 'limits', ''],
  ['', 'v1', 'replicationcontrollers', 'ReplicationController', N, 'rc', 'status,scale', true],
  ['', 'v1', 'namespaces', 'Namespace', C, 'ns', 'status,finalize'],
  ['', 'v1', 'nodes', 'Node', C, 'no', 'status'],
  ['', 'v1', 'persistentvolumes', 'PersistentVolume', C, 'pv', 'status'],
  ['apps', 'v1', 'deployments', 'Deployment', N, 'deploy', 'status,scale', true],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', N, 'rs', 'status,scale', true],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', N, 'sts', 'status,scale', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', N, 'ds', 'status', true],
  ['apps', 'v1', 'controllerrevisions', 'ControllerRevision', N, '', ''],
  ['batch', 'v1', 'jobs', 'Job', N, '', 'status', true],
  ['batch', 'v1', 'cronjobs', 'CronJob', N, 'cj', 'status', true],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', N, 'ing', 'status'],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', N, 'netpol', ''],
  ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', C, '', ''],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', N, '', ''],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', N, '', ''],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', C, '', ''],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', C, '', ''],
  ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', C, 'crd,crds', 'status'],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', N, 'pdb', 'status'],
  ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', N, 'hpa', 'status', true],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', C, 'sc', ''],
  ['coordination.k8s.io', 'v1', 'leases', 'Lease', N, '', ''],
  ['discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', N, '', ''],
  ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', C, 'pc', ''],
  ['authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', C, '', ''],
  ['authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', C, '', ''],
];

function fromRow([group, version, resource, kind, namespaced, short, subs, all]: Row): ResourceType {
  return {
    group,
    version,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: short ? short.split(',') : [],
    categories: all ? ['all'] : [],
    subresources: subs ? subs.split(',') : [],
  };
}

/** Mutable table of served resources; CRDs add and remove entries. */
export class Registry {
  private types: ResourceType[] = BUILTINS.map(fromRow);

  /** Every served resource type, in a stable order. */
  all(): ResourceType[] {
    return this.types;
  }

  /** Group/versions in discovery order (core first). */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const t of this.types) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
    return [...seen.values()];
  }

  /** Resource types of one group/version. */
  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }

  /** Look up by group, version and plural resource name. */
  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  /** Look up by apiVersion + kind (for ownerReferences and store snapshots). */
  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** Any version of a group/resource (storage is version-agnostic). */
  anyVersion(group: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.resource === resource);
  }

  /** Register the served versions of a CRD; replaces earlier registration. */
  registerCrd(crd: Obj): void {
    const spec = crd.spec ?? {};
    const names = spec.names ?? {};
    this.unregisterCrd(crd);
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      const subs: string[] = [];
      if (v.subresources?.status) subs.push('status');
      if (v.subresources?.scale) subs.push('scale');
      this.types.push({
        group: spec.group,
        version: v.name,
        resource: names.plural,
        kind: names.kind,
        singular: names.singular ?? String(names.kind).toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        subresources: subs,
        custom: true,
      });
    }
  }

  /** Drop a CRD's resources. */
  unregisterCrd(crd: Obj): void {
    const spec = crd.spec ?? {};
    this.types = this.types.filter((t) => !(t.custom && t.group === spec.group && t.resource === spec.names?.plural));
  }

  /** Back to the built-ins only. */
  reset(): void {
    this.types = BUILTINS.map(fromRow);
  }
}
