/**
 * Top-level keys Helmfile's state decoder accepts besides the documented ones: the
 * untagged HelmState fields `filepath` and `renderedvalues` (Go's yaml decodes an
 * untagged field under its lowercased name; jx-generated helmfiles write `filepath:`),
 * which the loader overwrites, and the v0-era `context:` (helmDefaults.kubeContext)
 * and `charts:` (releases), which Helmfile still maps with a deprecation warning.
 */
import type { Logger } from '../ports/index.js';
import type { StateSpec } from './types.js';

/** Maps the deprecated keys onto their successors and drops the ignored ones (in place). */
export function normalizeDeprecatedKeys(spec: StateSpec, file: string, logger: Logger): void {
  delete spec.filepath;
  delete spec.renderedvalues;
  if (spec.context !== undefined) {
    logger.warn(`${file}: top-level context: is deprecated; use helmDefaults.kubeContext`);
    if (spec.context && !spec.helmDefaults?.kubeContext) spec.helmDefaults = { ...(spec.helmDefaults ?? {}), kubeContext: spec.context };
    delete spec.context;
  }
  if (spec.charts !== undefined) {
    logger.warn(`${file}: charts: is deprecated; rename it to releases:`);
    spec.releases = [...spec.charts, ...(spec.releases ?? [])];
    delete spec.charts;
  }
}
