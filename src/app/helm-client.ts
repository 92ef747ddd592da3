/**
 * One {@link HelmClient} per run: the binary from --helm-binary, else the
 * state's `helmBinary:`, else `helm` on PATH; the version detected once and
 * remembered across runs (`helm version` is a process per run otherwise, the
 * only helm process a no-op diff would start): the cache under helmsync's
 * cache home is keyed by the binary's real path, size and modification time,
 * so replacing the binary asks again.
 */
import { delimiter, join } from 'node:path';
import { chartCacheHome } from '../charts/helm-env.js';
import { HelmClient } from '../helm/helm.js';
import { detectHelmVersion, parseHelmVersion, type HelmVersion } from '../helm/version.js';
import type { LoadedState } from '../state/types.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

export function helmBinaryFor(opts: Pick<CommonOptions, 'helmBinary'>, state?: LoadedState): string {
  return opts.helmBinary || state?.files.find((f) => f.helmBinary)?.helmBinary || 'helm';
}

export async function createHelmClient(opts: Pick<CommonOptions, 'helmBinary'>, state: LoadedState | undefined, deps: Deps, signal?: AbortSignal): Promise<HelmClient> {
  const binary = helmBinaryFor(opts, state);
  const version = await cachedHelmVersion(binary, deps);
  return new HelmClient({ runner: deps.runner, binary, version, signal });
}

/** The file a binary name runs: itself when it names a path, else the first match on PATH. */
function locate(binary: string, deps: Pick<Deps, 'env' | 'fs'>): string | undefined {
  if (binary.includes('/')) return deps.fs.exists(binary) ? binary : undefined;
  for (const dir of (deps.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, binary);
    if (deps.fs.stat(p)?.isFile) return p;
  }
  return undefined;
}

type VersionCache = Record<string, { size: number; mtimeMs: number; raw: string }>;

/** `helm version --short`, from the cache when the binary is unchanged since it was last asked. */
export async function cachedHelmVersion(binary: string, deps: Deps): Promise<HelmVersion> {
  let key: string | undefined;
  let st: { size: number; mtimeMs: number } | undefined;
  try {
    const found = locate(binary, deps);
    if (found) {
      key = deps.fs.realpath(found);
      st = deps.fs.stat(key);
    }
  } catch {
    key = undefined;
  }
  const file = join(chartCacheHome(deps.env), 'helm-versions.json');
  let cache: VersionCache = {};
  if (key && st) {
    try {
      cache = JSON.parse(deps.fs.readFile(file)) as VersionCache;
      const hit = cache[key];
      const v = hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs ? parseHelmVersion(hit.raw) : undefined;
      if (v) return v;
    } catch {
      cache = {};
    }
  }
  const v = await detectHelmVersion(deps.runner, binary);
  if (key && st) {
    try {
      deps.fs.writeFile(file, `${JSON.stringify({ ...cache, [key]: { size: st.size, mtimeMs: st.mtimeMs, raw: v.raw } })}\n`);
    } catch {
      // A read-only cache home only costs the next run one `helm version`.
    }
  }
  return v;
}
