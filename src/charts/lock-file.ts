/**
 * The state lock file in Helmfile's format and place (inventory §4.1): next to
 * the releases file as `<basename>.lock` unless `lockFilePath:` says otherwise
 * (relative to the releases file's directory; templated per environment by the
 * state loader). A Helmfile user can switch to helmsync and back with one lock.
 *
 *   version: 0.1.0                 # tool version (Helmfile validates it as semver)
 *   dependencies:
 *     - name: raw
 *       repository: http://localhost:18080/
 *       version: 0.0.1
 *   digest: sha256:…               # helm's Chart.lock digest of (requirements, locked)
 *   generated: "2022-10-12T20:17:15.98786845+03:00"
 */
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { FileSystem } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import type { LoadedStateFile } from '../state/types.js';
import { type PrereleaseScope, parseConstraint } from './constraint.js';
import { compareVersions, parseVersion } from './version.js';

export interface LockedDependency {
  name: string;
  repository: string;
  version: string;
}

export interface LockFile {
  version: string;
  dependencies: LockedDependency[];
  digest: string;
  generated: string;
}

/** What `deps` asked for: one entry per lockable release (Helmfile's unresolvedChartDependency). */
export interface LockRequirement {
  name: string;
  repository: string;
  /** The constraint, `*` when empty. */
  version: string;
  /** `<namespace>-<release>`. */
  alias: string;
}

/** Absolute path of a state file's lock file. */
export function lockFilePathFor(file: Pick<LoadedStateFile, 'lockFilePath' | 'dir'>): string {
  return isAbsolute(file.lockFilePath) ? file.lockFilePath : resolve(file.dir, file.lockFilePath);
}

/** Reads a lock file; undefined when it does not exist. */
export function readLockFile(fs: FileSystem, path: string): LockFile | undefined {
  if (!fs.exists(path)) return undefined;
  let doc: unknown;
  try {
    doc = parse(fs.readFile(path), { schema: 'failsafe' });
  } catch (e) {
    throw new UserError(`lock file ${path} is not valid YAML: ${(e as Error).message}`, {
      location: { file: path },
      hint: 'delete it and run `helmsync deps` to write a new one',
      cause: e,
    });
  }
  const d = (doc ?? {}) as Record<string, unknown>;
  const deps = Array.isArray(d.dependencies) ? d.dependencies : [];
  return {
    version: d.version === undefined ? '' : String(d.version),
    dependencies: deps.map((x) => {
      const o = (x ?? {}) as Record<string, unknown>;
      return { name: String(o.name ?? ''), repository: String(o.repository ?? ''), version: String(o.version ?? '') };
    }),
    digest: d.digest === undefined ? '' : String(d.digest),
    generated: d.generated === undefined ? '' : String(d.generated),
  };
}

/** A YAML scalar as yaml.v3 would print it (quoted only when needed). */
function scalar(s: string): string {
  return stringify(s).trimEnd();
}

/** Serialises in Helmfile's layout (yaml.v3, indent 2, sequence items indented). */
export function formatLockFile(lock: LockFile): string {
  const lines = [`version: ${scalar(lock.version)}`, 'dependencies:'];
  for (const d of lock.dependencies) {
    lines.push(`  - name: ${scalar(d.name)}`, `    repository: ${scalar(d.repository)}`, `    version: ${scalar(d.version)}`);
  }
  lines.push(`digest: ${scalar(lock.digest)}`, `generated: "${lock.generated}"`);
  return lines.join('\n') + '\n';
}

/** JSON the way Go's encoding/json writes it: `<`, `>`, `&` escaped. */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * helm's `resolver.HashReq`: sha256 over the JSON of [requirements, locked],
 * fields in chart.Dependency order — so the digest equals what
 * `helm dependency update` on Helmfile's temp chart would have written.
 */
export function lockDigest(reqs: readonly LockRequirement[], locked: readonly LockedDependency[]): string {
  const r = reqs.map((d) => ({ name: d.name, ...(d.version ? { version: d.version } : {}), repository: d.repository, ...(d.alias ? { alias: d.alias } : {}) }));
  const l = locked.map((d) => ({ name: d.name, ...(d.version ? { version: d.version } : {}), repository: d.repository }));
  return 'sha256:' + createHash('sha256').update(goJson([r, l])).digest('hex');
}

/**
 * The locked version for a chart under a constraint (`*` when empty): the NEWEST
 * locked entry of that name that satisfies it — what `deps` resolved for that
 * constraint, since helm resolves every constraint to its newest match (issue 13,
 * defect 1: taking the first entry, as Helmfile's ResolvedDependencies.Get does,
 * gave a release without `version:` the oldest version other releases pin).
 * When the lock has entries of that name from the release's repository URL, only
 * those count, so two repositories serving a chart of the same name never mix;
 * with none (the URL changed: another port, a mirror) any entry of that name
 * applies, as in Helmfile, whose snapshot corpus relies on that.
 */
export function findLockedVersion(lock: LockFile, name: string, constraint: string, repository?: string, scope?: PrereleaseScope): string | undefined {
  const c = parseConstraint(constraint.trim() === '' ? '*' : constraint, scope);
  const named = lock.dependencies.filter((d) => d.name === name);
  const sameRepo = repository ? named.filter((d) => d.repository && sameRepository(d.repository, repository)) : [];
  const pool = sameRepo.length ? sameRepo : named;
  let best: { version: string; parsed: NonNullable<ReturnType<typeof parseVersion>> } | undefined;
  for (const d of pool) {
    const v = parseVersion(d.version);
    if (v === undefined || !c.check(v)) continue;
    if (!best || compareVersions(v, best.parsed) > 0) best = { version: d.version, parsed: v };
  }
  return best?.version;
}

function sameRepository(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
