/**
 * `helmsync cache info|cleanup`: Helmfile's commands over the remote-source cache
 * (src/state/remote-source.ts), same directory and output (app.go ShowCacheDir,
 * CleanCacheDir): `Cache directory: DIR` then `- ENTRY` per entry.
 */
import { join } from 'node:path';
import type { Deps } from '../ports/index.js';
import { cacheHome } from '../state/remote-source.js';

export interface CacheResult {
  dir: string;
  entries: string[];
  text: string;
}

/** The cache directory and its entries. */
export function cacheInfo(deps: Deps): CacheResult {
  const dir = cacheHome(deps);
  const entries = deps.fs.stat(dir)?.isDir ? deps.fs.readDir(dir).map((e) => e.name) : [];
  return { dir, entries, text: [`Cache directory: ${dir}`, ...entries.map((e) => `- ${e}`)].join('\n') + '\n' };
}

/** Removes every cache entry (nothing printed when there is no cache directory, as Helmfile). */
export function cacheCleanup(deps: Deps): CacheResult {
  const dir = cacheHome(deps);
  if (!deps.fs.stat(dir)?.isDir) return { dir, entries: [], text: '' };
  const entries = deps.fs.readDir(dir).map((e) => e.name);
  for (const e of entries) deps.fs.remove(join(dir, e));
  return { dir, entries, text: [`Cleaning up cache directory: ${dir}`, ...entries.map((e) => `- ${e}`)].join('\n') + '\n' };
}
