/**
 * Lists a chart's versions in an OCI registry through the distribution API
 * (`GET /v2/<repository>/tags/list`), with the two auth schemes registries use:
 * HTTP basic, and bearer tokens fetched from the realm a 401 names. Helm stores
 * `+` in versions as `_` in tags (OCI tags cannot hold `+`); we turn them back.
 * Listings are cached per run like repository indexes.
 */
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import { bump, type ChartCounters } from './counters.js';
import { basicAuthHeader, type Credentials } from './repository.js';

export interface OciTarget {
  registry: string;
  repository: string;
  /** Use http:// instead of https://. */
  plainHttp: boolean;
  insecureSkipTLSVerify?: boolean;
  credentials?: Credentials;
  /** For error messages: the repository name in the releases file, if any. */
  repoName?: string;
}

/** Thrown when the registry wants credentials we do not have. */
export class OciAuthRequired extends Error {
  constructor(readonly target: OciTarget, readonly status: number) {
    super(`registry ${target.registry} requires authentication to list ${target.repository} (HTTP ${status})`);
    this.name = 'OciAuthRequired';
  }
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseAuthChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  const params: Record<string, string> = {};
  if (!m) return { scheme: '', params };
  const re = /(\w+)="([^"]*)"/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!))) params[p[1]!.toLowerCase()] = p[2]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

/** `<…>; rel="next"` from a Link header, resolved against `base`. */
function nextLink(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return m ? new URL(m[1]!, base).toString() : undefined;
}

export class OciTagLister {
  private readonly inflight = new Map<string, Promise<string[]>>();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly deps: Pick<Deps, 'http' | 'logger'>,
    private readonly counters: ChartCounters,
  ) {}

  /** All versions (tags with `_` → `+`) of the chart at `target`. */
  list(target: OciTarget): Promise<string[]> {
    const key = `${target.registry}/${target.repository}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.fetchAll(target);
      this.inflight.set(key, p);
    }
    return p;
  }

  private base(t: OciTarget): string {
    return `${t.plainHttp ? 'http' : 'https'}://${t.registry}`;
  }

  private async fetchAll(t: OciTarget): Promise<string[]> {
    bump(this.counters.tagListings, `${t.registry}/${t.repository}`);
    const tags: string[] = [];
    let url: string | undefined = `${this.base(t)}/v2/${t.repository}/tags/list?n=1000`;
    for (let page = 0; url && page < 100; page++) {
      const res = await this.get(url, t);
      if (res.status === 404) {
        throw new UserError(`no chart at oci://${t.registry}/${t.repository}: the registry does not know this repository`, {
          hint: 'check the chart path (oci://host/path/chart) and that the chart was pushed',
        });
      }
      if (res.status === 401 || res.status === 403) throw new OciAuthRequired(t, res.status);
      if (res.status < 200 || res.status >= 300) {
        throw new UserError(`registry ${t.registry} answered HTTP ${res.status} when listing tags of ${t.repository}`);
      }
      const body = JSON.parse(Buffer.from(res.body).toString('utf8')) as { tags?: string[] | null };
      for (const tag of body.tags ?? []) tags.push(tag.replace(/_/g, '+'));
      url = nextLink(res.headers['link'], url);
    }
    return tags;
  }

  private async get(url: string, t: OciTarget) {
    const tls = { insecureSkipTLSVerify: t.insecureSkipTLSVerify };
    const tokenKey = `${t.registry}/${t.repository}`;
    const request = async (authorization?: string) => {
      try {
        return await this.deps.http.request(url, { headers: authorization ? { Authorization: authorization, Accept: 'application/json' } : { Accept: 'application/json' }, timeoutMs: 60_000, ...tls });
      } catch (e) {
        const what = t.repoName ? `repository "${t.repoName}" (oci://${t.registry}/${t.repository})` : `registry ${t.registry}`;
        throw new UserError(`cannot reach ${what}: ${(e as Error).message}`, {
          hint: t.plainHttp ? 'check the registry address and that it is up' : 'check the registry address; for a plain-HTTP registry pass --oci-plain-http or set plainHttp: true',
          cause: e,
        });
      }
    };
    const cached = this.tokens.get(tokenKey);
    let res = await request(cached);
    if (res.status !== 401) return res;
    const challenge = parseAuthChallenge(res.headers['www-authenticate'] ?? '');
    if (challenge.scheme === 'basic') {
      if (!t.credentials) return res;
      const auth = basicAuthHeader(t.credentials);
      res = await request(auth);
      if (res.status !== 401) this.tokens.set(tokenKey, auth);
      return res;
    }
    if (challenge.scheme === 'bearer' && challenge.params.realm) {
      const realm = new URL(challenge.params.realm);
      if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
      realm.searchParams.set('scope', challenge.params.scope ?? `repository:${t.repository}:pull`);
      const tokenRes = await this.deps.http.request(realm.toString(), {
        headers: t.credentials ? { Authorization: basicAuthHeader(t.credentials) } : {},
        timeoutMs: 60_000,
        ...tls,
      });
      if (tokenRes.status < 200 || tokenRes.status >= 300) return res;
      const body = JSON.parse(Buffer.from(tokenRes.body).toString('utf8')) as { token?: string; access_token?: string };
      const token = body.token ?? body.access_token;
      if (!token) return res;
      this.tokens.set(tokenKey, `Bearer ${token}`);
      return request(`Bearer ${token}`);
    }
    return res;
  }
}
