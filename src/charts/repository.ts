/**
 * Repository credentials and TLS settings (inventory §1.4): `username`/`password`
 * fall back to `<NAME>_USERNAME`/`<NAME>_PASSWORD` (name upper-cased, `-` and
 * `.` turned into `_`), as Helmfile's `RepositorySpec` does.
 */
import type { RepositorySpec } from '../state/types.js';

export interface Credentials {
  username: string;
  password: string;
}

/** The env-var prefix for a repository name: `my-repo.io` → `MY_REPO_IO`. */
export function credentialsEnvPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Credentials from the spec, else from the environment; undefined unless both parts are set. */
export function repositoryCredentials(repo: RepositorySpec, env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const prefix = credentialsEnvPrefix(repo.name);
  const username = repo.username || env[`${prefix}_USERNAME`] || '';
  const password = repo.password || env[`${prefix}_PASSWORD`] || '';
  return username && password ? { username, password } : undefined;
}

/** `Authorization: Basic …` for credentials. */
export function basicAuthHeader(c: Credentials): string {
  return 'Basic ' + Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
}

/** TLS options for Deps.http from a repository spec plus release/default overrides. */
export function tlsOptions(repo: RepositorySpec | undefined, insecure?: boolean): { caFile?: string; certFile?: string; keyFile?: string; insecureSkipTLSVerify?: boolean } {
  return {
    caFile: repo?.caFile || undefined,
    certFile: repo?.certFile || undefined,
    keyFile: repo?.keyFile || undefined,
    insecureSkipTLSVerify: Boolean(repo?.skipTLSVerify || insecure) || undefined,
  };
}

/** The repository URL with exactly one trailing slash, so relative chart URLs resolve under it. */
export function repoBaseUrl(url: string): string {
  return url.replace(/\/+$/, '') + '/';
}

/**
 * Whether credentials for `repoUrl` may be sent to `target`: same scheme, host
 * and port, or `passCredentials: true` (helm's `--pass-credentials`).
 */
export function mayPassCredentials(repoUrl: string, target: string, passCredentials?: boolean): boolean {
  if (passCredentials) return true;
  try {
    const a = new URL(repoUrl);
    const b = new URL(target);
    return a.protocol === b.protocol && a.host === b.host;
  } catch {
    return false;
  }
}
