/**
 * What the real API server does with Leases (coordination.k8s.io/v1) that a
 * generic object store would not, held to kube-apiserver 1.34's answers by
 * test/emulator/leases.test.ts (which runs the same requests against both):
 * - its update strategy allows no unconditional update: a PUT without
 *   metadata.resourceVersion is refused (422), so a writer cannot overwrite
 *   another's hold without having read it;
 * - it allows create on update: a PUT of a Lease that does not exist creates it;
 * - acquireTime/renewTime are MicroTime, decoded with Go's layout
 *   `2006-01-02T15:04:05.000000Z07:00` (exactly six fractional digits; any
 *   other spelling is a 400 before validation);
 * - validation: leaseDurationSeconds > 0, leaseTransitions >= 0.
 */
import type { ResourceType } from './registry.js';
import { ApiError, badRequest } from './status.js';
import { isObj, type Obj } from './util.js';

export function isLease(rt: ResourceType): boolean {
  return rt.group === 'coordination.k8s.io' && rt.kind === 'Lease';
}

const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;

/** The 400 a Lease body with a time Go cannot parse gets (the decoder fails before validation). */
function checkMicroTimes(spec: Obj): void {
  for (const f of ['acquireTime', 'renewTime']) {
    const v = spec[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || !MICRO.test(v)) {
      throw badRequest(`Lease in version "v1" cannot be handled as a Lease: parsing time ${JSON.stringify(String(v))} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${JSON.stringify(String(v).slice(19))} as ".000000"`);
    }
  }
}

/** 422 as kube-apiserver words it: validation names the Kind, the registry's resourceVersion check the resource. */
function leaseInvalid(name: string, field: string, value: string, message: string, kind = 'Lease'): ApiError {
  return new ApiError(422, 'Invalid', `${kind}.coordination.k8s.io "${name}" is invalid: ${field}: Invalid value: ${value}: ${message}`, {
    name,
    group: 'coordination.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${message}`, field }],
  });
}

/** Decoding and validation of a Lease body (create and update). */
export function checkLease(obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  checkMicroTimes(spec);
  const name = String(obj.metadata?.name ?? '');
  const d = spec.leaseDurationSeconds;
  if (typeof d === 'number' && d <= 0) throw leaseInvalid(name, 'spec.leaseDurationSeconds', String(d), 'must be greater than 0');
  const t = spec.leaseTransitions;
  if (typeof t === 'number' && t < 0) throw leaseInvalid(name, 'spec.leaseTransitions', String(t), 'must be greater than or equal to 0');
}

/** A PUT without resourceVersion of a Lease that exists (its strategy allows no unconditional update). */
export function unconditionalUpdate(name: string): ApiError {
  return leaseInvalid(name, 'metadata.resourceVersion', '0', 'must be specified for an update', 'leases');
}
