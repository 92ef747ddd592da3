/**
 * Unified text rendering of release diffs, in helm-diff's shape
 * (`ns, name, Kind (apiVersion) has changed:` then the object with `-`/`+`
 * lines), so output reads like the `helmfile diff` users know. Pure: takes
 * {@link ReleaseDiff}s (already masked) and returns a string.
 */
import { diffLines, structuredPatch } from 'diff';
import type { ReleaseDiff, ResourceDiff } from './types.js';

export interface TextRenderOptions {
  /** ANSI colours (red removals, green additions, yellow headers). */
  color?: boolean;
  /**
   * Lines of context around changes (`--context N`). Undefined or negative:
   * whole objects, as helm-diff's default.
   */
  context?: number;
  /** Print a line for releases without changes too. Default true. */
  showUnchanged?: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', reset: '\x1b[0m' };

function paint(on: boolean, code: string, s: string): string {
  return on && s !== '' ? `${code}${s}${ANSI.reset}` : s;
}

/** One line summary of a release diff: `1 added, 2 changed, 1 drifted` or `no changes`. */
export function summarize(d: ReleaseDiff): string {
  const parts: string[] = [];
  const s = d.summary;
  if (s.added) parts.push(`${s.added} added`);
  if (s.changed) parts.push(`${s.changed} changed`);
  if (s.removed) parts.push(`${s.removed} removed`);
  if (s.drifted) parts.push(`${s.drifted} drifted`);
  if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** `ns/name` with the context when there is one. */
export function releaseLabel(d: ReleaseDiff): string {
  const base = `${d.release.namespace}/${d.release.name}`;
  return d.release.kubeContext ? `${d.release.kubeContext}/${base}` : base;
}

function title(r: ResourceDiff): string {
  return `${r.key.namespace}, ${r.key.name}, ${r.key.kind} (${r.key.apiVersion})`;
}

function prefixAll(text: string, mark: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map((l) => `${mark} ${l}`);
}

/** The lines of a unified diff between two texts, each with a `-`/`+`/` ` mark and a space. */
export function diffBody(before: string, after: string, context: number | undefined): string[] {
  const out: string[] = [];
  if (context === undefined || context < 0) {
    for (const part of diffLines(before, after)) {
      const mark = part.added ? '+' : part.removed ? '-' : ' ';
      out.push(...prefixAll(part.value, mark));
    }
    return out;
  }
  const patch = structuredPatch('', '', before, after, undefined, undefined, { context });
  for (const h of patch.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue; // "\ No newline at end of file"
      out.push(`${l[0]} ${l.slice(1)}`);
    }
  }
  return out;
}

function colourLine(on: boolean, l: string): string {
  if (l.startsWith('+ ')) return paint(on, ANSI.green, l);
  if (l.startsWith('- ')) return paint(on, ANSI.red, l);
  if (l.startsWith('@@')) return paint(on, ANSI.yellow, l);
  return l;
}

/** Text of one resource's changes (desired vs stored, then drift). Empty when it has none to show. */
export function renderResourceText(r: ResourceDiff, opts: TextRenderOptions = {}): string[] {
  const c = opts.color ?? false;
  const out: string[] = [];
  const src = r.source ? [`  # Source: ${r.source}`] : [];
  if (r.change === 'added') {
    out.push(paint(c, ANSI.yellow, `${title(r)} has been added:`), ...src, ...prefixAll(r.afterText, '+').map((l) => colourLine(c, l)));
  } else if (r.change === 'removed') {
    out.push(paint(c, ANSI.yellow, `${title(r)} has been removed:`), ...src, ...prefixAll(r.beforeText, '-').map((l) => colourLine(c, l)));
  } else if (r.change === 'changed') {
    out.push(paint(c, ANSI.yellow, `${title(r)} has changed:`), ...src, ...diffBody(r.beforeText, r.afterText, opts.context).map((l) => colourLine(c, l)));
  }
  if (r.drift?.state === 'missing') {
    out.push(paint(c, ANSI.yellow, `${title(r)} is missing from the cluster (drift):`), ...prefixAll(r.drift.desiredText, '+').map((l) => colourLine(c, l)));
  } else if (r.drift?.state === 'changed') {
    out.push(
      paint(c, ANSI.yellow, `${title(r)} has drifted (- live, + desired):`),
      ...diffBody(r.drift.liveText, r.drift.desiredText, opts.context).map((l) => colourLine(c, l)),
    );
  }
  return out;
}

/** The text body of one release: its resources' diffs, without a header. */
export function renderReleaseBody(d: ReleaseDiff, opts: TextRenderOptions = {}): string[] {
  const lines: string[] = [];
  for (const r of d.resources) if (!r.suppressed) lines.push(...renderResourceText(r, opts));
  return lines;
}

/** All releases as unified text, each headed by `Comparing release=ns/name: …`. */
export function renderDiffText(diffs: readonly ReleaseDiff[], opts: TextRenderOptions = {}): string {
  const c = opts.color ?? false;
  const lines: string[] = [];
  for (const d of diffs) {
    const body = renderReleaseBody(d, opts);
    if (!body.length && !d.hasChanges && opts.showUnchanged === false) continue;
    const what = !d.desired ? ' (to be uninstalled)' : d.stored && d.stored.status !== 'uninstalled' ? '' : ' (not installed)';
    lines.push(paint(c, ANSI.bold, `Comparing release=${releaseLabel(d)}${what}: ${summarize(d)}`));
    lines.push(...body);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
