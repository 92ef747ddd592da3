/**
 * `helm repo add` for HTTP repositories and `helm registry login` for OCI
 * repositories with credentials (Helmfile `SyncRepos`), against helmsync's
 * isolated helm homes unless the user set their own. Needed by `helm dependency
 * build` of local charts and by the `repos` command; chart resolution itself
 * reads indexes natively and does not need it.
 */
import type { Deps } from '../ports/index.js';
import { declaredAt } from '../state/field-location.js';
import type { RepositorySpec } from '../state/types.js';
import { registryLoginArgv, repoAddArgv } from './helm-argv.js';
import { runHelm, type HelmRunContext } from './helm-run.js';
import { credentialsEnvPrefix, repositoryCredentials } from './repository.js';
import { ExternalCommandError, UserError } from '../errors/index.js';

/**
 * The gist of helm's "looks like URL is not a valid chart repository or cannot be
 * reached: Get URL: dial tcp …: connect: connection refused": its last reason.
 */
export function shortReason(detail: string): string {
  const line = detail.split('\n')[0] ?? detail;
  const connect = /connect: ([^:]+)$/.exec(line);
  if (connect) return connect[1]!.trim();
  const status = /\b(\d{3} [A-Za-z][A-Za-z ]*)$/.exec(line);
  if (status) return status[1]!.trim();
  const proto = /could not find protocol handler for: ?(.*)$/.exec(line);
  if (proto) return `not an http(s) or oci:// URL${proto[1] ? ` (${proto[1]})` : ''}`;
  return line;
}

/** Turns a failed `helm repo add` into a UserError that names the repository and URL. */
function repoAddError(repo: RepositorySpec, hadCreds: boolean, e: unknown): unknown {
  if (!(e instanceof ExternalCommandError)) return e;
  const detail = e.stderr.trim().replace(/^Error:\s*/, '');
  const status = /\b(401|403)\b/.exec(detail)?.[1];
  if (status) {
    const prefix = credentialsEnvPrefix(repo.name);
    const at = declaredAt(repo, 'url');
    return new UserError(`repository "${repo.name}" at ${repo.url} refused access (HTTP ${status})`, {
      ...(at ? { location: at } : {}),
      hint: hadCreds ? 'the username/password were rejected' : `set username/password on the repository or ${prefix}_USERNAME and ${prefix}_PASSWORD in the environment`,
      cause: e,
    });
  }
  const at = declaredAt(repo, 'url');
  return new UserError(`cannot reach repository "${repo.name}" at ${repo.url}: ${shortReason(detail)}`, {
    ...(at ? { location: at } : {}),
    hint: 'check the repository url and that the server is up (it must serve <url>/index.yaml); --debug shows what helm said',
    cause: e,
  });
}

export interface AddedRepository {
  name: string;
  url: string;
  action: 'added' | 'logged-in' | 'skipped';
  reason?: string;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/** One repository's set-up: its log lines (printed in declaration order) and result. */
interface Step {
  lines: Array<['info' | 'warn', string]>;
  result: AddedRepository;
}

async function addOne(
  repo: RepositorySpec,
  helm: HelmRunContext,
  deps: Pick<Deps, 'env' | 'logger' | 'runner'>,
  opts: { ociPlainHttp?: boolean; helmMajor?: 3 | 4 },
): Promise<Step> {
  const creds = repositoryCredentials(repo, deps.env);
  if (repo.managed) {
    return {
      lines: [['warn', `repository ${repo.name}: managed: ${repo.managed} is not supported; skipped`]],
      result: { name: repo.name, url: repo.url, action: 'skipped', reason: `managed: ${repo.managed}` },
    };
  }
  if (repo.oci) {
    if (!creds) return { lines: [], result: { name: repo.name, url: repo.url, action: 'skipped', reason: 'OCI without credentials needs no set-up' } };
    const host = repo.url.replace(/^oci:\/\//, '').split('/')[0]!;
    await runHelm(
      helm,
      registryLoginArgv({
        host,
        username: creds.username,
        insecure: Boolean(repo.skipTLSVerify),
        plainHttp: Boolean(repo.plainHttp || opts.ociPlainHttp || LOOPBACK.test(host)),
        helmMajor: opts.helmMajor,
        caFile: repo.caFile,
        certFile: repo.certFile,
        keyFile: repo.keyFile,
      }),
      { input: creds.password },
    );
    return { lines: [['info', `Logging in to registry ${host}`]], result: { name: repo.name, url: repo.url, action: 'logged-in' } };
  }
  const r = await runHelm(
    helm,
    repoAddArgv({
      name: repo.name,
      url: repo.url,
      username: creds?.username,
      withPassword: Boolean(creds),
      passCredentials: repo.passCredentials,
      caFile: repo.caFile,
      certFile: repo.certFile,
      keyFile: repo.keyFile,
      insecureSkipTLSVerify: repo.skipTLSVerify,
    }),
    { input: creds?.password },
  ).catch((e: unknown) => {
    throw repoAddError(repo, creds !== undefined, e);
  });
  const lines: Step['lines'] = [['info', `Adding repo ${repo.name} ${repo.url}`]];
  for (const line of r.stdout.split('\n')) if (line.trim()) lines.push(['info', line]);
  return { lines, result: { name: repo.name, url: repo.url, action: 'added' } };
}

/**
 * Sets up every repository, up to `parallel` at a time (each `helm repo add`
 * downloads an index; helm locks repositories.yaml itself), logging in
 * declaration order as Helmfile does. The first failure (in declaration order) is thrown.
 */
export async function addRepositories(
  repos: readonly RepositorySpec[],
  helm: HelmRunContext,
  deps: Pick<Deps, 'env' | 'logger' | 'runner'>,
  opts: { ociPlainHttp?: boolean; helmMajor?: 3 | 4; parallel?: number } = {},
): Promise<AddedRepository[]> {
  const steps: Array<Promise<Step>> = new Array(repos.length);
  let next = 0;
  const width = Math.max(1, Math.min(opts.parallel ?? 4, repos.length));
  const workers = Array.from({ length: width }, async () => {
    while (next < repos.length) {
      const i = next++;
      steps[i] = addOne(repos[i]!, helm, deps, opts);
      await steps[i]!.catch(() => undefined);
    }
  });
  await Promise.all(workers);
  const out: AddedRepository[] = [];
  for (const p of steps) {
    const step = await p;
    for (const [level, line] of step.lines) deps.logger[level](line);
    out.push(step.result);
  }
  return out;
}
