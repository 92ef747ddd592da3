/**
 * `helmsync repos`: `helm repo add` every HTTP repository and `helm registry
 * login` every OCI repository with credentials (Helmfile `Repos`). Unlike the
 * helm calls chart resolution makes, these go to the user's own helm
 * configuration — adding repositories there is the point of the command (and
 * adding one never refreshes the others).
 */
import { addRepositories, type AddedRepository } from '../charts/index.js';
import { passThroughHelmEnv } from '../charts/helm-env.js';
import { loadState } from '../state/load.js';
import type { RepositorySpec } from '../state/types.js';
import type { Deps } from '../ports/index.js';
import { createHelmClient } from './helm-client.js';
import type { CommonOptions } from './options.js';

export interface ReposOptions extends CommonOptions {
  ociPlainHttp?: boolean;
}

export interface ReposResult {
  repositories: AddedRepository[];
}

export async function syncRepos(options: ReposOptions, deps: Deps): Promise<ReposResult> {
  const state = await loadState(options.load, deps);
  const helm = await createHelmClient(options, state, deps);
  const byName = new Map<string, RepositorySpec>();
  for (const f of state.files) for (const r of f.repositories) if (!byName.has(r.name)) byName.set(r.name, r);
  if (byName.size === 0) {
    deps.logger.info('no repositories are declared: nothing to add');
    return { repositories: [] };
  }
  const repositories = await addRepositories([...byName.values()], { binary: helm.binary, env: passThroughHelmEnv(deps.env), deps }, deps, {
    ociPlainHttp: options.ociPlainHttp,
    helmMajor: helm.version.major,
  });
  return { repositories };
}
