/**
 * HTTP chart repository indexes (`<url>/index.yaml`), read natively through
 * Deps.http — once per repository URL per run, shared by every release and by
 * concurrent callers (an in-flight promise map), instead of Helmfile's
 * `helm repo update` per chart (inventory §6 #1).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import type { RepositorySpec } from '../state/types.js';
import { bump, type ChartCounters } from './counters.js';
import { scanIndex } from './index-scan.js';
import { basicAuthHeader, credentialsEnvPrefix, repoBaseUrl, repositoryCredentials, tlsOptions } from './repository.js';
import { declaredAt } from '../state/field-location.js';

/** One chart version as listed in index.yaml. */
export interface IndexEntry {
  name: string;
  version: string;
  /** Absolute download URLs (relative ones already resolved against the repository URL). */
  urls: string[];
  /** sha256 of the archive, when the index has one. */
  digest?: string;
}

export interface RepoIndex {
  /** Repository URL with a trailing slash. */
  url: string;
  entries: Map<string, IndexEntry[]>;
}

/** Resolves a chart URL from the index against the repository URL, as helm's `ResolveReferenceURL`. */
export function resolveChartUrl(repoUrl: string, ref: string): string {
  return new URL(ref, repoBaseUrl(repoUrl)).toString();
}

/** Parses index.yaml text. Throws a UserError naming the repository when it is not an index. */
export function parseIndex(text: string, repo: RepositorySpec): RepoIndex {
  const scanned = scanIndex(text);
  if (scanned) {
    const entries = new Map<string, IndexEntry[]>();
    for (const [name, list] of scanned) {
      entries.set(
        name,
        list.map((e) => ({ name, version: e.version, urls: e.urls.map((u) => resolveChartUrl(repo.url, u)), digest: e.digest || undefined })),
      );
    }
    return { url: repoBaseUrl(repo.url), entries };
  }
  return parseIndexYaml(text, repo);
}

/** The general path: full YAML (or JSON) parsing. */
export function parseIndexYaml(text: string, repo: RepositorySpec): RepoIndex {
  let doc: unknown;
  try {
    // failsafe: versions stay the strings helm reads (`1.10`, not the float 1.1).
    doc = parse(text, { maxAliasCount: -1, schema: 'failsafe' });
  } catch (e) {
    throw new UserError(`repository "${repo.name}" at ${repo.url} served an index.yaml that is not YAML: ${(e as Error).message}`, { cause: e });
  }
  const entriesRaw = (doc as { entries?: unknown } | null)?.entries;
  if (!doc || typeof doc !== 'object' || (entriesRaw !== undefined && (typeof entriesRaw !== 'object' || entriesRaw === null))) {
    throw new UserError(`repository "${repo.name}" at ${repo.url} did not serve a chart repository index`, {
      hint: 'the url must be the directory that holds index.yaml',
    });
  }
  const entries = new Map<string, IndexEntry[]>();
  for (const [name, list] of Object.entries((entriesRaw ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    const versions: IndexEntry[] = [];
    for (const item of list as Array<Record<string, unknown>>) {
      if (!item || typeof item !== 'object') continue;
      const version = item.version === undefined || item.version === null ? '' : String(item.version);
      const urls = Array.isArray(item.urls) ? item.urls.map((u) => resolveChartUrl(repo.url, String(u))) : [];
      versions.push({ name, version, urls, digest: typeof item.digest === 'string' ? item.digest : undefined });
    }
    entries.set(name, versions);
  }
  return { url: repoBaseUrl(repo.url), entries };
}

/** Per-run cache of repository indexes. */
export class RepoIndexCache {
  private readonly inflight = new Map<string, Promise<RepoIndex>>();

  /**
   * @param opts.copiesDir where a copy of each downloaded index is kept;
   * @param opts.offline with --skip-refresh/--skip-deps, use that copy when there is one
   *   instead of downloading (Helmfile then skips `helm repo update`).
   */
  constructor(
    private readonly deps: Pick<Deps, 'http' | 'env' | 'logger' | 'fs'>,
    private readonly counters: ChartCounters,
    private readonly opts: { copiesDir?: string; offline?: boolean } = {},
  ) {}

  private copyPath(base: string): string | undefined {
    return this.opts.copiesDir ? join(this.opts.copiesDir, createHash('sha256').update(base).digest('hex').slice(0, 32) + '-index.yaml') : undefined;
  }

  /**
   * Uses `text` as this run's index of `repo` — the copy `helm repo add` just
   * downloaded — so the repository is still read only once per run.
   */
  seed(repo: RepositorySpec, text: string): void {
    const key = repoBaseUrl(repo.url);
    if (this.inflight.has(key)) return;
    this.inflight.set(key, Promise.resolve().then(() => parseIndex(text, repo)));
    const copy = this.copyPath(key);
    if (copy) this.deps.fs.writeFile(copy, text);
  }

  /** The index of `repo`, downloaded on first use in this run. */
  get(repo: RepositorySpec, opts: { insecureSkipTLSVerify?: boolean; offline?: boolean } = {}): Promise<RepoIndex> {
    const key = repoBaseUrl(repo.url);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.download(repo, opts);
      this.inflight.set(key, p);
    }
    return p;
  }

  private async download(repo: RepositorySpec, opts: { insecureSkipTLSVerify?: boolean; offline?: boolean }): Promise<RepoIndex> {
    const base = repoBaseUrl(repo.url);
    const url = new URL('index.yaml', base).toString();
    const copy = this.copyPath(base);
    if ((opts.offline ?? this.opts.offline) && copy && this.deps.fs.exists(copy)) {
      this.deps.logger.debug(`using the cached index of repository ${repo.name} (refresh skipped)`);
      return parseIndex(this.deps.fs.readFile(copy), repo);
    }
    const creds = repositoryCredentials(repo, this.deps.env);
    const headers: Record<string, string> = { Accept: 'application/x-yaml, */*' };
    if (creds) headers.Authorization = basicAuthHeader(creds);
    bump(this.counters.indexReads, base);
    this.deps.logger.debug(`reading index of repository ${repo.name} (${url})`);
    let res;
    try {
      res = await this.deps.http.request(url, { headers, timeoutMs: 120_000, ...tlsOptions(repo, opts.insecureSkipTLSVerify) });
    } catch (e) {
      const at = declaredAt(repo, 'url');
      throw new UserError(`cannot reach repository "${repo.name}" at ${repo.url}: ${(e as Error).message}`, {
        ...(at ? { location: at } : {}),
        hint: 'check the repository url and that the server is up (helmsync reads <url>/index.yaml)',
        cause: e,
      });
    }
    if (res.status === 401 || res.status === 403) {
      const prefix = credentialsEnvPrefix(repo.name);
      throw new UserError(`repository "${repo.name}" at ${repo.url} refused access (HTTP ${res.status})`, {
        ...(declaredAt(repo, 'url') ? { location: declaredAt(repo, 'url')! } : {}),
        hint: creds
          ? 'the username/password were rejected'
          : `set username/password on the repository or ${prefix}_USERNAME and ${prefix}_PASSWORD in the environment`,
      });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new UserError(`repository "${repo.name}" at ${repo.url} answered HTTP ${res.status} for index.yaml`, {
        ...(declaredAt(repo, 'url') ? { location: declaredAt(repo, 'url')! } : {}),
        hint: 'check the repository url: it must be the directory that holds index.yaml',
      });
    }
    const text = Buffer.from(res.body).toString('utf8');
    const index = parseIndex(text, repo);
    if (copy) this.deps.fs.writeFile(copy, text);
    return index;
  }
}
