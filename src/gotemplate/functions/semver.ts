/**
 * Masterminds/semver v3 as sprig exposes it: `semver` returns a *semver.Version host object
 * (fields via methods Major/Minor/Patch/Prerelease/Metadata/Original, Compare), and
 * `semverCompare` checks constraints (`>=1.2 <2`, `~1.2`, `^1`, `1.2.x`, `||`, hyphen ranges).
 */
import type { GoObject } from '../value.js';
import { fail, str, type Impl } from './define.js';

const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** A parsed semantic version (Masterminds/semver v3 `*Version`). */
export class SemverVersion implements GoObject {
  readonly goType = '*semver.Version';
  readonly goKind = 'ptr';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {}

  /** semver.NewVersion (loose: `v` prefix and missing minor/patch allowed). */
  static parse(v: string): SemverVersion {
    const m = VERSION_RE.exec(v);
    if (!m) throw new Error('Invalid Semantic Version');
    const pre = m[5] ?? '';
    if (pre) for (const id of pre.split('.')) if (/^0[0-9]+$/.test(id)) throw new Error('Version segment starts with 0');
    const num = (s: string | undefined): bigint => {
      const n = BigInt(s ? s.replace(/^\./, '') : '0');
      if (n > 18446744073709551615n) throw new Error('Invalid Semantic Version');
      return n;
    };
    return new SemverVersion(num(m[1]), num(m[2]), num(m[3]), pre, m[8] ?? '', v);
  }

  toString(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? '-' + this.pre : ''}${this.metadata ? '+' + this.metadata : ''}`;
  }

  goString(): string {
    return this.toString();
  }

  goField(): unknown {
    return undefined;
  }

  goMethod(name: string): ((...args: unknown[]) => unknown) | undefined {
    const big = (n: bigint): number | bigint => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
    switch (name) {
      case 'Major': return () => big(this.major);
      case 'Minor': return () => big(this.minor);
      case 'Patch': return () => big(this.patch);
      case 'Prerelease': return () => this.pre;
      case 'Metadata': return () => this.metadata;
      case 'Original': return () => this.original;
      case 'String': return () => this.toString();
      case 'Compare': return (o: unknown) => this.compare(asVersion(o));
      case 'LessThan': return (o: unknown) => this.compare(asVersion(o)) < 0;
      case 'GreaterThan': return (o: unknown) => this.compare(asVersion(o)) > 0;
      case 'Equal': return (o: unknown) => this.compare(asVersion(o)) === 0;
      case 'IncMajor': return () => new SemverVersion(this.major + 1n, 0n, 0n, '', '', `${this.major + 1n}.0.0`);
      case 'IncMinor': return () => new SemverVersion(this.major, this.minor + 1n, 0n, '', '', `${this.major}.${this.minor + 1n}.0`);
      case 'IncPatch': return () => (this.pre ? new SemverVersion(this.major, this.minor, this.patch, '', '', `${this.major}.${this.minor}.${this.patch}`) : new SemverVersion(this.major, this.minor, this.patch + 1n, '', '', `${this.major}.${this.minor}.${this.patch + 1n}`));
      default: return undefined;
    }
  }

  /** -1, 0 or 1; metadata is ignored, a prerelease sorts before its release. */
  compare(o: SemverVersion): number {
    for (const [a, b] of [[this.major, o.major], [this.minor, o.minor], [this.patch, o.patch]] as const) {
      if (a !== b) return a < b ? -1 : 1;
    }
    return comparePre(this.pre, o.pre);
  }
}

function asVersion(o: unknown): SemverVersion {
  if (o instanceof SemverVersion) return o;
  fail('wrong type for value; expected *semver.Version');
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = a.split('.'), y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const xn = /^[0-9]+$/.test(x[i]), yn = /^[0-9]+$/.test(y[i]);
    if (xn && yn) {
      const d = BigInt(x[i]) - BigInt(y[i]);
      if (d !== 0n) return d < 0n ? -1 : 1;
    } else if (xn !== yn) return xn ? -1 : 1;
    else if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

interface Constraint {
  op: string;
  con: SemverVersion;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string | undefined): boolean => s === 'x' || s === 'X' || s === '*';

function parseConstraint(c: string): Constraint {
  const m = /^\s*(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)?\s*v?(x|X|\*|[0-9]+)(\.(x|X|\*|[0-9]+))?(\.(x|X|\*|[0-9]+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\s*$/.exec(c);
  if (!m) throw new Error(`improper constraint: ${c}`);
  let op = m[1] ?? '';
  if (op === '=>') op = '>=';
  if (op === '=<') op = '<=';
  if (op === '~>') op = '~';
  let dirty = false, minorDirty = false, patchDirty = false;
  let major = m[2], minor = m[4], patch = m[6];
  // A wildcard major (`*`, `x`) is dirty but neither minor- nor patch-dirty: it acts like ~0.0.0.
  if (isX(major)) { dirty = true; major = '0'; minor = '0'; patch = '0'; }
  else if (minor === undefined || isX(minor)) { dirty = minorDirty = patchDirty = true; minor = '0'; patch = '0'; }
  else if (patch === undefined || isX(patch)) { dirty = patchDirty = true; patch = '0'; }
  const con = SemverVersion.parse(`${major}.${minor}.${patch}${m[7] ?? ''}${m[8] ?? ''}`);
  return { op, con, dirty, minorDirty, patchDirty };
}

function check(v: SemverVersion, c: Constraint): boolean {
  const cmp = v.compare(c.con);
  if (c.op === '!=') return notEqual(v, c, cmp);
  // A prerelease only satisfies a constraint that names a prerelease.
  if (v.pre !== '' && c.con.pre === '') return false;
  switch (c.op) {
    case '': case '=':
      if (c.dirty) return tilde(v, c, cmp);
      return cmp === 0;
    case '>':
      if (!c.dirty) return cmp > 0;
      if (v.major !== c.con.major) return v.major > c.con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
      return cmp >= 0;
    case '<=':
      if (!c.dirty) return cmp <= 0;
      if (v.major !== c.con.major) return v.major < c.con.major;
      if (c.minorDirty) return true;
      if (c.patchDirty) return v.minor <= c.con.minor;
      return cmp <= 0;
    case '~':
      return tilde(v, c, cmp);
    case '^': {
      if (cmp < 0) return false;
      if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
      if (v.major > 0n) return false;
      if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
      if (v.minor > 0n) return false;
      return v.patch === c.con.patch;
    }
  }
  return false;
}

/** Masterminds constraintNotEqual: the prerelease rule applies only to wildcard constraints. */
function notEqual(v: SemverVersion, c: Constraint, cmp: number): boolean {
  if (c.dirty) {
    if (v.pre !== '' && c.con.pre === '') return false;
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePre(v.pre, c.con.pre) !== 0;
      return false;
    }
  }
  return cmp !== 0;
}

function tilde(v: SemverVersion, c: Constraint, cmp: number): boolean {
  if (cmp < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

/** semver.NewConstraint(c).Check(v). */
export function semverCheck(constraint: string, version: SemverVersion): boolean {
  const groups = constraint.split('||');
  return groups.some((g) => {
    let text = g.trim();
    // Hyphen ranges: "1.2 - 1.4.5" → ">= 1.2, <= 1.4.5".
    text = text.replace(/(\S+)\s+-\s+(\S+)/g, '>=$1 <=$2');
    const parts = text.split(/\s*,\s*|\s+(?![0-9xX*v])/).filter(Boolean);
    const merged: string[] = [];
    for (const p of parts) {
      if (/^(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)$/.test(p)) merged.push(p);
      else if (merged.length && /^(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)$/.test(merged[merged.length - 1])) merged[merged.length - 1] += p;
      else merged.push(p);
    }
    if (merged.length === 0) throw new Error(`improper constraint: ${constraint}`);
    return merged.every((p) => check(version, parseConstraint(p)));
  });
}

export const semverFuncs: Record<string, Impl> = {
  semver: (v) => SemverVersion.parse(str(v)),
  semverCompare: (c, v) => {
    // Validate the constraint first: its error wins, as in sprig.
    for (const g of str(c).split('||')) if (!g.trim()) fail(`improper constraint: ${str(c)}`);
    semverCheck(str(c), SemverVersion.parse('0.0.0'));
    return semverCheck(str(c), SemverVersion.parse(str(v)));
  },
};
