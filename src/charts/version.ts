/**
 * Chart versions as Helm reads them. Helm parses versions with Masterminds
 * semver's lenient `NewVersion`: a leading `v`, and missing minor/patch parts
 * (`1`, `1.2`) are accepted and filled with zeros. node-semver's strict parser
 * would reject versions Helm happily serves, so helmsync parses them itself and
 * only compares here.
 */

/** A parsed chart version. `original` is the text as found (index, tag, Chart.yaml). */
export interface ChartVersion {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated prerelease identifiers, '' when none. */
  prerelease: string;
  /** Build metadata; ignored when comparing, as semver says. */
  metadata: string;
  original: string;
}

const VERSION_RE =
  /^v?(0|[1-9]\d*|\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Parses a version the way Helm's lenient parser does; undefined when it is not one. */
export function parseVersion(text: string): ChartVersion | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[4] ?? '';
  // Numeric prerelease identifiers with leading zeros are invalid in semver 2.
  if (prerelease && prerelease.split('.').some((id) => /^0\d+$/.test(id))) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: Number(m[3] ?? 0),
    prerelease,
    metadata: m[5] ?? '',
    original: text,
  };
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** semver 2 precedence of prerelease strings; '' (a release) ranks above any prerelease. */
export function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    if (i >= as.length) return -1;
    if (i >= bs.length) return 1;
    const c = compareIdentifiers(as[i]!, bs[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** -1, 0 or 1 by semver precedence (metadata ignored). */
export function compareVersions(a: ChartVersion, b: ChartVersion): number {
  if (a.major !== b.major) return Math.sign(a.major - b.major);
  if (a.minor !== b.minor) return Math.sign(a.minor - b.minor);
  if (a.patch !== b.patch) return Math.sign(a.patch - b.patch);
  return comparePrerelease(a.prerelease, b.prerelease);
}

/**
 * Sorts version strings highest first, dropping those that are not versions —
 * the order Helm's `IndexFile.SortEntries` and the OCI tag listing use.
 */
export function sortVersionsDescending(versions: readonly string[]): ChartVersion[] {
  const parsed = versions.map(parseVersion).filter((v): v is ChartVersion => v !== undefined);
  // Stable sort keeps the source order for equal precedence (e.g. differing only in metadata).
  return parsed.sort((a, b) => compareVersions(b, a));
}
