/**
 * The ownership table behind `metadata.managedFields`: one entry per
 * (manager, operation, subresource), rendered as FieldsV1 and writable by
 * clients (kubectl/helm CSA→SSA migration JSON-patches it, T12).
 */
import { decodeFieldsV1, encodeFieldsV1, fieldSetOf, isMarker, valueAt, type FieldPath, type FieldSet, type SetContext } from './fieldset.js';
import { deepEqual, isObj, nowRfc3339, type Obj } from './util.js';

/** One ownership entry. */
export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: FieldSet;
}

/** `metadata.managedFields` JSON for the entries (empty sets left out). */
export function renderManaged(entries: ManagedEntry[]): Obj[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .map((e) => {
      const o: Obj = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time, fieldsType: 'FieldsV1', fieldsV1: encodeFieldsV1(e.fields) };
      if (e.subresource) o.subresource = e.subresource;
      return o;
    });
}

/** Parse client-written `metadata.managedFields`. */
export function parseManaged(list: unknown): ManagedEntry[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isObj)
    .filter((e) => typeof e.manager === 'string' || isObj(e.fieldsV1))
    .map((e) => ({
      manager: String(e.manager ?? ''),
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(e.apiVersion ?? ''),
      time: String(e.time ?? nowRfc3339()),
      ...(e.subresource ? { subresource: String(e.subresource) } : {}),
      fields: decodeFieldsV1(e.fieldsV1),
    }));
}

/** Serialisable form for persistence. */
export function entriesToJson(entries: ManagedEntry[]): Obj[] {
  return entries.map((e) => ({ ...e, fields: [...e.fields] }));
}

export function entriesFromJson(list: Obj[]): ManagedEntry[] {
  return list.map((e) => ({ ...(e as ManagedEntry), fields: new Set(e.fields as string[]) }));
}

/**
 * Record an Update operation (POST/PUT/non-apply PATCH, also on a
 * subresource): the manager takes the paths whose values changed; other
 * managers lose them; paths that no longer exist are dropped everywhere.
 */
export function recordUpdate(
  entries: ManagedEntry[],
  oldObj: Obj | undefined,
  newObj: Obj,
  manager: string,
  subresource: string | undefined,
  apiVersion: string,
  ctx: SetContext,
): ManagedEntry[] {
  const exclude = subresource === 'status' ? Object.keys(newObj).filter((k) => k !== 'status') : ['status'];
  const present = fieldSetOf(newObj, ctx);
  const newSet = fieldSetOf(newObj, ctx, exclude);
  const changed: FieldSet = new Set();
  for (const s of newSet) {
    const p = JSON.parse(s) as FieldPath;
    const before = oldObj ? valueAt(oldObj, p) : undefined;
    // A list item's marker changes only when the item appears (T11 spirit).
    if (isMarker(p) ? before === undefined : !deepEqual(before, valueAt(newObj, p))) changed.add(s);
  }
  const out: ManagedEntry[] = [];
  for (const e of entries) {
    const fields = new Set([...e.fields].filter((s) => present.has(s) && !changed.has(s)));
    out.push({ ...e, fields });
  }
  if (changed.size > 0) {
    let mine = out.find((e) => e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? ''));
    if (!mine) {
      mine = { manager, operation: 'Update', apiVersion, time: nowRfc3339(), ...(subresource ? { subresource } : {}), fields: new Set() };
      out.push(mine);
    }
    for (const s of changed) mine.fields.add(s);
    mine.time = nowRfc3339();
    mine.apiVersion = apiVersion;
  }
  return out.filter((e) => e.fields.size > 0);
}
