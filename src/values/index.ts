/**
 * Public API of src/values: per-release values in Helmfile's order.
 */
export type { ReleaseValues, ReleaseValuesOptions, SetFlag } from './types.js';
export { buildReleaseValues } from './release-values.js';
