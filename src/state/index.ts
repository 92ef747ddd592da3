/**
 * Public API of src/state: load a Helmfile-v1-compatible releases file into typed state.
 */
export type * from './types.js';
export type { TemplateRenderer, RenderContext, HelperTemplate } from './renderer.js';
export type { LoadOptions } from './load-options.js';
export { loadState } from './load.js';
export { buildReleaseValues } from '../values/index.js';
export type { ReleaseValues, ReleaseValuesOptions, SetFlag } from '../values/index.js';
