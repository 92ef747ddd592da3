/**
 * The Kubernetes Lease (coordination.k8s.io/v1) as the one-writer lock reads
 * and writes it: parsed from the API server's JSON, and built back with the
 * resourceVersion it was read at, so every replace is an optimistic-concurrency
 * write (a 409 Conflict means someone else wrote first). Pure.
 *
 * Times are `MicroTime`: the API server parses them with Go's layout
 * `2006-01-02T15:04:05.000000Z07:00`, which wants exactly six fractional
 * digits; JavaScript's toISOString() (three digits) is refused with a 400.
 */

export const LEASE_API_VERSION = 'coordination.k8s.io/v1';

/** A Lease as read from the cluster. */
export interface LeaseState {
  name: string;
  namespace: string;
  resourceVersion: string;
  /** Empty when nobody holds it (released). */
  holder: string;
  /** `spec.leaseDurationSeconds`, when set. */
  durationSeconds?: number;
  /** Epoch ms of `spec.acquireTime`. */
  acquireTime?: number;
  /** Epoch ms of `spec.renewTime`. */
  renewTime?: number;
  /** `spec.leaseTransitions` (0 when unset). */
  transitions: number;
  /** `metadata.annotations`. */
  annotations: Record<string, string>;
}

/** What a write of the Lease says. */
export interface LeaseWrite {
  name: string;
  namespace: string;
  /** The resourceVersion it was read at; absent for a create. */
  resourceVersion?: string;
  holder: string;
  durationSeconds: number;
  acquireTime: number;
  renewTime: number;
  transitions: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `2026-12-02T16:00:00.123000Z`: RFC 3339 with exactly six fractional digits (metav1.MicroTime). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function timeOf(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Parses a Lease object (kubectl get -o json, or the answer of a create/replace). */
export function parseLease(obj: unknown): LeaseState {
  const o = (obj ?? {}) as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
  const m = o.metadata ?? {};
  const s = o.spec ?? {};
  const annotations = m.annotations && typeof m.annotations === 'object' ? (m.annotations as Record<string, string>) : {};
  const durationSeconds = num(s.leaseDurationSeconds);
  const acquireTime = timeOf(s.acquireTime);
  const renewTime = timeOf(s.renewTime);
  return {
    name: String(m.name ?? ''),
    namespace: String(m.namespace ?? ''),
    resourceVersion: String(m.resourceVersion ?? ''),
    holder: typeof s.holderIdentity === 'string' ? s.holderIdentity : '',
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(acquireTime !== undefined ? { acquireTime } : {}),
    ...(renewTime !== undefined ? { renewTime } : {}),
    transitions: num(s.leaseTransitions) ?? 0,
    annotations,
  };
}

/** The Lease object to create or replace (with `resourceVersion` when it replaces). */
export function leaseObject(w: LeaseWrite): Record<string, unknown> {
  return {
    apiVersion: LEASE_API_VERSION,
    kind: 'Lease',
    metadata: {
      name: w.name,
      namespace: w.namespace,
      ...(w.resourceVersion ? { resourceVersion: w.resourceVersion } : {}),
      ...(w.labels && Object.keys(w.labels).length ? { labels: w.labels } : {}),
      ...(w.annotations && Object.keys(w.annotations).length ? { annotations: w.annotations } : {}),
    },
    spec: {
      holderIdentity: w.holder,
      leaseDurationSeconds: w.durationSeconds,
      acquireTime: microTime(w.acquireTime),
      renewTime: microTime(w.renewTime),
      leaseTransitions: w.transitions,
    },
  };
}
