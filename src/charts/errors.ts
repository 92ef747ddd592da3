/**
 * The UserErrors chart sources raise, in one place so their wording stays
 * consistent: what is wrong, for which release, where, and what to do next.
 */
import { UserError, type SourceLocation } from '../errors/index.js';
import { fieldLocation } from '../state/field-location.js';
import type { Release } from '../state/types.js';
import { ConstraintSyntaxError } from './constraint.js';

export function releaseLabel(r: Pick<Release, 'name' | 'namespace'>): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

function location(r: Release, at?: SourceLocation): SourceLocation | undefined {
  if (at) return at;
  return r.source ? fieldLocation(r, 'chart') : undefined;
}

/** An unreadable `version:` constraint. */
export function invalidConstraint(r: Release, e: ConstraintSyntaxError, at?: SourceLocation): UserError {
  return new UserError(`${e.message} in the version field of release ${releaseLabel(r)}`, {
    location: location(r, at),
    release: releaseLabel(r),
    hint: 'use a version like 1.2.3 or a constraint like ~1.2, ^1.0, 1.2.x, ">= 1.0, < 2" (comma = and, || = or)',
    cause: e,
  });
}

/** Nothing offered satisfies the constraint. */
export function noMatchingVersion(r: Release, what: string, constraint: string, nearest: string[], at?: SourceLocation): UserError {
  const near = nearest.length ? `; nearest available: ${nearest.join(', ')}` : '; it has no versions at all';
  return new UserError(`no version of ${what} matches "${constraint}"${near}`, {
    location: location(r, at),
    release: releaseLabel(r),
    hint: /-/.test(nearest.join(' ')) || constraint === '*' ? 'prereleases match only with devel: true or a prerelease in the constraint' : 'change the version constraint of the release',
  });
}

/** The chart is not in the repository index at all. */
export function chartNotInRepository(r: Release, chart: string, repoName: string, url: string, known: string[]): UserError {
  const similar = known.filter((k) => k.includes(chart) || chart.includes(k)).slice(0, 5);
  return new UserError(`chart "${chart}" is not in repository "${repoName}" (${url})`, {
    location: location(r),
    release: releaseLabel(r),
    hint: similar.length ? `the repository has: ${similar.join(', ')}` : 'check the chart name',
  });
}

/** The lock no longer satisfies the releases file. */
export function staleLock(r: Release, lockPath: string, chart: string, constraint: string, at?: SourceLocation): UserError {
  return new UserError(
    `the lock file ${lockPath} has no version of "${chart}" that satisfies "${constraint || '*'}" (no resolved dependency found; the releases file changed since the lock was written)`,
    { location: location(r, at), release: releaseLabel(r), hint: 'run `helmsync deps` to update the lock file' },
  );
}

/** `version: latest` on an OCI chart (Helmfile rejects it too). */
export function ociLatest(r: Release, chart: string, at?: SourceLocation): UserError {
  return new UserError(`the version of OCI chart ${chart} must be semver compliant: the latest tag is not supported`, {
    location: location(r, at),
    release: releaseLabel(r),
    hint: 'leave version empty for the highest version, or give a version or constraint',
  });
}

export function wrapConstraint<T>(r: Release, f: () => T, at?: SourceLocation): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConstraintSyntaxError) throw invalidConstraint(r, e, at);
    throw e;
  }
}
