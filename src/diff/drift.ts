/**
 * Drift: how a live object departs from its desired manifest. Only the fields
 * the desired manifest sets are looked at, which leaves out status, the
 * metadata the server writes (uid, resourceVersion, managedFields, …),
 * annotations other tools add (deployment.kubernetes.io/revision,
 * kubectl's last-applied) and every server default the manifest does not
 * mention. This is the comparison `kubectl diff` makes for the fields a
 * server-side apply would own.
 */
import { isJsonObject, type JsonObject } from './manifest.js';
import { toPointer } from './json-pointer.js';
import type { FieldChange } from './types.js';

/** Server-managed paths never compared even if a manifest sets them. */
const SERVER_PATHS: readonly string[][] = [
  ['status'],
  ['metadata', 'uid'],
  ['metadata', 'resourceVersion'],
  ['metadata', 'generation'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'deletionTimestamp'],
  ['metadata', 'managedFields'],
  ['metadata', 'selfLink'],
  ['metadata', 'annotations', 'deployment.kubernetes.io/revision'],
  ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
];

function isServerPath(path: readonly (string | number)[]): boolean {
  return SERVER_PATHS.some((p) => p.length === path.length && p.every((t, i) => t === path[i]));
}

/**
 * A desired Secret's `stringData` as the server stores it (merged into
 * base64 `data`), so it can be compared with a live Secret.
 */
export function normalizeSecretForLive(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.stringData)) return obj;
  const data: JsonObject = { ...(isJsonObject(obj.data) ? obj.data : {}) };
  for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
  const { stringData: _dropped, ...rest } = obj;
  return { ...rest, data };
}

/** A desired value the server drops when empty: absent live counts as equal. */
function isEmptyish(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0);
}

/** Named list elements are matched by name (containers, env, ports, volumes, …), as strategic merge does. */
function namedList(list: unknown[]): boolean {
  return list.length > 0 && list.every((e) => isJsonObject(e) && typeof e.name === 'string');
}

const QUANTITY_RE = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

function quantity(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY_RE.exec(v);
  return m ? Number(m[1]) * SUFFIX[m[2] ?? '']! : undefined;
}

/**
 * Scalar equality as the server sees it: the API server rewrites resource
 * quantities canonically (`0.5` → `500m`, `1024Mi` → `1Gi`).
 */
function scalarEqual(desired: unknown, live: unknown, path: readonly (string | number)[]): boolean {
  if (desired === live) return true;
  const inQuantities = path.some((t) => t === 'limits' || t === 'requests' || t === 'capacity' || t === 'hard');
  if (inQuantities) {
    const a = quantity(desired);
    const b = quantity(live);
    if (a !== undefined && b !== undefined) return Math.abs(a - b) <= Math.abs(a) * 1e-12;
  }
  return false;
}

/**
 * The fields of `desired` whose live value differs: `before` = live,
 * `after` = desired. Extra live fields, and extra live elements of named
 * lists (an injected sidecar), are not drift.
 */
export function driftFields(desired: unknown, live: unknown, path: (string | number)[] = []): FieldChange[] {
  const out: FieldChange[] = [];
  walk(desired, live, path, out);
  return out;
}

function walk(desired: unknown, live: unknown, path: (string | number)[], out: FieldChange[]): void {
  if (isServerPath(path)) return;
  if (live === undefined || live === null) {
    // The API server omits empty and zero values of `omitempty` fields
    // (`value: ""`, `hostNetwork: false`): absent live is the same value.
    if (!isEmptyish(desired) && desired !== '' && desired !== false && desired !== 0) out.push({ path: toPointer(path), op: 'add', after: desired });
    return;
  }
  if (isJsonObject(desired)) {
    if (!isJsonObject(live)) {
      out.push({ path: toPointer(path), op: 'replace', before: live, after: desired });
      return;
    }
    for (const k of Object.keys(desired)) walk(desired[k], live[k], [...path, k], out);
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      out.push({ path: toPointer(path), op: 'replace', before: live, after: desired });
      return;
    }
    if (namedList(desired) && live.every((e) => isJsonObject(e))) {
      desired.forEach((d, i) => {
        const l = live.find((e) => (e as JsonObject).name === (d as JsonObject).name);
        walk(d, l, [...path, i], out);
      });
      return;
    }
    // Other lists are atomic: the whole list is the desired value.
    if (desired.length !== live.length) {
      out.push({ path: toPointer(path), op: 'replace', before: live, after: desired });
      return;
    }
    desired.forEach((d, i) => walk(d, live[i], [...path, i], out));
    return;
  }
  if (isEmptyish(desired) && isEmptyish(live)) return;
  if (!scalarEqual(desired, live, path)) out.push({ path: toPointer(path), op: 'replace', before: live, after: desired });
}

/**
 * The desired object without server-managed paths and without empty values
 * the server drops (for the drift text diff, next to {@link projectLive}).
 */
export function withoutServerPaths(obj: unknown, path: (string | number)[] = []): unknown {
  if (isServerPath(path)) return undefined;
  if (isJsonObject(obj)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(obj)) {
      const x = withoutServerPaths(v, [...path, k]);
      if (!isEmptyish(x)) out[k] = x;
    }
    return out;
  }
  return obj;
}
