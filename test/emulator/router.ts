/**
 * Request routing for the resource API: path parsing (`/api/v1/...`,
 * `/apis/{g}/{v}/...`, namespaced vs cluster-scoped, subresources), list and
 * watch with selectors, Table output, and the write verbs delegated to Api.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Api, WriteOptions } from './api.js';
import { AGGREGATED_CT, aggregated, legacyApi, legacyApis, legacyGroup, openapiDoc, openapiRoot, resourceList, versionInfo } from './discovery.js';
import type { Faults } from './faults.js';
import { decodeProtobuf, isProtobuf } from './protobuf.js';
import { apiVersionOf, type Registry, type ResourceType } from './registry.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { ApiError, badRequest, methodNotAllowed, notFound } from './status.js';
import type { Store } from './store.js';
import { TABLE_CT, toTable } from './table.js';
import { isObj, type Obj } from './util.js';

/** A response to send (JSON unless `raw`). */
export interface Reply {
  code: number;
  body?: unknown;
  contentType?: string;
  /** The response was already written (watch). */
  streamed?: boolean;
}

/** Everything the router needs from the emulator. */
export interface RouterDeps {
  api: Api;
  store: Store;
  registry: Registry;
  faults: Faults;
  aggregatedDiscovery: boolean;
}

const NOT_FOUND = new ApiError(404, 'NotFound', 'the server could not find the requested resource');

/** Decode a request body by content type (JSON, YAML apply, protobuf, T1). */
export function decodeBody(body: Buffer, contentType: string): unknown {
  if (body.length === 0) return undefined;
  if (contentType.includes('protobuf') || isProtobuf(body)) return decodeProtobuf(body);
  const text = body.toString('utf8');
  if (contentType.includes('yaml')) {
    try {
      return JSON.parse(text);
    } catch {
      return parseYaml(text);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

interface Target {
  rt: ResourceType;
  ns: string;
  name?: string;
  sub?: string;
}

function resolve(reg: Registry, group: string, version: string, rest: string[]): Target | undefined {
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const rt = reg.find(group, version, rest[2]!);
    if (rt && rt.namespaced) {
      if (rest.length > 5) return undefined;
      return { rt, ns: rest[1]!, name: rest[3], sub: rest[4] };
    }
  }
  const rt = reg.find(group, version, rest[0]!);
  if (!rt || rest.length > 3) return undefined;
  if (rt.namespaced && rest.length > 1) return undefined;
  return { rt, ns: '', name: rest[1], sub: rest[2] };
}

/** Handle discovery, OpenAPI and resource requests. */
export function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse, url: URL, rawBody: Buffer): Reply {
  const { api, store, registry } = deps;
  const method = req.method ?? 'GET';
  const accept = String(req.headers.accept ?? '');
  const contentType = String(req.headers['content-type'] ?? '');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;

  if (path === '/version') return { code: 200, body: versionInfo() };
  if (path === '/healthz' || path === '/readyz' || path === '/livez') return { code: 200, body: 'ok', contentType: 'text/plain' };
  if (path === '/api' || path === '/apis') {
    if (deps.aggregatedDiscovery && accept.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2;')) {
      return { code: 200, body: aggregated(registry, path === '/api'), contentType: AGGREGATED_CT };
    }
    return { code: 200, body: path === '/api' ? legacyApi(String(req.headers.host ?? '127.0.0.1')) : legacyApis(registry) };
  }
  if (path === '/openapi/v3') return { code: 200, body: openapiRoot(registry) };
  if (path.startsWith('/openapi/v3/')) {
    const parts = path.slice('/openapi/v3/'.length).split('/');
    const doc = parts[0] === 'api' ? openapiDoc(registry, '', parts[1] ?? '') : openapiDoc(registry, parts[1] ?? '', parts[2] ?? '');
    if (!doc) throw NOT_FOUND;
    return { code: 200, body: doc };
  }

  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    [group, version, rest] = ['', parts[1]!, parts.slice(2)];
  } else if (parts[0] === 'apis' && parts.length >= 2) {
    if (parts.length === 2) {
      const g = legacyGroup(registry, parts[1]!);
      if (!g) throw NOT_FOUND;
      return { code: 200, body: g };
    }
    [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)];
  } else throw NOT_FOUND;
  if (rest.length === 0) {
    const list = resourceList(registry, group, version);
    if (!list) throw NOT_FOUND;
    return { code: 200, body: list };
  }
  const t = resolve(registry, group, version, rest);
  if (!t) throw NOT_FOUND;
  const { rt, ns, name, sub } = t;
  if (sub && !rt.subresources.includes(sub)) throw NOT_FOUND;

  const opts: WriteOptions = {
    fieldManager: q.get('fieldManager') ?? undefined,
    dryRun: q.getAll('dryRun').includes('All'),
    force: q.get('force') === 'true',
    defaultManager: String(req.headers['user-agent'] ?? 'unknown').split('/')[0],
  };
  const wantsTable = accept.includes('as=Table');

  switch (method) {
    case 'GET': {
      if (!name) {
        if (q.get('watch') === 'true' || q.get('watch') === '1') return watch(deps, res, t, q, wantsTable);
        return list(deps, t, q, wantsTable);
      }
      const s = store.get(rt, ns, name);
      if (!s) throw notFound(rt.resource, rt.group, name);
      if (sub === 'scale') return { code: 200, body: api.scaleOf(rt, s) };
      // Pods run nothing here, so their logs are empty (helm test --logs, kubectl logs).
      if (sub === 'log') return { code: 200, body: '', contentType: 'text/plain' };
      const obj = store.render(s, rt);
      if (wantsTable) return { code: 200, body: toTable(rt, [obj], obj.metadata.resourceVersion, q.get('includeObject')), contentType: TABLE_CT };
      return { code: 200, body: obj };
    }
    case 'POST': {
      if (name) throw methodNotAllowed();
      // No authorization here: every access review is allowed (`kubectl auth can-i` → yes).
      // kubectl sends these as protobuf; their spec does not matter, so it is not decoded.
      if (rt.group === 'authorization.k8s.io') {
        const body: Obj = contentType.includes('json') ? (decodeBody(rawBody, contentType) as Obj) : {};
        const status = rt.kind === 'SelfSubjectAccessReview' ? { allowed: true } : { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
        return { code: 201, body: { ...body, apiVersion: apiVersionOf(rt), kind: rt.kind, metadata: { creationTimestamp: null }, status } };
      }
      const body = decodeBody(rawBody, contentType) as Obj;
      const r = api.create(rt, ns, body, opts);
      return { code: r.code, body: r.object };
    }
    case 'PUT': {
      if (!name) throw methodNotAllowed();
      const body = decodeBody(rawBody, contentType) as Obj;
      if (rt.kind === 'Namespace' && sub === 'finalize') return { code: 200, body: store.render(store.get(rt, '', name) ?? (() => { throw notFound('namespaces', '', name); })(), rt) };
      const r = api.update(rt, ns, name, body, opts, sub);
      return { code: r.code, body: r.object };
    }
    case 'PATCH': {
      if (!name) throw methodNotAllowed();
      const body = decodeBody(rawBody, contentType);
      const r = api.patch(rt, ns, name, contentType, body, opts, sub);
      return { code: r.code, body: r.object };
    }
    case 'DELETE': {
      const body = decodeBody(rawBody, contentType);
      const options: Obj = isObj(body) ? { ...body } : {};
      if (q.get('propagationPolicy')) options.propagationPolicy = q.get('propagationPolicy');
      const dryRun = opts.dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
      if (name) {
        const r = api.delete(rt, ns, name, options, !!dryRun);
        return { code: r.code, body: r.object };
      }
      // deletecollection
      const items = selected(deps, t, q).map((o) => api.delete(rt, o.metadata.namespace ?? '', o.metadata.name, options, !!dryRun).object);
      return { code: 200, body: { kind: `${rt.kind}List`, apiVersion: apiVersionOf(rt), metadata: { resourceVersion: String(store.rv) }, items } };
    }
    default:
      throw methodNotAllowed();
  }
}

function selected(deps: RouterDeps, t: Target, q: URLSearchParams): Obj[] {
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'));
  return deps.store
    .list(t.rt, t.ns || undefined)
    .map((s) => deps.store.render(s, t.rt))
    .filter((o) => matchesLabels(labels, o.metadata?.labels) && matchesFields(fields, o));
}

function list(deps: RouterDeps, t: Target, q: URLSearchParams, wantsTable: boolean): Reply {
  const items = selected(deps, t, q);
  const rv = String(deps.store.rv);
  if (wantsTable) return { code: 200, body: toTable(t.rt, items, rv, q.get('includeObject')), contentType: TABLE_CT };
  return { code: 200, body: { kind: `${t.rt.kind}List`, apiVersion: apiVersionOf(t.rt), metadata: { resourceVersion: rv }, items } };
}

function watch(deps: RouterDeps, res: ServerResponse, t: Target, q: URLSearchParams, wantsTable: boolean): Reply {
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'));
  const filter = { rt: t.rt, namespace: t.ns || undefined, labels, fields };
  // `kubectl get -w` watches with Accept …;as=Table: every event object is a one-row Table.
  const transform = wantsTable ? (o: Obj): Obj => toTable(t.rt, [o], String(o.metadata?.resourceVersion ?? ''), q.get('includeObject')) : undefined;
  const timeoutSeconds = q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined;
  const allowBookmarks = q.get('allowWatchBookmarks') === 'true';
  const mode = deps.faults.spec.watchList ?? 'serve';
  const rv = q.get('resourceVersion') ?? '';
  if (q.get('sendInitialEvents') === 'true' && mode === 'reject') {
    throw new ApiError(422, 'Invalid', 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled', {
      group: 'meta.k8s.io',
      kind: 'ListOptions',
      causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled', field: 'sendInitialEvents' }],
    });
  }
  if (q.get('sendInitialEvents') === 'true' && mode === 'serve') {
    deps.store.hub.open(res, filter, { initial: selected(deps, t, q), bookmarkRv: deps.store.rv, allowBookmarks, timeoutSeconds, transform });
  } else if (rv === '' || rv === '0') {
    deps.store.hub.open(res, filter, { initial: selected(deps, t, q), allowBookmarks, timeoutSeconds, transform });
  } else {
    deps.store.hub.open(res, filter, { sinceRv: Number(rv), allowBookmarks, timeoutSeconds, transform });
  }
  return { code: 200, streamed: true };
}
