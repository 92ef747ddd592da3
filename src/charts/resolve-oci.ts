/**
 * Resolution of OCI charts (`repo/chart` of an `oci: true` repository, or an
 * `oci://` URL with an optional tag or digest): the version from the lock, the
 * reference itself, or the registry's tag list; the chart pulled into the cache.
 */
import type { Deps } from '../ports/index.js';
import { ExternalCommandError, UserError } from '../errors/index.js';
import type { LoadedStateFile, Release } from '../state/types.js';
import { ociCacheKey } from './chart-cache.js';
import type { ChartRef } from './chart-ref.js';
import { noMatchingVersion, ociLatest, releaseLabel, wrapConstraint } from './errors.js';
import { OciAuthRequired, type OciTarget } from './oci-tags.js';
import { repositoryCredentials } from './repository.js';
import type { ResolveContext, ResolvedChart } from './resolve-context.js';
import { ociVersionIsLiteral, selectOciTag } from './select-version.js';

/** Registries on this machine speak plain HTTP unless told otherwise (as docker treats localhost). */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/** Resolves (and, unless noFetch, pulls) an OCI chart release. */
export async function resolveOciChart(ctx: ResolveContext, release: Release, file: LoadedStateFile, ref: Extract<ChartRef, { kind: 'oci' }>): Promise<ResolvedChart> {
  const { deps, opts, tags, cache, homes } = ctx;
  const chartText = release.chart;
  let wanted = release.version.trim();
  let digest = ref.digest;
  // `version: 1.0.0@sha256:…` carries a digest; Helmfile strips it out of --version.
  const at = wanted.indexOf('@');
  if (at >= 0) {
    digest = wanted.slice(at + 1);
    wanted = wanted.slice(0, at);
  }
  if (ref.tag) {
    if (wanted && wanted !== ref.tag) {
      throw new UserError(`chart ${chartText} names tag ${ref.tag} but version says ${wanted}`, {
        release: releaseLabel(release),
        location: release.source,
        hint: 'give the version in one place only',
      });
    }
    wanted = ref.tag;
  }
  if (wanted === 'latest') throw ociLatest(release, chartText, ctx.versionAt(release));
  const plainHttp = Boolean(opts.ociPlainHttp || ref.repo?.plainHttp || release.spec.plainHttp || file.helmDefaults.plainHttp || LOOPBACK.test(ref.registry));
  const insecure = Boolean(ref.repo?.skipTLSVerify || release.spec.insecureSkipTLSVerify || file.helmDefaults.insecureSkipTLSVerify);
  const target: OciTarget = {
    registry: ref.registry,
    repository: ref.repository,
    plainHttp,
    insecureSkipTLSVerify: insecure,
    credentials: ref.repo ? repositoryCredentials(ref.repo, deps.env) : registryLogin(deps, homes.registryConfig, ref.registry),
    repoName: ref.repo?.name,
  };
  const repoUrl = `oci://${ref.registry}/${ref.repository.slice(0, Math.max(0, ref.repository.lastIndexOf('/')))}`.replace(/\/$/, '');
  const locked = ref.repo ? ctx.lockedVersion(release, file, ref.chartName, repoUrl) : undefined;
  let version = locked ?? wanted;
  // helm uses a version that parses as semver verbatim as the tag; only constraints need the tag list.
  if (locked === undefined && !digest && !ociVersionIsLiteral(wanted)) {
    const req = { ...ctx.request(release, file), version: wanted };
    let available: string[];
    try {
      available = await tags.list(target);
    } catch (e) {
      if (e instanceof OciAuthRequired) {
        throw new UserError(`${e.message}, which is needed to resolve version "${wanted || '*'}"`, {
          release: releaseLabel(release),
          location: release.source,
          hint: ref.repo
            ? `set username/password on repository "${ref.repo.name}" or its _USERNAME/_PASSWORD env vars`
            : `run \`helm registry login ${ref.registry}\`, or pin an exact version`,
        });
      }
      throw e;
    }
    const at = ctx.versionAt(release);
    const pick = wrapConstraint(release, () => selectOciTag(available, req), at);
    if (!pick.ok) throw noMatchingVersion(release, `OCI chart oci://${ref.registry}/${ref.repository}`, pick.constraint, pick.nearest, at);
    version = pick.version;
  }
  const base = {
    version,
    local: false,
    hasChartYaml: false,
    kind: 'oci' as const,
    chartName: ref.chartName,
    repository: repoUrl,
    repoName: ref.repo?.name,
    locked: locked !== undefined,
    constraint: release.version,
  };
  const ociRef = `oci://${ref.registry}/${ref.repository}`;
  if (opts.noFetch) return { ...base, ref: ociRef, display: ociRef, onDisk: false };
  if (ref.repo && target.credentials) await ctx.loginOnce(ref.repo);
  const repoPrefix = ref.repo ? ref.repo.url.replace(/^oci:\/\//, '').replace(/\/+$/, '') : '';
  const cachePath = ref.repo ? `${ref.registry}/${ref.repository}`.slice(repoPrefix.length + 1) : ref.repository;
  const dir = await cache
    .oci({
      registry: ref.registry,
    repository: ref.repository,
    chartName: ref.chartName,
    version,
    digest,
    cacheKey: ref.repo ? ref.repo.name : ociCacheKey(ref.registry),
    cachePath: cachePath || ref.chartName,
    plainHttp,
    insecureSkipTLSVerify: insecure,
    caFile: ref.repo?.caFile,
    certFile: ref.repo?.certFile,
    keyFile: ref.repo?.keyFile,
    })
    .catch(async (e: unknown) => {
      // helm's own "not found" says little: name the versions that do exist.
      if (!(e instanceof ExternalCommandError) || digest) throw e;
      const available = await tags.list(target).catch(() => undefined);
      if (available && !available.includes(version)) {
        if (locked !== undefined) {
          throw new UserError(`the locked version ${version} of OCI chart oci://${ref.registry}/${ref.repository} is no longer in the registry`, {
            release: releaseLabel(release),
            location: release.source,
            hint: 'run `helmsync deps` to update the lock file',
          });
        }
        const pick = selectOciTag(available, { version, scope: ctx.scope() });
        if (!pick.ok) throw noMatchingVersion(release, `OCI chart oci://${ref.registry}/${ref.repository}`, version, pick.nearest);
      }
      throw e;
    });
  return { ...base, ref: dir, display: dir, onDisk: true };
}

/** Credentials `helm registry login` stored for a host (docker config.json `auths`). */
function registryLogin(deps: Pick<Deps, 'fs'>, configPath: string, host: string): { username: string; password: string } | undefined {
  try {
    if (!deps.fs.exists(configPath)) return undefined;
    const doc = JSON.parse(deps.fs.readFile(configPath)) as { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
    const a = doc.auths?.[host];
    if (!a) return undefined;
    if (a.username && a.password) return { username: a.username, password: a.password };
    if (a.auth) {
      const text = Buffer.from(a.auth, 'base64').toString('utf8');
      const i = text.indexOf(':');
      if (i > 0) return { username: text.slice(0, i), password: text.slice(i + 1) };
    }
  } catch {
    // An unreadable registry config just means no stored login.
  }
  return undefined;
}
