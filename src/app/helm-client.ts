/**
 * One {@link HelmClient} per run: the binary from --helm-binary, else the
 * state's `helmBinary:`, else `helm` on PATH; the major detected once.
 */
import { HelmClient } from '../helm/helm.js';
import type { LoadedState } from '../state/types.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

export function helmBinaryFor(opts: Pick<CommonOptions, 'helmBinary'>, state?: LoadedState): string {
  return opts.helmBinary || state?.files.find((f) => f.helmBinary)?.helmBinary || 'helm';
}

export async function createHelmClient(opts: Pick<CommonOptions, 'helmBinary'>, state: LoadedState | undefined, deps: Deps, signal?: AbortSignal): Promise<HelmClient> {
  return HelmClient.create({ runner: deps.runner, binary: helmBinaryFor(opts, state), signal });
}
