/**
 * What a reconciler must be allowed to touch, read off the rendered manifests
 * of its releases (pure): per namespace the group/resource pairs the releases
 * create there, and the cluster-scoped ones. Kinds map to their REST resource
 * names as the API server names them (lower-case plural); CustomResourceDefinitions
 * rendered alongside give the plural and scope of their own kinds.
 */
import { parseAllDocuments } from 'yaml';

/** `group/resource` ('' group for the core API), e.g. `apps/deployments`, `/secrets`. */
export type GroupResource = string;

export interface TargetResources {
  /** Namespace → group/resources written there. */
  namespaced: Map<string, Set<GroupResource>>;
  /** Cluster-scoped group/resources. */
  cluster: Set<GroupResource>;
}

/** Kinds of the built-in APIs that are not namespaced (kubectl api-resources --namespaced=false). */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'networking.k8s.io/IngressClass',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'certificates.k8s.io/CertificateSigningRequest',
]);

/** Kinds whose resource name is not the regular plural. */
const IRREGULAR: Record<string, string> = { Endpoints: 'endpoints', PodSecurityPolicy: 'podsecuritypolicies' };

/** The resource name the API server serves a kind under (its lower-case plural). */
export function resourceOf(kind: string): string {
  if (IRREGULAR[kind]) return IRREGULAR[kind]!;
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');

interface Doc {
  apiVersion?: string;
  kind?: string;
  metadata?: { namespace?: string };
  spec?: { group?: string; scope?: string; names?: { kind?: string; plural?: string } };
}

/** One release's rendered manifests (helm template output) and the namespace helm installs it into. */
export interface RenderedRelease {
  namespace: string;
  manifests: string;
}

/** The group/resources the releases write, by namespace and cluster-wide. */
export function targetResources(releases: readonly RenderedRelease[]): TargetResources {
  const docs: { doc: Doc; namespace: string }[] = [];
  for (const r of releases) {
    for (const d of parseAllDocuments(r.manifests)) {
      const doc = d.toJS() as Doc | null;
      if (doc && typeof doc === 'object' && doc.kind && doc.apiVersion) docs.push({ doc, namespace: r.namespace });
    }
  }
  // Custom resources: the CRDs rendered with them say their plural and scope.
  const crds = new Map<string, { plural: string; cluster: boolean }>();
  for (const { doc } of docs) {
    if (doc.kind === 'CustomResourceDefinition' && doc.spec?.group && doc.spec.names?.kind && doc.spec.names.plural) {
      crds.set(`${doc.spec.group}/${doc.spec.names.kind}`, { plural: doc.spec.names.plural, cluster: doc.spec.scope === 'Cluster' });
    }
  }
  const out: TargetResources = { namespaced: new Map(), cluster: new Set() };
  for (const { doc, namespace } of docs) {
    const group = groupOf(doc.apiVersion!);
    const crd = crds.get(`${group}/${doc.kind}`);
    const resource = crd?.plural ?? resourceOf(doc.kind!);
    const clusterScoped = crd ? crd.cluster : CLUSTER_SCOPED.has(`${group}/${doc.kind}`);
    if (clusterScoped) {
      out.cluster.add(`${group}/${resource}`);
      continue;
    }
    const ns = doc.metadata?.namespace || namespace;
    if (!out.namespaced.has(ns)) out.namespaced.set(ns, new Set());
    out.namespaced.get(ns)!.add(`${group}/${resource}`);
  }
  return out;
}
