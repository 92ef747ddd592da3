/**
 * The marks helmsync keeps on a release in helm's own storage (issue 10,
 * "Prune and ownership" and "Suspend"), all of them helm release labels:
 * labels of the storage Secret/ConfigMap of each revision, which helm 3.13+
 * and helm 4 read back as the release's custom labels.
 *
 * - `helmsync.dev/owner=<owner>`: written with `helm upgrade --labels` on
 *   every install and upgrade helmsync makes. Which releases file (and
 *   environment) last wrote the release; `--prune` only ever uninstalls
 *   releases that carry its own owner.
 * - `helmsync.dev/depth=<n>`: the release's depth in the `needs` graph when it
 *   was written (0: needs nothing). A pruned release is no longer in the file,
 *   so this is how prune still removes dependants before what they need.
 * - `helmsync.dev/protected=true`: set by the operator (kubectl label, or the
 *   release's `labels:` with `syncReleaseLabels: true`); never pruned.
 * - `helmsync.dev/suspended=true`: set by `helmsync suspend` on every stored
 *   revision with kubectl (no new helm revision); apply, sync and reconcile
 *   leave the release alone until `helmsync resume`.
 *
 * How helm treats them (checked with helm 3.17.3 and 4.1.4, test/e2e/ownership.test.ts):
 * an upgrade merges the labels it is given over those of the last revision,
 * so a plain `helm upgrade` keeps every mark, kubectl-added ones included;
 * `helm rollback N` gives the new revision the labels of revision N.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors/index.js';

export const OWNER_LABEL = 'helmsync.dev/owner';
export const DEPTH_LABEL = 'helmsync.dev/depth';
export const PROTECTED_LABEL = 'helmsync.dev/protected';
export const SUSPENDED_LABEL = 'helmsync.dev/suspended';

/** A Kubernetes label value: at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends. */
const LABEL_VALUE_RE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** True when `v` may be stored as a label value. */
export function isLabelValue(v: string): boolean {
  return LABEL_VALUE_RE.test(v);
}

/** Label values other tools write for "yes". */
export function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(true|yes|1|on)$/i.test(v);
}

export interface OwnerSource {
  /**
   * Everything that tells this releases file apart from every other one that
   * may deploy to the same cluster (hashed, never shown): the repository
   * (its origin URL without credentials, else its root directory) and the
   * path inside it, or the absolute path outside a git work tree.
   */
  id: string;
  /** What a person recognises the file by (`repo.deploy/helmfile.yaml`), shown as far as it fits. */
  readable: string;
  /** The environment (`-e`). */
  environment: string;
}

function slug(s: string): string {
  return s.replace(/\//g, '.').replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * The owner derived from the releases file and environment:
 * `<readable>_<environment>_<8 hex>` with `/` as `.` and other characters a
 * label value cannot hold as `-`, shortened to fit 63 characters; the hash
 * (of the id and the environment) keeps two sources apart when their
 * readable parts collide or are cut.
 */
export function deriveOwner(src: OwnerSource): string {
  const hash = createHash('sha256').update(`${src.id}\0${src.environment}`).digest('hex').slice(0, 8);
  let readable = `${slug(src.readable)}_${slug(src.environment)}`.slice(0, 63 - 1 - hash.length);
  readable = readable.replace(/^[^A-Za-z0-9]+/, '');
  return readable ? `${readable}_${hash}` : hash;
}

/** Validates `--owner NAME`: refused before anything is read or written. */
export function checkOwnerName(name: string): string {
  if (!isLabelValue(name)) {
    throw new UserError(`--owner "${name}" cannot be stored as a helm release label value`, {
      hint: 'use at most 63 characters of letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
    });
  }
  return name;
}
