/**
 * Which Lease a run locks: one per cluster and OWNER, the owner being the
 * owner mark the run writes on its releases (src/app/ownership.ts: derived
 * from the releases file and environment, or `--owner`). The name is readable
 * (`helmsync-<owner slug>-<hash>`) and a valid DNS-1123 label of at most 63
 * characters, so it can also be a label value; the hash keeps two owners
 * whose slugs collide apart (owners differ in case and `_`, Lease names cannot).
 */
import { createHash } from 'node:crypto';

const MAX = 63;

/** The Lease name of an owner. */
export function lockName(owner: string): string {
  const hash = createHash('sha256').update(owner).digest('hex').slice(0, 10);
  const room = MAX - 'helmsync-'.length - 1 - hash.length;
  const slug = owner
    .toLowerCase()
    .replace(/\.(ya?ml|gotmpl)(?=[_@]|$)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, room)
    .replace(/-+$/, '');
  return slug ? `helmsync-${slug}-${hash}` : `helmsync-${hash}`;
}

/**
 * The release label every revision written under the lock carries
 * (`helm upgrade --labels`): which lock its writer held. Recovery reads it
 * from a pending revision: when we hold that lock now, its writer is gone.
 */
export const LOCK_LABEL = 'helmsync.dev/lock';

/**
 * `<lock digest>.r<revision>`: tied to the revision it was written for,
 * because helm copies release labels into the next revision (a plain `helm
 * upgrade` by someone else would otherwise carry it forward and claim to
 * be ours).
 */
export function lockLabelValue(name: string, revision: number): string {
  return `${createHash('sha256').update(name).digest('hex').slice(0, 20)}.r${revision}`;
}
