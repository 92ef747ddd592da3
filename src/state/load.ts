/**
 * Entry point of state loading: discovery, parts, bases, environments, sub-helmfiles,
 * releases, selectors and the needs graph.
 */
import type { Deps } from '../app/deps.js';
import { BugError } from '../errors/index.js';
import type { LoadOptions } from './load-options.js';
import type { LoadedState } from './types.js';

/**
 * Loads the releases file(s) named by `opts.file` (or discovered in cwd) for one environment.
 * @throws UserError with file:line on malformed input, an undefined environment, a needs
 *   cycle, a bad selector; with exitCode 3 when no release matches the selectors (unless
 *   `allowNoMatchingRelease`).
 */
export async function loadState(opts: LoadOptions, deps: Deps): Promise<LoadedState> {
  void opts; void deps;
  throw new BugError('loadState: not implemented yet');
}
