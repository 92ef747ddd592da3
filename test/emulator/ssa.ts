/**
 * Server-side apply (structured-merge-diff, schema-less): merge the applied
 * configuration, detect conflicts with other managers in apimachinery's exact
 * wording (T11), `force` to steal ownership, and removal of fields the
 * manager applied before but no longer applies and nobody else owns.
 */
import { deleteAt, fieldSetOf, isMarker, isPrefix, pathString, valueAt, type FieldPath, type FieldSet, type SetContext } from './fieldset.js';
import type { ManagedEntry } from './managed-fields.js';
import { isAtomicStruct, listKindOf, ssaKeyOf } from './merge-keys.js';
import { ApiError } from './status.js';
import { canonical, clone, deepEqual, isObj, nowRfc3339, type Obj } from './util.js';

/** Input of one apply. */
export interface ApplyInput {
  live: Obj | undefined;
  applied: Obj;
  entries: ManagedEntry[];
  manager: string;
  force: boolean;
  apiVersion: string;
  subresource?: string;
  ctx: SetContext;
}

/** Result of one apply: the merged object (before defaulting) and the new ownership. */
export interface ApplyResult {
  obj: Obj;
  entries: ManagedEntry[];
}

/** Merge an applied configuration into a live object (maps deep, keyed lists by key, others atomic). */
export function mergeApplied(live: unknown, applied: unknown, ctx: SetContext, names: string[] = []): unknown {
  if (isObj(applied)) {
    if (isAtomicStruct(names, ctx.custom)) return clone(applied);
    const out: Obj = isObj(live) ? clone(live) : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null || v === undefined) continue;
      out[k] = mergeApplied(out[k], v, ctx, [...names, k]);
    }
    return out;
  }
  if (Array.isArray(applied)) {
    const lk = listKindOf(ctx.kind, names, ctx.custom);
    const liveList = Array.isArray(live) ? live : [];
    if (lk.type === 'map' && applied.every((i) => isObj(i) && ssaKeyOf(i, lk.ssaKeys))) {
      const keyOf = (i: unknown): string => (isObj(i) ? canonical(ssaKeyOf(i, lk.ssaKeys) ?? null) : '');
      const appliedKeys = new Set(applied.map(keyOf));
      // The applied order wins; items only others own keep their place after them.
      const merged = applied.map((item) => mergeApplied(liveList.find((l) => keyOf(l) === keyOf(item)), item, ctx, names));
      return [...merged, ...liveList.filter((l) => !appliedKeys.has(keyOf(l))).map((l) => clone(l))];
    }
    if (lk.type === 'set') {
      const out = [...applied];
      for (const l of liveList) if (!out.some((x) => deepEqual(x, l))) out.push(l);
      return out;
    }
    return clone(applied);
  }
  return applied;
}

function managerLabel(e: ManagedEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion} at ${e.time}`;
  return s;
}

/** The 409 of apimachinery `internal.NewConflictError` for these conflicts. */
export function conflictError(conflicts: { entry: ManagedEntry; path: FieldPath }[]): ApiError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${managerLabel(c.entry)}`, field: pathString(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${managerLabel(conflicts[0]!.entry)}: ${pathString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const label = managerLabel(c.entry);
      byManager.set(label, [...(byManager.get(label) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const label of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${label}:`);
      for (const p of byManager.get(label)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}

/** Server-side apply; throws the 409 conflict error unless `force`. */
export function serverSideApply(input: ApplyInput): ApplyResult {
  const { live, manager, ctx, apiVersion } = input;
  const sub = input.subresource ?? '';
  const applied = clone(input.applied);
  // Status is reset on the main resource and everything but status on /status.
  if (sub === 'status') {
    for (const k of Object.keys(applied)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete applied[k];
  } else delete applied.status;
  const exclude = sub === 'status' ? ['spec', 'data'] : ['status'];
  const appliedSet = fieldSetOf(applied, ctx, exclude);
  const base = live ? clone(live) : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
  const merged = mergeApplied(base, applied, ctx) as Obj;

  const isMine = (e: ManagedEntry): boolean => e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === sub;
  const conflicts: { entry: ManagedEntry; path: FieldPath }[] = [];
  for (const e of input.entries) {
    if (isMine(e)) continue;
    for (const s of appliedSet) {
      if (!e.fields.has(s)) continue;
      const p = JSON.parse(s) as FieldPath;
      if (isMarker(p)) continue;
      if (!deepEqual(valueAt(live, p), valueAt(merged, p))) conflicts.push({ entry: e, path: p });
    }
  }
  if (conflicts.length > 0 && !input.force) {
    conflicts.sort((a, b) => (pathString(a.path) < pathString(b.path) ? -1 : 1));
    throw conflictError(conflicts);
  }

  // Ownership: force steals conflicting paths; equal values are shared.
  const stolen: FieldSet = new Set(conflicts.map((c) => JSON.stringify(c.path)));
  const others = input.entries.filter((e) => !isMine(e)).map((e) => ({ ...e, fields: new Set([...e.fields].filter((s) => !stolen.has(s))) }));
  const previous = input.entries.find(isMine)?.fields ?? new Set<string>();

  // Remove what this manager stopped applying, unless someone else owns it.
  const removed = [...previous].filter((s) => !appliedSet.has(s)).map((s) => JSON.parse(s) as FieldPath);
  const newPaths = [...appliedSet].map((s) => JSON.parse(s) as FieldPath);
  const otherPaths = others.flatMap((e) => [...e.fields].map((s) => JSON.parse(s) as FieldPath));
  const deleted: FieldPath[] = [];
  // Deepest paths first so list items go after their fields.
  removed.sort((a, b) => b.length - a.length);
  for (const p of removed) {
    if (otherPaths.some((o) => isPrefix(p, o))) continue;
    if (newPaths.some((n) => isPrefix(p, n))) continue;
    if (valueAt(merged, p) === undefined) continue;
    deleteAt(merged, p);
    deleted.push(p);
  }
  pruneEmptyAncestors(merged, deleted, new Set([...appliedSet, ...others.flatMap((e) => [...e.fields])]));

  const mine: ManagedEntry = { manager, operation: 'Apply', apiVersion, time: nowRfc3339(), ...(sub ? { subresource: sub } : {}), fields: appliedSet };
  const entries: ManagedEntry[] = [];
  let placed = false;
  for (const e of input.entries) {
    if (isMine(e)) {
      entries.push(mine);
      placed = true;
    } else entries.push(others.find((o) => o.manager === e.manager && o.operation === e.operation && o.subresource === e.subresource)!);
  }
  if (!placed) entries.push(mine);
  return { obj: merged, entries: entries.filter((e) => e.fields.size > 0) };
}

/** After removals, drop ancestor maps/lists that became empty and nobody owns as a leaf. */
function pruneEmptyAncestors(obj: Obj, deleted: FieldPath[], owned: FieldSet): void {
  for (const p of deleted) {
    const base = p[p.length - 1] === '.' ? p.slice(0, -1) : p;
    for (let n = base.length - 1; n >= 1; n--) {
      const anc = base.slice(0, n);
      if (anc[anc.length - 1]!.startsWith('k:')) break;
      const v = valueAt(obj, anc);
      const empty = (isObj(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
      if (!empty || owned.has(JSON.stringify(anc))) break;
      deleteAt(obj, anc);
    }
  }
}
