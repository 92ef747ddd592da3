/**
 * Helm homes for the helm calls chart sources make (pull, repo add, registry
 * login, dependency build). When the user has not set HELM_CONFIG_HOME /
 * HELM_DATA_HOME / HELM_CACHE_HOME, helmsync points them at its own dirs, so
 * `helm dependency build` never refreshes a user's unrelated repositories
 * (inventory §5 "an empty HELM_CONFIG_HOME"; §6 #1). The user's registry logins
 * stay usable through HELM_REGISTRY_CONFIG, and their plugins through HELM_PLUGINS.
 */
import { join } from 'node:path';
import type { Deps } from '../ports/index.js';

/** helmsync's cache root: HELMSYNC_CACHE_HOME, else HELMFILE_CACHE_HOME (compatibility), else XDG. */
export function chartCacheHome(env: Readonly<Record<string, string | undefined>>): string {
  if (env.HELMSYNC_CACHE_HOME) return env.HELMSYNC_CACHE_HOME;
  if (env.HELMFILE_CACHE_HOME) return env.HELMFILE_CACHE_HOME;
  const xdg = env.XDG_CACHE_HOME || join(env.HOME || '/tmp', '.cache');
  return join(xdg, 'helmsync');
}

/**
 * HOME, XDG_* and HELM_* as Deps sees them. The runner adds the process
 * environment, which Deps.env normally equals; passing these keeps the two in
 * step when a caller (a test, an embedding) gives Deps a different one.
 */
export function passThroughHelmEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (k === 'HOME' || k.startsWith('XDG_') || k.startsWith('HELM_'))) out[k] = v;
  return out;
}

/** The user's default helm registry config (where `helm registry login` wrote). */
function userRegistryConfig(env: Readonly<Record<string, string | undefined>>): string {
  if (env.HELM_REGISTRY_CONFIG) return env.HELM_REGISTRY_CONFIG;
  const configHome = env.HELM_CONFIG_HOME || join(env.XDG_CONFIG_HOME || join(env.HOME || '/tmp', '.config'), 'helm');
  return join(configHome, 'registry', 'config.json');
}

export interface HelmHomes {
  /** Variables to pass to every helm call chart sources make. */
  env: Record<string, string>;
  /** Where HELM_CONFIG_HOME points (repositories.yaml lives there). */
  configHome: string;
  /** Where HELM_CACHE_HOME points (`repository/<name>-index.yaml` lives there). */
  cacheHome: string;
  /** The registry config helm uses for OCI logins. */
  registryConfig: string;
  /** Removes the per-run dirs helmsync created. */
  dispose(): void;
}

/**
 * Per-run helm homes. Config and data are per run (a clean repositories.yaml
 * holding only this run's repositories); the cache is shared across runs.
 */
export function createHelmHomes(deps: Pick<Deps, 'env' | 'fs'>, cacheHome = chartCacheHome(deps.env)): HelmHomes {
  const env: Record<string, string> = passThroughHelmEnv(deps.env);
  let tmp: string | undefined;
  const scratch = () => (tmp ??= deps.fs.mkdtemp('helmsync-helm-'));
  const configHome = deps.env.HELM_CONFIG_HOME || join(scratch(), 'config');
  if (!deps.env.HELM_CONFIG_HOME) env.HELM_CONFIG_HOME = configHome;
  if (!deps.env.HELM_DATA_HOME) env.HELM_DATA_HOME = join(scratch(), 'data');
  if (!deps.env.HELM_CACHE_HOME) env.HELM_CACHE_HOME = join(cacheHome, 'helm');
  // Plugins (helm-s3, helm-git, …) are downloaders repositories may need: keep the user's.
  if (!deps.env.HELM_DATA_HOME && !deps.env.HELM_PLUGINS) {
    env.HELM_PLUGINS = join(deps.env.XDG_DATA_HOME || join(deps.env.HOME || '/tmp', '.local', 'share'), 'helm', 'plugins');
  }
  const registryConfig = userRegistryConfig(deps.env);
  // Keep logins made with the user's helm usable although HELM_CONFIG_HOME moved.
  if (!deps.env.HELM_CONFIG_HOME && !deps.env.HELM_REGISTRY_CONFIG) env.HELM_REGISTRY_CONFIG = registryConfig;
  const helmCache = env.HELM_CACHE_HOME ?? deps.env.HELM_CACHE_HOME ?? join(deps.env.XDG_CACHE_HOME || join(deps.env.HOME || '/tmp', '.cache'), 'helm');
  return {
    env,
    configHome,
    cacheHome: helmCache,
    registryConfig: env.HELM_REGISTRY_CONFIG ?? deps.env.HELM_REGISTRY_CONFIG ?? join(configHome, 'registry', 'config.json'),
    dispose: () => {
      if (tmp) deps.fs.remove(tmp);
    },
  };
}
