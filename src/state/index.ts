/**
 * Public API of src/state: load a Helmfile-v1-compatible releases file into typed state.
 *
 * - {@link loadState}`(opts, deps)` → {@link LoadedState}: every state file (sub-helmfiles
 *   before their parent), every release (inherit, commonLabels, release templates,
 *   overrides, automatic labels applied), the selected releases in DAG waves.
 * - {@link buildReleaseValues}`(release, state, deps, opts)` → the `--values` files,
 *   secrets and `--set` flags of one release, in Helmfile's order, plus a merged view.
 * - {@link TemplateRenderer}: the seam to the Go template engine (default: src/gotemplate).
 *
 * Errors are UserErrors with file:line (and `part` for multi-part `.gotmpl` files);
 * "no release matched the selectors" has exitCode 3.
 */
export type * from './types.js';
export type { TemplateRenderer, RenderContext, HelperTemplate } from './renderer.js';
export type { LoadOptions } from './load-options.js';
export { loadState } from './load.js';
export { parseSelector, matchesSelector, matchesAny, type Selector } from './selectors.js';
export { releaseId, resolveNeed } from './needs.js';
export { parseSetExpression, type SetAssignment } from './strvals.js';
export { releaseData } from './release-template.js';
export { environmentData, type EnvironmentTemplateData, type ReleaseTemplateData } from './template-data.js';
export { loadGoTemplateRenderer, templateHost } from './gotemplate-renderer.js';
export { buildReleaseValues } from '../values/index.js';
export type { ReleaseValues, ReleaseValuesOptions, SetFlag } from '../values/index.js';
