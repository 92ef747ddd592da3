/**
 * Version constraints with the semantics Helm uses (Masterminds semver v3),
 * which differ from npm's in ways users notice:
 *   - `,` and whitespace both mean AND, `||` means OR, `A - B` is `>= A, <= B`;
 *   - `1.2`, `1.2.x`, `=1.x` are tilde ranges; `*`/`x` wildcards anywhere;
 *   - a prerelease version only matches when the constraint names a prerelease,
 *     whatever its major.minor.patch (npm only allows the same tuple) — per
 *     term up to Masterminds 3.3 (helm <= 3.18), per AND-group from 3.4 (helm
 *     3.19+, helm 4): see {@link PrereleaseScope};
 *   - `!=` exists.
 * Reimplemented from the documented behaviour; `helm pull --version` is the
 * oracle in test/charts/constraint-oracle.test.ts.
 */
import { type ChartVersion, compareVersions, comparePrerelease, parseVersion } from './version.js';

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '<=' | '~' | '^';

interface Term {
  op: Op;
  con: ChartVersion;
  /** Some part was a wildcard or missing (`1.2`, `1.x`, `*`). */
  dirty: boolean;
  /** The minor (and patch) part was a wildcard or missing (`1`, `1.x`). */
  minorDirty: boolean;
  /** Only the patch part was a wildcard or missing (`1.2`, `1.2.x`). */
  patchDirty: boolean;
}

/**
 * Where a prerelease in the constraint opens the door to prerelease versions:
 * `term` — only that term (Masterminds <= 3.3; a plain `!=` never gates);
 * `group` — the whole AND-group, every operator gating otherwise (Masterminds 3.4+).
 * Observed with the oracle: helm 3.17 `>=2.0.0-0, <2.0.0` matches nothing, helm 4 picks 2.0.0-rc.1.
 */
export type PrereleaseScope = 'term' | 'group';

/** The scope the given helm uses (helm 3.19 moved to Masterminds semver 3.4). */
export function prereleaseScopeFor(helm?: { major: number; minor?: number }): PrereleaseScope {
  if (!helm) return 'group';
  if (helm.major >= 4) return 'group';
  return (helm.minor ?? 0) >= 19 ? 'group' : 'term';
}

/** A parsed constraint: OR of AND-groups of terms. */
export interface Constraint {
  /** The text as written. */
  readonly source: string;
  /** True when some term names a prerelease (`>=1.0.0-0`), which lets prereleases match. */
  readonly mentionsPrerelease: boolean;
  /** Whether `v` satisfies the constraint. */
  check(v: ChartVersion): boolean;
  /** The lowest version a term names, used to suggest nearby versions in errors. */
  readonly anchor?: ChartVersion;
}

/** Thrown by {@link parseConstraint}; callers turn it into a UserError with the file:line. */
export class ConstraintSyntaxError extends Error {
  constructor(readonly constraint: string, detail: string) {
    super(`invalid version constraint "${constraint}": ${detail}`);
    this.name = 'ConstraintSyntaxError';
  }
}

const OPS = '!=|>=|=>|<=|=<|~>|=|>|<|~|\\^';
const PART = '[0-9xX*]+';
const CV = `v?${PART}(?:\\.${PART})?(?:\\.${PART})?(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?`;
const TERM_RE = new RegExp(`^(${OPS})?\\s*(${CV})`);
const CV_PARTS_RE =
  /^v?([0-9xX*]+)(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const RANGE_RE = new RegExp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`, 'g');

const isX = (s: string | undefined): boolean => s === 'x' || s === 'X' || s === '*';

function normaliseOp(op: string | undefined): Op {
  switch (op ?? '') {
    case '=>':
      return '>=';
    case '=<':
      return '<=';
    case '~>':
      return '~';
    default:
      return (op ?? '') as Op;
  }
}

function parseTerm(op: string | undefined, cv: string, whole: string): Term {
  const m = CV_PARTS_RE.exec(cv);
  if (!m) throw new ConstraintSyntaxError(whole, `"${cv}" is not a version`);
  const [, major, dotMinor, dotPatch, pre] = m;
  const minor = dotMinor?.slice(1);
  const patch = dotPatch?.slice(1);
  let text = cv.replace(/^v/, '');
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  // A wildcard or missing part makes the term a range; the rest is filled with zeros
  // (build metadata is dropped then, as Masterminds does).
  if (isX(major)) {
    text = `0.0.0${pre ?? ''}`;
    dirty = true;
  } else if (minor === undefined || isX(minor)) {
    text = `${major}.0.0${pre ?? ''}`;
    dirty = minorDirty = true;
  } else if (patch === undefined || isX(patch)) {
    text = `${major}.${minor}.0${pre ?? ''}`;
    dirty = patchDirty = true;
  }
  if (/[xX*]/.test(text.split(/[-+]/)[0]!)) throw new ConstraintSyntaxError(whole, `"${cv}" has a wildcard before a number`);
  const con = parseVersion(text);
  if (!con) throw new ConstraintSyntaxError(whole, `"${cv}" is not a version`);
  return { op: normaliseOp(op), con, dirty, minorDirty, patchDirty };
}

const lt = (a: ChartVersion, b: ChartVersion) => compareVersions(a, b) < 0;

function tilde(v: ChartVersion, t: Term): boolean {
  if (lt(v, t.con)) return false;
  // `~0.0.0` (also `~*`) accepts everything.
  if (t.con.major === 0 && t.con.minor === 0 && t.con.patch === 0 && !t.minorDirty && !t.patchDirty) return true;
  if (v.major !== t.con.major) return false;
  if (v.minor !== t.con.minor && !t.minorDirty) return false;
  return true;
}

function caret(v: ChartVersion, t: Term): boolean {
  if (lt(v, t.con)) return false;
  if (t.con.major > 0 || t.minorDirty) return v.major === t.con.major;
  if (v.major > 0) return false;
  if (t.con.minor > 0 || t.patchDirty) return v.minor === t.con.minor;
  if (v.minor > 0) return false;
  return v.patch === t.con.patch;
}

function notEqual(v: ChartVersion, t: Term, scope: PrereleaseScope = 'term'): boolean {
  if (!t.dirty) return compareVersions(v, t.con) !== 0;
  if (scope === 'term' && v.prerelease && !t.con.prerelease) return false;
  if (t.con.major !== v.major) return true;
  if (t.minorDirty) return false;
  if (t.con.minor !== v.minor) return true;
  if (t.patchDirty) {
    if (v.prerelease || t.con.prerelease) return comparePrerelease(v.prerelease, t.con.prerelease) !== 0;
    return false;
  }
  return t.con.patch !== v.patch;
}

function checkTerm(v: ChartVersion, t: Term, scope: PrereleaseScope, groupHasPre: boolean): boolean {
  if (scope === 'group') {
    if (v.prerelease && !groupHasPre) return false;
  } else {
    if (t.op === '!=') return notEqual(v, t);
    // A prerelease only satisfies a term that asks for prereleases (Masterminds issue 21).
    if (v.prerelease && !t.con.prerelease) return false;
  }
  if (t.op === '!=') return notEqual(v, t, scope);
  const c = compareVersions(v, t.con);
  switch (t.op) {
    case '':
    case '=':
      return t.dirty ? tilde(v, t) : c === 0;
    case '<':
      return c < 0;
    case '>=':
      return c >= 0;
    case '>':
      if (!t.dirty) return c > 0;
      if (v.major !== t.con.major) return v.major > t.con.major;
      if (t.minorDirty) return false;
      if (t.patchDirty) return v.minor > t.con.minor;
      return c > 0;
    case '<=':
      if (!t.dirty) return c <= 0;
      if (v.major > t.con.major) return false;
      if (v.major === t.con.major && v.minor > t.con.minor && !t.minorDirty) return false;
      return true;
    case '~':
      return tilde(v, t);
    case '^':
      return caret(v, t);
  }
}

function parseAndGroup(segment: string, whole: string): Term[] {
  const terms: Term[] = [];
  let rest = segment.trim();
  if (rest === '') throw new ConstraintSyntaxError(whole, 'empty constraint');
  while (rest.length > 0) {
    const m = TERM_RE.exec(rest);
    if (!m) throw new ConstraintSyntaxError(whole, `cannot read "${rest}"`);
    terms.push(parseTerm(m[1], m[2]!, whole));
    rest = rest.slice(m[0].length);
    const sep = /^\s*,\s*|^\s+/.exec(rest);
    if (sep) {
      rest = rest.slice(sep[0].length);
      if (rest === '') throw new ConstraintSyntaxError(whole, 'trailing separator');
    } else if (rest.length > 0) {
      throw new ConstraintSyntaxError(whole, `cannot read "${rest}"`);
    }
  }
  return terms;
}

/** Parses a Helm (Masterminds) constraint; throws {@link ConstraintSyntaxError}. */
export function parseConstraint(source: string, scope: PrereleaseScope = 'group'): Constraint {
  const rewritten = source.replace(RANGE_RE, (_all, from: string, to: string) => `>= ${from}, <= ${to}`);
  const groups = rewritten.split('||').map((g) => parseAndGroup(g, source));
  const all = groups.flat();
  const anchor = all
    .map((t) => t.con)
    .sort(compareVersions)
    .at(0);
  return {
    source,
    mentionsPrerelease: all.some((t) => t.con.prerelease !== ''),
    anchor,
    check: (v) =>
      groups.some((g) => {
        const groupHasPre = g.some((t) => t.con.prerelease !== '');
        return g.every((t) => checkTerm(v, t, scope, groupHasPre));
      }),
  };
}
