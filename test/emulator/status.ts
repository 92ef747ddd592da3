/**
 * `metav1.Status` errors in the exact shape the API server sends them
 * (reference §7 "Errors"), thrown by handlers and rendered by the router.
 */
import type { Obj } from './util.js';

/** An API error: HTTP code + reason + message, rendered as a `Status` body. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Obj,
  ) {
    super(message);
  }

  /** The JSON `Status` body. */
  toStatus(): Obj {
    const s: Obj = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason };
    if (this.details) s.details = this.details;
    s.code = this.code;
    return s;
  }
}

/** `configmaps "x" not found` / `deployments.apps "x" not found`. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(resource: string, group: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

export function alreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

/** The optimistic-concurrency conflict of PUT/PATCH with a stale resourceVersion. */
export function rvConflict(resource: string, group: string, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...(group ? { group } : {}), kind: resource },
  );
}

/** 422 Invalid with field causes, as validation errors come back. */
export function invalid(kind: string, group: string, name: string, causes: { field: string; message: string; value?: unknown }[]): ApiError {
  const parts = causes.map((c) => `${c.field}: Invalid value: ${JSON.stringify(c.value ?? '')}: ${c.message}`);
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(c.value ?? '')}: ${c.message}`, field: c.field })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function unsupportedMediaType(ct: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${ct})`);
}

/** Creating content in a namespace that is being deleted (403, NamespaceTerminating). */
export function namespaceTerminating(resource: string, group: string, name: string, ns: string): ApiError {
  return new ApiError(403, 'Forbidden', `${qualified(resource, group)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
    causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
  });
}
