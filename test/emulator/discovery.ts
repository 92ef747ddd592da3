/**
 * Discovery (legacy `/api`, `/apis`, `/apis/{g}`, `/{gv}` and aggregated v2)
 * and the minimal OpenAPI v3 that makes clients trust server-side field
 * validation (T2, §4 MUST 2–3). Aggregated discovery must go out with the
 * exact media type, or kubectl finds no resources (T5).
 */
import { apiVersionOf, type Registry, type ResourceType } from './registry.js';
import { shortHash, type Obj } from './util.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Media type of aggregated discovery responses. */
export const AGGREGATED_CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** `/version` body; gitVersion must be plain semver (T9). */
export function versionInfo(): Obj {
  return {
    major: '1',
    minor: '33',
    gitVersion: 'v1.33.0',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function groupsOf(reg: Registry): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const gv of reg.groupVersions()) {
    if (gv.group === '') continue;
    const vs = groups.get(gv.group) ?? [];
    if (!vs.includes(gv.version)) vs.push(gv.version);
    groups.set(gv.group, vs);
  }
  return groups;
}

function apiGroup(name: string, versions: string[]): Obj {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

/** `/api`. */
export function legacyApi(host: string): Obj {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
}

/** `/apis`. */
export function legacyApis(reg: Registry): Obj {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groupsOf(reg)].map(([g, vs]) => apiGroup(g, vs)) };
}

/** `/apis/{group}`, or undefined for an unknown group. */
export function legacyGroup(reg: Registry, group: string): Obj | undefined {
  const vs = groupsOf(reg).get(group);
  return vs ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, vs) } : undefined;
}

function subVerbs(sub: string): string[] {
  if (sub === 'finalize') return ['update'];
  if (sub === 'log') return ['get'];
  return ['get', 'patch', 'update'];
}

function subKind(rt: ResourceType, sub: string): { group?: string; version?: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { kind: rt.kind };
}

/** `/api/v1` or `/apis/{g}/{v}`, or undefined when not served. */
export function resourceList(reg: Registry, group: string, version: string): Obj | undefined {
  const types = reg.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const resources: Obj[] = [];
  for (const t of types) {
    const r: Obj = { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: VERBS };
    if (t.shortNames.length) r.shortNames = t.shortNames;
    if (t.categories.length) r.categories = t.categories;
    resources.push(r);
    for (const sub of t.subresources) {
      resources.push({ name: `${t.resource}/${sub}`, singularName: '', namespaced: t.namespaced, ...subKind(t, sub), verbs: subVerbs(sub) });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

function aggResource(t: ResourceType): Obj {
  const r: Obj = {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: VERBS,
  };
  if (t.shortNames.length) r.shortNames = t.shortNames;
  if (t.categories.length) r.categories = t.categories;
  if (t.subresources.length) {
    r.subresources = t.subresources.map((sub) => {
      const k = subKind(t, sub);
      return { subresource: sub, responseKind: { group: k.group ?? t.group, version: k.version ?? t.version, kind: k.kind }, verbs: subVerbs(sub) };
    });
  }
  return r;
}

/** Aggregated discovery for `/api` (core) or `/apis` (everything else). */
export function aggregated(reg: Registry, core: boolean): Obj {
  const items: Obj[] = [];
  if (core) {
    items.push({ metadata: { name: '' }, versions: [{ version: 'v1', resources: reg.inGroupVersion('', 'v1').map(aggResource), freshness: 'Current' }] });
  } else {
    for (const [g, vs] of groupsOf(reg)) {
      items.push({ metadata: { name: g }, versions: vs.map((v) => ({ version: v, resources: reg.inGroupVersion(g, v).map(aggResource), freshness: 'Current' })) });
    }
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** OpenAPI v3 document of one group/version: one PATCH operation per resource. */
export function openapiDoc(reg: Registry, group: string, version: string): Obj | undefined {
  const types = reg.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const paths: Obj = {};
  for (const t of types) {
    const base = `/${gvPath(group, version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}/{name}`;
    paths[base] = {
      patch: {
        'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
        'x-kubernetes-action': 'patch',
        parameters: [
          { name: 'fieldValidation', in: 'query', description: 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.0' }, paths, components: { schemas: {} } };
}

/** `/openapi/v3` root, with content hashes so clients can cache. */
export function openapiRoot(reg: Registry): Obj {
  const paths: Obj = {};
  for (const gv of reg.groupVersions()) {
    const doc = openapiDoc(reg, gv.group, gv.version);
    const hash = shortHash(JSON.stringify(doc), 16).toUpperCase();
    paths[gvPath(gv.group, gv.version)] = { serverRelativeURL: `/openapi/v3/${gvPath(gv.group, gv.version)}?hash=${hash}` };
  }
  return { paths };
}
