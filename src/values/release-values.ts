/**
 * Builds a release's `--values` files, secrets and `--set` flags in Helmfile's order.
 */
import type { Deps } from '../app/deps.js';
import { BugError } from '../errors/index.js';
import type { LoadedState, Release } from '../state/types.js';
import type { ReleaseValues, ReleaseValuesOptions } from './types.js';

/**
 * Per-release values (inventory §3.3 "Release values passed to helm"). `.gotmpl` values
 * files are rendered with release data, inline maps become temp files (0600) removed by
 * `cleanup()`. Missing files follow the release's (else the state's) `missingFileHandler`.
 * @throws UserError on a missing file (handler Error), a template error or malformed YAML.
 */
export async function buildReleaseValues(
  release: Release,
  state: LoadedState,
  deps: Deps,
  opts: ReleaseValuesOptions = {},
): Promise<ReleaseValues> {
  void release; void state; void deps; void opts;
  throw new BugError('buildReleaseValues: not implemented yet');
}
