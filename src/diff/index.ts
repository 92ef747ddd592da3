/** Public surface of the diff domain (pure: no I/O). */
export * from './types.js';
export { parseManifest, resourceId, splitApiVersion, isTestHook, type ManifestObject, type JsonObject, type ParseManifestOptions } from './manifest.js';
export { parseIgnoreDiffs, pointersFor, isSuppressed, type IgnoreDiffRule, type IgnoreRulesOrigin } from './ignore-rules.js';
export { maskPair, maskOne, secretPlaceholder, secretStringsOf, MIN_SECRET_VALUE_LENGTH, type MaskOptions } from './secret-mask.js';
export { driftFields, normalizeSecretForLive } from './drift.js';
export { deepEqual, fieldChanges } from './field-diff.js';
export {
  computeReleaseDiff,
  liveTargets,
  toYamlText,
  type DiffOptions,
  type ReleaseDiffInput,
  type ReleaseRef,
  type StoredRelease,
} from './release-diff.js';
export { renderDiffText, renderReleaseBody, renderResourceText, diffBody, summarize, releaseLabel, type TextRenderOptions } from './render-text.js';
export { renderDiffJson, diffReport } from './render-json.js';
export { renderDiffMarkdown, type MarkdownRenderOptions } from './render-markdown.js';
export { diffExitCode } from './exit-status.js';
