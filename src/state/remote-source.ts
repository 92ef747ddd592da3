/**
 * Remote files in go-getter syntax (issue 13), as Helmfile's pkg/remote reads them,
 * for sub-helmfiles, values/secrets files and charts:
 * - `git::https://host/org/repo.git@path/in/repo?ref=REF` and `git::file:///abs/repo.git@path?ref=REF`:
 *   cloned with the real git (`ref` a branch, tag or commit; `depth=N` honoured);
 * - `http(s)://host/path/file.yaml`: the file downloaded;
 * - `s3::…`, `s3://…`, `gcs::…` and other getters: named as unsupported.
 * Everything lands in Helmfile's cache (HELMFILE_CACHE_HOME, else ~/.cache/helmfile) under
 * Helmfile's key (`https_host_org_repo_git.ref=REF`), so a Helmfile user's cache is shared;
 * an existing entry is reused as Helmfile reuses it (`?cache=false` fetches again), and
 * within one run each source is fetched at most once. No shell: git runs with an argv.
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { Deps } from '../ports/index.js';
import { UserError, type SourceLocation } from '../errors/index.js';

/** A parsed go-getter source (Helmfile's remote.Source). */
export interface RemoteSource {
  /** `git`, `s3`, … or `normal` for a plain URL. */
  getter: string;
  scheme: string;
  user: string;
  host: string;
  /** The repository path (git) or the directory of the file (normal). */
  dir: string;
  /** The path inside the fetched directory. */
  file: string;
  query: URLSearchParams;
}

const NORMAL_PROTOCOLS = ['s3', 'http', 'https'];

/** Parses `getter::scheme://…@file?query` or `https://…` (Helmfile's remote.Parse); undefined for a local path. */
export function parseRemote(src: string): RemoteSource | undefined {
  if (isAbsolute(src)) return undefined;
  let getter = '';
  let rest = src;
  const dc = src.indexOf('::');
  if (dc > 0 && /^[a-z0-9]+$/i.test(src.slice(0, dc))) {
    getter = src.slice(0, dc);
    rest = src.slice(dc + 2);
  } else {
    const m = /^([a-z0-9+.-]+):\/\//i.exec(src);
    if (!m) return undefined;
    if (!NORMAL_PROTOCOLS.includes(m[1]!.toLowerCase())) return undefined;
    getter = 'normal';
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/]*)@)?([^/?]*)([^?]*)(?:\?(.*))?$/i.exec(rest);
  if (!m) return undefined;
  const [, scheme, user = '', host = '', path = '', query = ''] = m;
  let dir: string;
  let file: string;
  const at = path.split('@');
  if (getter !== 'normal' && at.length === 2) {
    dir = at[0]!;
    file = at[1]!;
  } else {
    const d = dirname(path);
    dir = d.length > 0 ? d.slice(1) : d;
    file = path.slice(path.lastIndexOf('/') + 1);
  }
  return { getter, scheme: scheme!.toLowerCase(), user, host, dir, file, query: new URLSearchParams(query) };
}

/** Whether a path is a go-getter remote source. */
export function isRemote(src: string): boolean {
  return parseRemote(src) !== undefined;
}

/** Where a remote source is used, for messages. */
export interface RemoteContext {
  what: string;
  location?: SourceLocation;
  environment?: string;
}

const fetched = new WeakMap<Deps, Map<string, string>>();

/** Helmfile's cache directory (remote.CacheDir): HELMFILE_CACHE_HOME, else the user cache dir's `helmfile`. */
export function cacheHome(deps: Pick<Deps, 'env' | 'cwd'>): string {
  if (deps.env.HELMFILE_CACHE_HOME) return deps.env.HELMFILE_CACHE_HOME;
  const base = deps.env.XDG_CACHE_HOME || join(deps.env.HOME ?? deps.cwd, '.cache');
  return join(base, 'helmfile');
}

/** Helmfile's cache key: `scheme://host/dir` with `:` dropped and `//`, `/`, `.` as `_`, then `.query`. */
function cacheKey(base: string, query: URLSearchParams): string {
  const key = base.replace(/:/g, '').replace(/\/\//g, '_').replace(/\//g, '_').replace(/\./g, '_');
  const q = new URLSearchParams(query);
  q.delete('cache');
  for (const k of [...q.keys()]) {
    if (/token|password|secret|key|signature/i.test(k)) q.set(k, '(redacted)');
  }
  q.sort();
  const suffix = q.toString().replace(/&/g, '_');
  return suffix ? `${key}.${suffix}` : key;
}

function failure(ctx: RemoteContext, src: string, message: string, hint: string): UserError {
  return new UserError(`${ctx.what}: ${message}`, { ...(ctx.location ? { location: ctx.location } : {}), ...(ctx.environment ? { environment: ctx.environment } : {}), hint: `${hint} (source ${src.replace(/([?&](?:[^=&]*(?:token|password|secret|key)[^=&]*)=)[^&]*/gi, '$1…')})` });
}

/**
 * Fetches a remote source into the cache and returns the local path of its file
 * (or directory, for a chart). Synchronous: state loading is.
 * @throws UserError for an unsupported getter, a failed clone or download.
 */
export function fetchRemote(deps: Deps, src: string, ctx: RemoteContext): string {
  const u = parseRemote(src);
  if (!u) throw failure(ctx, src, `${src} is not a remote source`, 'use a local path or a go-getter URL');
  if (/^(1|true)$/i.test(deps.env.HELMFILE_DISABLE_INSECURE_FEATURES ?? '')) {
    throw failure(ctx, src, "remote sources are disabled due to 'HELMFILE_DISABLE_INSECURE_FEATURES'", 'unset HELMFILE_DISABLE_INSECURE_FEATURES or use a local copy');
  }
  const supported = (u.getter === 'git' && ['https', 'http', 'file', 'ssh'].includes(u.scheme)) || (u.getter === 'normal' && (u.scheme === 'https' || u.scheme === 'http'));
  if (!supported) {
    const what = u.getter === 'normal' ? `${u.scheme}://` : `${u.getter}::`;
    throw failure(ctx, src, `remote source ${what} is not supported by helmsync (git:: over https, http, ssh or file, and plain http(s) URLs are)`, 'download the file and refer to a local path, or serve it from a git repository');
  }
  const run = fetched.get(deps) ?? new Map<string, string>();
  fetched.set(deps, run);
  const normal = u.getter === 'normal';
  const base = normal ? `${u.scheme}://${u.host}` : `${u.scheme}://${u.host}${u.dir.startsWith('/') ? '' : '/'}${u.dir}`;
  const key = cacheKey(base, u.query);
  const root = join(cacheHome(deps), key);
  const dirPath = normal ? join(root, u.dir) : root;
  const target = u.file ? join(dirPath, u.file) : dirPath;
  const refresh = u.query.get('cache') === 'false';
  if (run.has(src)) return run.get(src)!;
  const have = normal ? deps.fs.stat(target)?.isFile : deps.fs.stat(dirPath)?.isDir;
  if (!have || refresh) {
    if (normal) download(deps, u, src, target, ctx);
    else clone(deps, u, src, dirPath, ctx);
  }
  if (!deps.fs.exists(target)) {
    throw failure(ctx, src, `${u.file} is not in the fetched ${normal ? 'download' : 'repository'}`, `check the path after @ (looked at ${target})`);
  }
  run.set(src, target);
  deps.logger.debug(`remote source ${src} -> ${target}`);
  return target;
}

function clone(deps: Deps, u: RemoteSource, src: string, dest: string, ctx: RemoteContext): void {
  const q = new URLSearchParams(u.query);
  const ref = q.get('ref') ?? '';
  const depth = q.get('depth') ?? '';
  if (q.get('sshkey')) throw failure(ctx, src, 'the sshkey parameter is not supported', 'load the key into ssh-agent instead');
  const url = `${u.scheme}://${u.user ? `${u.user}@` : ''}${u.host}${u.dir.startsWith('/') || !u.dir ? '' : '/'}${u.dir}`;
  deps.fs.remove(dest);
  deps.fs.mkdir(dirname(dest));
  const isSha = /^[0-9a-f]{7,40}$/i.test(ref);
  const args = ['clone', '--quiet', ...(depth && !isSha ? ['--depth', depth] : []), ...(ref && !isSha ? ['--branch', ref] : []), '--', url, dest];
  const git = (a: string[], cwd?: string) => {
    try {
      return deps.syncRunner.runSync('git', a, { ...(cwd ? { cwd } : {}), env: { GIT_TERMINAL_PROMPT: '0' } });
    } catch (e) {
      throw failure(ctx, src, `git cannot be run: ${(e as Error).message}`, 'install git');
    }
  };
  deps.logger.info(`Fetching ${src.split('?')[0]}${ref ? ` (ref ${ref})` : ''}`);
  let r = git(args);
  if (r.exitCode === 0 && isSha) r = git(['checkout', '--quiet', ref], dest);
  if (r.exitCode !== 0) {
    deps.fs.remove(dest);
    throw failure(ctx, src, `git could not fetch ${url}${ref ? ` at ${ref}` : ''}: ${r.stderr.trim().split('\n').slice(-2).join('; ')}`, 'check the URL, the ref and your git credentials');
  }
}

function download(deps: Deps, u: RemoteSource, src: string, dest: string, ctx: RemoteContext): void {
  // Synchronous HTTP for the synchronous loader: a child node process (no shell) does the GET.
  const script = "const [u,f]=process.argv.slice(1);const r=await fetch(u);if(!r.ok){console.error('HTTP '+r.status+' '+r.statusText);process.exit(1)}const fs=await import('node:fs');fs.mkdirSync(f.slice(0,f.lastIndexOf('/')),{recursive:true});fs.writeFileSync(f,Buffer.from(await r.arrayBuffer()));";
  let r;
  try {
    r = deps.syncRunner.runSync('node', ['--input-type=module', '-e', script, src.replace(/[?&]cache=false/, ''), dest], { timeoutMs: 120_000 });
  } catch (e) {
    throw failure(ctx, src, `cannot download: ${(e as Error).message}`, 'check that node is on PATH');
  }
  if (r.exitCode !== 0) {
    const why = r.stderr.split('\n').find((l) => /^HTTP \d+/.test(l)) ?? r.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.exitCode}`;
    throw failure(ctx, src, `cannot download ${src.split('?')[0]}: ${why.trim()}`, 'check the URL');
  }
}
