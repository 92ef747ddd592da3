/**
 * Structural comparison of two parsed objects: deep equality and the list of
 * differing fields as JSON pointers. Lists are compared by position; a
 * manifest that reorders a list really does change the object.
 */
import { toPointer } from './json-pointer.js';
import type { FieldChange } from './types.js';

/** Deep equality of JSON-like values (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Fields that differ between `before` and `after`, most specific path first
 * reached (a whole added map is one `add`, not one per leaf).
 */
export function fieldChanges(before: unknown, after: unknown, path: (string | number)[] = []): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, path, out);
  return out;
}

function walk(before: unknown, after: unknown, path: (string | number)[], out: FieldChange[]): void {
  if (deepEqual(before, after)) return;
  if (before === undefined) {
    out.push({ path: toPointer(path), op: 'add', after });
    return;
  }
  if (after === undefined) {
    out.push({ path: toPointer(path), op: 'remove', before });
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of [...keys].sort()) walk(before[k], after[k], [...path, k], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) walk(before[i], after[i], [...path, i], out);
    return;
  }
  out.push({ path: toPointer(path), op: 'replace', before, after });
}
