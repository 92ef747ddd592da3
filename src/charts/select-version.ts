/**
 * Picking a chart version from what a source offers, exactly as Helm does
 * (repo `IndexFile.Get`, OCI `GetTagMatchingVersionOrConstraint`):
 *   1. an empty request means `*`, or `>0.0.0-0` with `--devel` (helm's pull,
 *      template and install commands rewrite it so); `devel` is ignored when a
 *      version is given, as helm ignores `--devel` then;
 *   2. a request equal to an offered version string wins outright;
 *   3. otherwise the highest offered version satisfying the constraint.
 */
import { type Constraint, type PrereleaseScope, parseConstraint } from './constraint.js';
import { type ChartVersion, compareVersions, parseVersion, sortVersionsDescending } from './version.js';

export interface VersionRequest {
  /** The release's `version:` (may be empty). */
  version?: string;
  /** The release's `devel:` (or helmDefaults.devel). */
  devel?: boolean;
  /** Prerelease semantics of the helm being emulated; default `group` (helm 3.19+, 4). */
  scope?: PrereleaseScope;
}

export type SelectResult =
  | { ok: true; version: string }
  | { ok: false; constraint: string; nearest: string[] };

/** The constraint text helm would use for a request. */
export function effectiveConstraint(req: VersionRequest): string {
  const v = (req.version ?? '').trim();
  if (v === '') return req.devel ? '>0.0.0-0' : '*';
  return v;
}

/**
 * Chooses among `available` (version strings as the source spells them).
 * Throws ConstraintSyntaxError for an unreadable constraint.
 */
export function selectVersion(available: readonly string[], req: VersionRequest): SelectResult {
  const wanted = (req.version ?? '').trim();
  if (wanted !== '' && available.includes(wanted)) return { ok: true, version: wanted };
  const text = effectiveConstraint(req);
  const constraint = parseConstraint(text, req.scope);
  const sorted = sortVersionsDescending(available);
  const hit = sorted.find((v) => constraint.check(v));
  if (hit) return { ok: true, version: hit.original };
  return { ok: false, constraint: text, nearest: nearestVersions(sorted, constraint) };
}

/**
 * Up to `count` offered versions closest to what the constraint names: the
 * ones just above and just below its lowest named version. Prereleases are
 * left out unless nothing else exists.
 */
export function nearestVersions(sortedDesc: readonly ChartVersion[], constraint: Constraint, count = 5): string[] {
  const releases = sortedDesc.filter((v) => !v.prerelease);
  const pool = releases.length > 0 ? releases : [...sortedDesc];
  const anchor = constraint.anchor;
  if (!anchor || pool.length <= count) return pool.slice(0, count).map((v) => v.original);
  // pool is highest-first; find the first index at or below the anchor.
  let idx = pool.findIndex((v) => compareVersions(v, anchor) <= 0);
  if (idx < 0) idx = pool.length;
  const start = Math.max(0, Math.min(idx - Math.ceil(count / 2), pool.length - count));
  return pool.slice(start, start + count).map((v) => v.original);
}

/** Whether a concrete version satisfies a request (used to check locked versions). */
export function satisfies(version: string, req: VersionRequest): boolean {
  const wanted = (req.version ?? '').trim();
  if (wanted !== '' && wanted === version) return true;
  const v = parseVersion(version);
  if (!v) return false;
  return parseConstraint(effectiveConstraint(req), req.scope).check(v);
}

/**
 * helm's OCI rule (ChartDownloader.getOciURI): a version that parses as a
 * (lenient) semver version is used verbatim as the tag — `1.2` asks for tag
 * `1.2`, not for 1.2.x — and only other strings are matched against the tag list.
 */
export function ociVersionIsLiteral(version: string): boolean {
  return version.trim() !== '' && parseVersion(version.trim()) !== undefined;
}

/** {@link selectVersion} with helm's OCI literal-tag rule. */
export function selectOciTag(tags: readonly string[], req: VersionRequest): SelectResult {
  const wanted = (req.version ?? '').trim();
  if (ociVersionIsLiteral(wanted)) {
    if (tags.includes(wanted)) return { ok: true, version: wanted };
    const sorted = sortVersionsDescending(tags);
    return { ok: false, constraint: wanted, nearest: nearestVersions(sorted, parseConstraint(wanted, req.scope)) };
  }
  return selectVersion(tags, req);
}
