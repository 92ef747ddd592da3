/**
 * Merge keys of associative lists in built-in kinds. A real server reads them
 * from the Go structs (`patchMergeKey` for strategic merge patch,
 * `listMapKeys` for server-side apply); this hand-written table covers the
 * fields helm charts use (reference §4 MUST 8 and §6 "SSA is schema-less").
 */

/** How a list field merges. */
export type ListKind =
  | { type: 'map'; smpKey: string; ssaKeys: string[] }
  | { type: 'set' }
  | { type: 'atomic' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * The merge behaviour of the list at `path` (field names from the object
 * root, list positions left out) in an object of `kind`. Custom resources
 * (`custom`) have no schema here, so all their lists are atomic.
 */
export function listKindOf(kind: string, path: string[], custom = false): ListKind {
  if (custom) return { type: 'atomic' };
  const field = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  if (path.length === 2 && path[0] === 'metadata') {
    if (field === 'finalizers') return { type: 'set' };
    if (field === 'ownerReferences') return { type: 'map', smpKey: 'uid', ssaKeys: ['uid'] };
    if (field === 'managedFields') return { type: 'atomic' };
  }
  if (CONTAINER_LISTS.has(field)) return { type: 'map', smpKey: 'name', ssaKeys: ['name'] };
  switch (field) {
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return { type: 'map', smpKey: 'name', ssaKeys: ['name'] };
    case 'volumeMounts':
      return { type: 'map', smpKey: 'mountPath', ssaKeys: ['mountPath'] };
    case 'volumeDevices':
      return { type: 'map', smpKey: 'devicePath', ssaKeys: ['devicePath'] };
    case 'hostAliases':
      return { type: 'map', smpKey: 'ip', ssaKeys: ['ip'] };
    case 'conditions':
      return { type: 'map', smpKey: 'type', ssaKeys: ['type'] };
    case 'topologySpreadConstraints':
      return { type: 'map', smpKey: 'topologyKey', ssaKeys: ['topologyKey', 'whenUnsatisfiable'] };
    case 'ports':
      if (path.some((p) => CONTAINER_LISTS.has(p))) return { type: 'map', smpKey: 'containerPort', ssaKeys: ['containerPort', 'protocol'] };
      if (kind === 'Service' && parent === 'spec') return { type: 'map', smpKey: 'port', ssaKeys: ['port', 'protocol'] };
      return { type: 'atomic' };
    default:
      return { type: 'atomic' };
  }
}

/** Key values of a list item for SSA (`protocol` defaults to TCP like the schema default). */
export function ssaKeyOf(item: Record<string, unknown>, keys: string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    let v = item[k];
    if (v === undefined && k === 'protocol') v = 'TCP';
    if (v === undefined) return undefined;
    out[k] = v;
  }
  return out;
}

/** Struct and map fields that server-side apply treats as one atomic value. */
const ATOMIC_STRUCTS = new Set([
  // metav1.LabelSelector is `+structType=atomic`; Service.spec.selector is `+mapType=atomic`.
  'selector',
  'podSelector',
  'namespaceSelector',
  'labelSelector',
  // Object references in env sources are `+structType=atomic`.
  'configMapKeyRef',
  'secretKeyRef',
  'fieldRef',
  'resourceFieldRef',
]);

/** Is the map at `path` atomic for server-side apply (owned and replaced as a whole)? */
export function isAtomicStruct(path: string[], custom = false): boolean {
  if (custom || path.length < 2) return false;
  return ATOMIC_STRUCTS.has(path[path.length - 1]!);
}
