/**
 * `meta.k8s.io/v1 Table` responses for `Accept: …;as=Table` (kubectl's human
 * output). Columns follow the kube printers for the common kinds; other kinds
 * get Name + Age like a CRD without additionalPrinterColumns.
 */
import type { ResourceType } from './registry.js';
import type { Obj } from './util.js';

/** Media type of Table responses. */
export const TABLE_CT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

type Col = [name: string, type: string, cell: (o: Obj) => unknown, priority?: number];

function age(o: Obj): string {
  const t = Date.parse(o.metadata?.creationTimestamp ?? '');
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - t) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const name: Col = ['Name', 'string', (o) => o.metadata?.name];
const ageCol: Col = ['Age', 'string', age];

function ports(o: Obj): string {
  const ps = (o.spec?.ports as Obj[] | undefined) ?? [];
  if (ps.length === 0) return '<none>';
  return ps.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function podReady(o: Obj): string {
  const cs = (o.status?.containerStatuses as Obj[] | undefined) ?? [];
  const total = ((o.spec?.containers as Obj[] | undefined) ?? []).length;
  return `${cs.filter((c) => c.ready).length}/${total}`;
}

function jobStatus(o: Obj): string {
  const conds = (o.status?.conditions as Obj[] | undefined) ?? [];
  if (conds.some((c) => c.type === 'Complete' && c.status === 'True')) return 'Complete';
  if (conds.some((c) => c.type === 'Failed' && c.status === 'True')) return 'Failed';
  return 'Running';
}

const COLUMNS: Record<string, Col[]> = {
  Deployment: [
    name,
    ['Ready', 'string', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`],
    ['Up-to-date', 'integer', (o) => o.status?.updatedReplicas ?? 0],
    ['Available', 'integer', (o) => o.status?.availableReplicas ?? 0],
    ageCol,
  ],
  ReplicaSet: [
    name,
    ['Desired', 'integer', (o) => o.spec?.replicas ?? 0],
    ['Current', 'integer', (o) => o.status?.replicas ?? 0],
    ['Ready', 'integer', (o) => o.status?.readyReplicas ?? 0],
    ageCol,
  ],
  StatefulSet: [name, ['Ready', 'string', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`], ageCol],
  DaemonSet: [
    name,
    ['Desired', 'integer', (o) => o.status?.desiredNumberScheduled ?? 0],
    ['Current', 'integer', (o) => o.status?.currentNumberScheduled ?? 0],
    ['Ready', 'integer', (o) => o.status?.numberReady ?? 0],
    ['Up-to-date', 'integer', (o) => o.status?.updatedNumberScheduled ?? 0],
    ['Available', 'integer', (o) => o.status?.numberAvailable ?? 0],
    ['Node Selector', 'string', (o) => Object.entries(o.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
    ageCol,
  ],
  Job: [
    name,
    ['Status', 'string', jobStatus],
    ['Completions', 'string', (o) => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`],
    ['Duration', 'string', (o) => (o.status?.completionTime ? '1s' : '')],
    ageCol,
  ],
  Service: [
    name,
    ['Type', 'string', (o) => o.spec?.type ?? 'ClusterIP'],
    ['Cluster-IP', 'string', (o) => o.spec?.clusterIP ?? '<none>'],
    ['External-IP', 'string', (o) => ((o.status?.loadBalancer?.ingress as Obj[] | undefined) ?? []).map((i) => i.ip ?? i.hostname).join(',') || (o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>')],
    ['Port(s)', 'string', ports],
    ageCol,
  ],
  ConfigMap: [name, ['Data', 'integer', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length], ageCol],
  Secret: [name, ['Type', 'string', (o) => o.type ?? 'Opaque'], ['Data', 'integer', (o) => Object.keys(o.data ?? {}).length], ageCol],
  Pod: [
    name,
    ['Ready', 'string', podReady],
    ['Status', 'string', (o) => o.status?.phase ?? 'Pending'],
    ['Restarts', 'string', () => '0'],
    ageCol,
  ],
  Namespace: [name, ['Status', 'string', (o) => o.status?.phase ?? 'Active'], ageCol],
  PersistentVolumeClaim: [name, ['Status', 'string', (o) => o.status?.phase ?? 'Pending'], ageCol],
};

/** Build a Table for these objects; `includeObject=None` drops the row objects. */
export function toTable(rt: ResourceType, objects: Obj[], rv: string, includeObject: string | null): Obj {
  const cols = COLUMNS[rt.kind] ?? [name, ageCol];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: rv },
    columnDefinitions: cols.map(([n, type, , priority]) => ({
      name: n,
      type,
      format: n === 'Name' ? 'name' : '',
      description: n === 'Name' ? 'Name must be unique within a namespace.' : n,
      priority: priority ?? 0,
    })),
    rows: objects.map((o) => {
      const row: Obj = { cells: cols.map(([, , cell]) => cell(o)) };
      if (includeObject !== 'None') {
        row.object =
          includeObject === 'Object'
            ? o
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      }
      return row;
    }),
  };
}
