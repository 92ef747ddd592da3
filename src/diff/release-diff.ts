/**
 * The pure heart of `diff`: desired manifest vs the manifest helm stored for
 * the last revision vs the live objects → one {@link ReleaseDiff}, with
 * ignore rules applied and secrets masked before any text is produced.
 */
import { stringify } from 'yaml';
import { UserError } from '../errors/index.js';
import { driftFields, normalizeSecretForLive, withoutServerPaths } from './drift.js';
import { deepEqual, fieldChanges } from './field-diff.js';
import { isSuppressed, pointersFor, type IgnoreDiffRule } from './ignore-rules.js';
import { getAligned, pointerCovers, parsePointer, removeAt, setAt } from './json-pointer.js';
import { isJsonObject, isTestHook, K8S_YAML, parseManifest, resourceId, type JsonObject, type ManifestObject } from './manifest.js';
import { maskPair, type MaskOptions } from './secret-mask.js';
import type { FieldChange, ReleaseDiff, ResourceDiff, ResourceDrift, ResourceKey, StoredReleaseSummary } from './types.js';

/** Which release a diff is about. */
export interface ReleaseRef {
  name: string;
  namespace: string;
  kubeContext?: string;
}

/** The part of a stored release record a diff needs (a `ReleaseRecord` from src/cluster fits). */
export interface StoredRelease {
  revision: number;
  status: string;
  chart: { name: string; version: string; appVersion?: string };
  /** The stored manifest (no hooks). */
  manifest: string;
  /** The stored hooks' manifests, joined as one multi-document YAML. */
  hooksManifest?: string;
}

export interface ReleaseDiffInput {
  release: ReleaseRef;
  /** `helm template` output for the release; undefined when the release is to be uninstalled. */
  desiredManifest?: string;
  /** The last revision helm stored; undefined when the release is not installed. */
  stored?: StoredRelease;
  /**
   * Live objects by {@link resourceId} (null = not found), as read by
   * src/cluster/live-objects.ts. Undefined: drift is not computed.
   */
  live?: ReadonlyMap<string, JsonObject | null>;
}

export interface DiffOptions extends MaskOptions {
  /** `ignoreDiffs` rules of the release (helmDefaults' rules appended). */
  ignoreDiffs?: readonly IgnoreDiffRule[];
  /** `--suppress KIND`: kinds left out of text/Markdown and of `hasChanges`. */
  suppressKinds?: readonly string[];
  /** Compare helm test hooks too (`--include-tests`). */
  includeTests?: boolean;
  /** Leave hooks out of the comparison (`--no-hooks`). */
  noHooks?: boolean;
  /** Whether drift makes a release count as changed. Default true. */
  driftCountsAsChange?: boolean;
  /**
   * `suppressOutputLineRegex` / `--suppress-output-line-regex` (helm-diff
   * ≥3.9): text lines matching any of these are dropped from both sides; an
   * object whose remaining text is equal counts as unchanged (and its drift
   * as in-sync). `fields` are not filtered by these.
   */
  suppressOutputLineRegex?: readonly string[];
}

/** Drops the lines any regex matches (helm-diff's `--suppress-output-line-regex`). */
function filterLines(text: string, res: readonly RegExp[]): string {
  if (!res.length || text === '') return text;
  return text
    .split('\n')
    .filter((l) => !res.some((re) => re.test(l)))
    .join('\n');
}

/** Serialises an object as diff text: stable, no anchors, no line folding. */
export function toYamlText(obj: unknown): string {
  if (obj === undefined) return '';
  // YAML 1.1 output quotes strings such as "yes" or "0644" that helm would read as other types.
  return stringify(obj, { ...K8S_YAML, lineWidth: 0, aliasDuplicateObjects: false });
}

/** The objects of a desired manifest whose live state is worth reading (hooks are transient). */
export function liveTargets(desiredManifest: string, release: ReleaseRef, opts: Pick<DiffOptions, 'includeTests' | 'noHooks'> = {}): ResourceKey[] {
  return parseDesired(desiredManifest, release, opts)
    .filter((o) => !o.hook)
    .map((o) => o.key);
}

function parseDesired(text: string, release: ReleaseRef, opts: Pick<DiffOptions, 'includeTests' | 'noHooks'>): ManifestObject[] {
  const origin = `release ${release.namespace}/${release.name} (desired manifest)`;
  return parseManifest(text, { defaultNamespace: release.namespace, origin }).filter(
    (o) => !o.hook || (!opts.noHooks && (opts.includeTests || !isTestHook(o.hook))),
  );
}

function byId(objs: ManifestObject[], release: ReleaseRef, what: string): Map<string, ManifestObject> {
  const m = new Map<string, ManifestObject>();
  for (const o of objs) {
    if (m.has(o.id) && what === 'desired') {
      throw new UserError(`the chart renders ${o.key.kind} ${o.key.namespace}/${o.key.name} twice`, {
        release: `${release.namespace}/${release.name}`,
        hint: 'helm refuses to install duplicate objects; fix the templates or values that render it twice',
      });
    }
    m.set(o.id, o);
  }
  return m;
}

function isSecretPlaceholder(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith('<secret: ');
  if (Array.isArray(v)) return v.some(isSecretPlaceholder);
  if (isJsonObject(v)) return Object.values(v).some(isSecretPlaceholder);
  return false;
}

function markMasked(fields: FieldChange[]): FieldChange[] {
  return fields.map((f) => (isSecretPlaceholder(f.before) || isSecretPlaceholder(f.after) ? { ...f, masked: true } : f));
}

function strip(obj: unknown, pointers: { tokens: string[] }[]): unknown {
  let out = obj;
  for (const p of pointers) out = removeAt(out, p.tokens).doc;
  return out;
}

function compareKey(a: ResourceKey, b: ResourceKey): number {
  return a.namespace.localeCompare(b.namespace) || a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
}

/** Computes the diff of one release. Pure: everything it needs is in `input`. */
export function computeReleaseDiff(input: ReleaseDiffInput, options: DiffOptions = {}): ReleaseDiff {
  const { release } = input;
  const desiredWanted = input.desiredManifest !== undefined;
  const installed = input.stored !== undefined && input.stored.status !== 'uninstalled';
  const desired = byId(desiredWanted ? parseDesired(input.desiredManifest!, release, options) : [], release, 'desired');
  const storedText = installed ? [input.stored!.manifest, options.noHooks ? '' : input.stored!.hooksManifest ?? ''].join('\n---\n') : '';
  const storedObjs = parseManifest(storedText, {
    defaultNamespace: release.namespace,
    origin: `release ${release.namespace}/${release.name} (stored manifest)`,
  }).filter((o) => !o.hook || options.includeTests || !isTestHook(o.hook));
  const stored = byId(storedObjs, release, 'stored');

  const lineRes = (options.suppressOutputLineRegex ?? []).map((r) => new RegExp(r));
  const resources: ResourceDiff[] = [];
  const summary = { added: 0, removed: 0, changed: 0, unchanged: 0, drifted: 0, suppressed: 0 };
  for (const id of new Set([...desired.keys(), ...stored.keys()])) {
    const d = desired.get(id);
    const s = stored.get(id);
    const key = (d ?? s)!.key;
    const pointers = pointersFor(options.ignoreDiffs ?? [], key);
    const dn = d ? (strip(d.object, pointers) as JsonObject) : undefined;
    const sn = s ? (strip(s.object, pointers) as JsonObject) : undefined;
    let change: ResourceDiff['change'] = !s ? 'added' : !d ? 'removed' : deepEqual(dn, sn) ? 'unchanged' : 'changed';
    const ignored = new Set<string>();
    if (d && s && pointers.length) {
      for (const f of fieldChanges(s.object, d.object)) {
        const tokens = parsePointer(f.path);
        for (const p of pointers) if (pointerCovers(p.tokens, tokens)) ignored.add(p.pointer);
      }
    }
    const masked = maskPair(key, sn, dn, options);
    const beforeText = filterLines(toYamlText(masked.before), lineRes);
    const afterText = filterLines(toYamlText(masked.after), lineRes);
    if (change === 'changed' && lineRes.length && beforeText === afterText) change = 'unchanged';
    const fields = change === 'changed' ? markMasked(fieldChanges(masked.before, masked.after)) : [];
    let drift: ResourceDrift | undefined;
    // An object not installed yet is of course missing live: only report it when it already exists.
    const liveObj = input.live?.get(id);
    if (input.live && d && dn && !d.hook && input.live.has(id) && (s || liveObj)) {
      drift = computeDrift(key, dn, sn, liveObj ?? null, pointers, options, ignored);
      if (drift.state === 'changed' && lineRes.length) {
        const liveText = filterLines(drift.liveText, lineRes);
        const desiredText = filterLines(drift.desiredText, lineRes);
        drift = liveText === desiredText ? { state: 'in-sync', fields: [], liveText: '', desiredText: '' } : { ...drift, liveText, desiredText };
      }
    }
    const suppressed = isSuppressed(options.suppressKinds ?? [], key);
    const r: ResourceDiff = {
      id,
      key,
      change,
      fields,
      beforeText,
      afterText,
      ...(drift ? { drift } : {}),
      suppressed,
      ignored: [...ignored].sort(),
      containsSecrets: masked.masked || Boolean(drift && `${drift.liveText}${drift.desiredText}`.includes('<secret: ')),
      ...((d ?? s)!.source ? { source: (d ?? s)!.source } : {}),
      ...((d ?? s)!.hook ? { hook: (d ?? s)!.hook } : {}),
    };
    if (suppressed) summary.suppressed++;
    else {
      summary[change]++;
      if (drift && drift.state !== 'in-sync') summary.drifted++;
    }
    if (change !== 'unchanged' || (drift && drift.state !== 'in-sync')) resources.push(r);
  }
  resources.sort((a, b) => compareKey(a.key, b.key));
  const driftCounts = options.driftCountsAsChange ?? true;
  const hasChanges = resources.some(
    (r) => !r.suppressed && (r.change !== 'unchanged' || (driftCounts && r.drift !== undefined && r.drift.state !== 'in-sync')),
  );
  const st = input.stored;
  const storedSummary: StoredReleaseSummary | undefined = st
    ? { revision: st.revision, status: st.status, chart: st.chart.name, chartVersion: st.chart.version, ...(st.chart.appVersion ? { appVersion: st.chart.appVersion } : {}) }
    : undefined;
  return {
    release: { name: release.name, namespace: release.namespace, ...(release.kubeContext ? { kubeContext: release.kubeContext } : {}) },
    desired: desiredWanted,
    ...(storedSummary ? { stored: storedSummary } : {}),
    resources,
    summary,
    hasChanges,
  };
}

/**
 * Drift of one live object. A field counts as drift when its live value
 * differs from desired AND from what helm stored for the last revision; where
 * live still equals the stored value the difference is just the pending
 * upgrade (already shown as a change), not drift. Objects helm has not
 * stored yet (added) compare live with desired only.
 */
function computeDrift(
  key: ResourceKey,
  desired: JsonObject,
  stored: JsonObject | undefined,
  live: JsonObject | null,
  pointers: { pointer: string; tokens: string[] }[],
  options: DiffOptions,
  ignored: Set<string>,
): ResourceDrift {
  const isSecret = key.group === '' && key.kind === 'Secret';
  const want = withoutServerPaths(isSecret ? normalizeSecretForLive(desired) : desired) as JsonObject;
  if (live === null) {
    const m = maskPair(key, undefined, want, options);
    return { state: 'missing', fields: [], liveText: '', desiredText: toYamlText(m.after) };
  }
  if (pointers.length) {
    for (const f of driftFields(want, live)) {
      const tokens = parsePointer(f.path);
      for (const p of pointers) if (pointerCovers(p.tokens, tokens)) ignored.add(p.pointer);
    }
  }
  const storedN = stored && (isSecret ? normalizeSecretForLive(stored) : stored);
  const drifted = driftFields(want, strip(live, pointers)).filter((f) => {
    if (!storedN) return true;
    const tokens = parsePointer(f.path);
    const storedValue = getAligned(want, storedN, tokens);
    // Not in the stored manifest: desired adds it, so its absence live is the pending change.
    if (storedValue === undefined) return false;
    return driftFields(storedValue, f.before, tokens.map((t) => (/^\d+$/.test(t) ? Number(t) : t))).length > 0;
  });
  // The live view: desired with the drifted fields at their live values, so
  // the text diff shows exactly the drift, in the context of the desired object.
  const liveView = structuredClone(want);
  // Backwards, so removing a list element does not shift paths still to visit.
  for (const f of [...drifted].reverse()) setAt(liveView, parsePointer(f.path), f.op === 'add' ? undefined : f.before);
  // In sync: nothing to show, keep the JSON small.
  if (!drifted.length) return { state: 'in-sync', fields: [], liveText: '', desiredText: '' };
  const m = maskPair(key, liveView, want, options);
  return {
    state: 'changed',
    fields: markMasked(fieldChanges(m.before, m.after)),
    liveText: toYamlText(m.before),
    desiredText: toYamlText(m.after),
  };
}

export { resourceId };
