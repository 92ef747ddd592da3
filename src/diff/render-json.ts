/**
 * `--output json`: the {@link DiffReport} document, schemaVersion 1 (the
 * types in ./types.ts are the schema). Values are masked exactly as in the
 * text output; nothing is added here.
 */
import type { DiffReport, ReleaseDiff } from './types.js';

/** Builds the report document (exported for callers that embed it). */
export function diffReport(diffs: readonly ReleaseDiff[]): DiffReport {
  return { schemaVersion: 1, hasChanges: diffs.some((d) => d.hasChanges), releases: [...diffs] };
}

/** Pretty-printed JSON with a trailing newline. */
export function renderDiffJson(diffs: readonly ReleaseDiff[]): string {
  return `${JSON.stringify(diffReport(diffs), null, 2)}\n`;
}
