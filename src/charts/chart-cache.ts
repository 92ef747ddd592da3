/**
 * Where fetched charts live: helmsync's cache home (HELMSYNC_CACHE_HOME, or
 * HELMFILE_CACHE_HOME, or ~/.cache/helmsync) in Helmfile's layout —
 * `<repo-or-oci__host_port>/<chart path>/<version>/…` (inventory §4.2) — keyed
 * by the *resolved* version, never by a constraint (Helmfile #2766). Each
 * chart+version is fetched at most once per run however many releases use it
 * (an in-flight promise map), and HTTP archives are checked against the
 * index's sha256 so a cached file is only reused when its content matches.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import type { RepositorySpec } from '../state/types.js';
import { bump, type ChartCounters } from './counters.js';
import { ociPullArgv } from './helm-argv.js';
import { runHelm, type HelmRunContext } from './helm-run.js';
import type { IndexEntry } from './repo-index.js';
import { basicAuthHeader, mayPassCredentials, repositoryCredentials, tlsOptions } from './repository.js';
import { copyTree } from './untar.js';

/** A path segment safe for the cache: no separators, no `..`. */
export function cacheSegment(s: string): string {
  const t = s.replace(/[/\\]/g, '_').replace(/^\.+$/, '_');
  return t === '' ? '_' : t;
}

/** Helmfile's cache key for a direct OCI URL's registry: `oci__localhost_5000`. */
export function ociCacheKey(registry: string): string {
  return 'oci__' + registry.replace(/[:/]/g, '_');
}

export interface OciPull {
  registry: string;
  repository: string;
  chartName: string;
  version: string;
  digest?: string;
  /** First cache segment: the declared repository's name, or {@link ociCacheKey}. */
  cacheKey: string;
  /** Chart path under the cache key (`raw` for `myrepo/raw`, `myrepo/raw` for a direct URL). */
  cachePath: string;
  plainHttp: boolean;
  insecureSkipTLSVerify?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export class ChartCache {
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly deps: Pick<Deps, 'fs' | 'http' | 'env' | 'logger' | 'runner'>,
    private readonly counters: ChartCounters,
    private readonly helm: HelmRunContext,
    readonly home: string,
    private readonly opts: { helmMajor?: 3 | 4 } = {},
  ) {}

  /** Set once the helm version is known. */
  setHelmMajor(major: 3 | 4): void {
    this.opts.helmMajor = major;
  }

  private once(key: string, make: () => Promise<string>): Promise<string> {
    let p = this.inflight.get(key);
    if (!p) {
      p = make();
      this.inflight.set(key, p);
    }
    return p;
  }

  /** The archive of an index entry, downloaded into the cache unless a matching copy is there. Returns the .tgz path. */
  archive(entry: IndexEntry, repo: RepositorySpec, opts: { insecureSkipTLSVerify?: boolean } = {}): Promise<string> {
    const url = entry.urls[0];
    if (!url) {
      return Promise.reject(new UserError(`repository "${repo.name}" lists ${entry.name} ${entry.version} without a download URL`));
    }
    const dir = join(this.home, cacheSegment(repo.name), cacheSegment(entry.name), cacheSegment(entry.version));
    const file = join(dir, `${cacheSegment(entry.name)}-${cacheSegment(entry.version)}.tgz`);
    return this.once(`http|${url}`, async () => {
      const want = entry.digest?.replace(/^sha256:/, '').toLowerCase();
      if (this.deps.fs.exists(file)) {
        if (!want || sha256(this.deps.fs.readBytes(file)) === want) return file;
      }
      bump(this.counters.pulls, `${repo.url}|${entry.name}|${entry.version}`);
      const headers: Record<string, string> = {};
      const creds = repositoryCredentials(repo, this.deps.env);
      if (creds && mayPassCredentials(repo.url, url, repo.passCredentials)) headers.Authorization = basicAuthHeader(creds);
      let res;
      try {
        res = await this.deps.http.request(url, { headers, timeoutMs: 300_000, ...tlsOptions(repo, opts.insecureSkipTLSVerify) });
      } catch (e) {
        throw new UserError(`cannot download ${entry.name} ${entry.version} from repository "${repo.name}" (${url}): ${(e as Error).message}`, { cause: e });
      }
      if (res.status < 200 || res.status >= 300) {
        throw new UserError(`repository "${repo.name}" answered HTTP ${res.status} for ${url}`, {
          hint:
            (res.status === 401 || res.status === 403) && !mayPassCredentials(repo.url, url, false)
              ? 'the chart is on another host than the index: set passCredentials: true to send the credentials there'
              : undefined,
        });
      }
      if (want && sha256(res.body) !== want) {
        throw new UserError(`${entry.name} ${entry.version} from repository "${repo.name}" does not match the digest in its index.yaml`, {
          hint: 'the repository serves a different archive than it indexed; re-publish the chart or its index',
        });
      }
      this.deps.fs.writeFile(file, res.body);
      return file;
    });
  }

  /** An OCI chart pulled with the real `helm pull --untar` into the cache. Returns the chart directory. */
  oci(p: OciPull): Promise<string> {
    const versionDir = p.digest && !p.version ? p.digest.replace(':', '_') : p.version;
    const dest = join(this.home, cacheSegment(p.cacheKey), ...p.cachePath.split('/').map(cacheSegment), cacheSegment(versionDir));
    return this.once(`oci|${p.registry}/${p.repository}|${p.version}|${p.digest ?? ''}`, async () => {
      const cached = this.completeChartDir(dest, p.chartName);
      if (cached) return cached;
      const ref = `oci://${p.registry}/${p.repository}${p.digest ? `@${p.digest}` : ''}`;
      // Helmfile's progress line, then helm's own (helm 4 prints Pulled/Digest; Helmfile shows them).
      this.deps.logger.info(`Pulling ${p.registry}/${p.repository}:${p.version || p.digest}`);
      bump(this.counters.pulls, `oci://${p.registry}/${p.repository}|${p.chartName}|${p.version}${p.digest ? '@' + p.digest : ''}`);
      // Pull into a private dir, then copy into the cache with Chart.yaml written last:
      // another helmsync process sharing the cache never sees a half-written chart as complete.
      const tmp = this.deps.fs.mkdtemp('helmsync-pull-');
      try {
        const r = await runHelm(
          this.helm,
          ociPullArgv({
            ref,
            version: p.digest ? undefined : p.version,
            destination: tmp,
            untar: true,
            plainHttp: p.plainHttp,
            insecureSkipTLSVerify: p.insecureSkipTLSVerify && !p.plainHttp,
            caFile: p.caFile,
            certFile: p.certFile,
            keyFile: p.keyFile,
          }),
        );
        if (this.opts.helmMajor === 4) {
          for (const line of r.stderr.split('\n')) if (line.trim()) this.deps.logger.info(line);
        }
        // The archive's top directory is the chart's real name (usually the path's last segment).
        const top = this.deps.fs.readDir(tmp).find((e) => e.isDir && this.deps.fs.exists(join(tmp, e.name, 'Chart.yaml')));
        if (!top) throw new UserError(`helm pull of ${ref} did not produce a chart directory`);
        const target = join(dest, top.name);
        copyTree(this.deps.fs, join(tmp, top.name), target, { last: 'Chart.yaml' });
        return target;
      } finally {
        this.deps.fs.remove(tmp);
      }
    });
  }

  /** A fully written chart directory under `dest` (Chart.yaml is written last), if any. */
  private completeChartDir(dest: string, chartName: string): string | undefined {
    const fs = this.deps.fs;
    if (fs.exists(join(dest, chartName, 'Chart.yaml'))) return join(dest, chartName);
    if (!fs.exists(dest)) return undefined;
    const other = fs.readDir(dest).find((e) => e.isDir && fs.exists(join(dest, e.name, 'Chart.yaml')));
    return other ? join(dest, other.name) : undefined;
  }
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
