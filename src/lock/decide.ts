/**
 * The one-writer lock's decisions (pure; the clock is an input): given the
 * Lease as last read, is it ours, free, expired or held by a live writer —
 * and what to write.
 *
 * A holder is live while its last renewal is younger than its
 * leaseDurationSeconds. Two clocks judge that, and the lease is expired as
 * soon as either says so:
 * - the holder's own: `renewTime + leaseDurationSeconds` is past (so a lease
 *   a crashed run left an hour ago is taken at once);
 * - ours, as client-go's leader election measures it: the Lease has not
 *   changed (same resourceVersion) for leaseDurationSeconds since we first
 *   saw it this way (so a holder whose clock runs ahead cannot keep it for ever).
 * A live holder renews every third of its duration, so clocks that agree to
 * within a third of the TTL never take a live lease.
 */
import type { LeaseState } from './lease.js';

/** When this process first saw the Lease at its current resourceVersion (our clock). */
export interface Sighting {
  resourceVersion: string;
  /** Epoch ms, our clock. */
  since: number;
}

/** What the holder of a live lease looks like to a waiting writer. */
export interface HeldBy {
  holder: string;
  /** How long it has held it (from acquireTime), when known. */
  heldForMs?: number;
  /** Since its last renewal, when known. */
  renewedAgoMs?: number;
  /** Until it expires unless renewed. */
  expiresInMs: number;
  durationSeconds: number;
}

export type AcquireStep =
  /** No Lease yet: create it. */
  | { kind: 'create' }
  /** Free (released) or expired: replace it with us as holder, at its resourceVersion. */
  | { kind: 'take'; transitions: number; expired?: HeldBy & { expiredAgoMs: number } }
  /** Already ours (an earlier write of ours that we did not see answered). */
  | { kind: 'mine' }
  /** Held by a live writer. */
  | { kind: 'wait'; held: HeldBy };

export interface AcquireInput {
  /** The Lease as just read; undefined when it does not exist. */
  lease?: LeaseState;
  /** Our holder identity. */
  me: string;
  /** Now, epoch ms, our clock. */
  now: number;
  /** When we first saw this resourceVersion (absent: just now). */
  seen?: Sighting;
  /** The duration assumed when the Lease names none. */
  defaultDurationSeconds: number;
}

/** When a holder's lease ends unless renewed (epoch ms, our clock), by the rules above. */
export function expiryOf(lease: LeaseState, seen: Sighting | undefined, now: number, defaultDurationSeconds: number): number {
  const durMs = (lease.durationSeconds ?? defaultDurationSeconds) * 1000;
  const since = seen && seen.resourceVersion === lease.resourceVersion ? seen.since : now;
  const local = since + durMs;
  const theirs = lease.renewTime !== undefined ? lease.renewTime + durMs : lease.acquireTime !== undefined ? lease.acquireTime + durMs : local;
  return Math.min(local, theirs);
}

function heldBy(lease: LeaseState, expiresAt: number, now: number, defaultDurationSeconds: number): HeldBy {
  return {
    holder: lease.holder,
    ...(lease.acquireTime !== undefined ? { heldForMs: Math.max(0, now - lease.acquireTime) } : {}),
    ...(lease.renewTime !== undefined ? { renewedAgoMs: Math.max(0, now - lease.renewTime) } : {}),
    expiresInMs: Math.max(0, expiresAt - now),
    durationSeconds: lease.durationSeconds ?? defaultDurationSeconds,
  };
}

/** The next step of acquiring the lock. */
export function decideAcquire(input: AcquireInput): AcquireStep {
  const { lease, me, now } = input;
  if (!lease) return { kind: 'create' };
  if (lease.holder === me) return { kind: 'mine' };
  if (lease.holder === '') return { kind: 'take', transitions: lease.transitions + 1 };
  const expiresAt = expiryOf(lease, input.seen, now, input.defaultDurationSeconds);
  const held = heldBy(lease, expiresAt, now, input.defaultDurationSeconds);
  if (expiresAt <= now) return { kind: 'take', transitions: lease.transitions + 1, expired: { ...held, expiredAgoMs: now - expiresAt } };
  return { kind: 'wait', held };
}

export type RenewStep =
  /** Still ours: write a new renewTime at this resourceVersion. */
  | { kind: 'renew'; resourceVersion: string }
  /** Someone else holds it now, or it is gone: the lock is lost. */
  | { kind: 'lost'; holder: string };

/** After a renewal was refused (409), with the Lease read again: renew at its new resourceVersion, or lost. */
export function decideRenew(lease: LeaseState | undefined, me: string): RenewStep {
  if (lease && lease.holder === me) return { kind: 'renew', resourceVersion: lease.resourceVersion };
  return { kind: 'lost', holder: lease?.holder ?? '' };
}

/** How long to wait before looking again: the poll interval, or less when the lease expires or the deadline comes first. */
export function nextPollMs(held: HeldBy, pollMs: number, untilDeadlineMs: number): number {
  return Math.max(0, Math.min(pollMs, held.expiresInMs + 50, untilDeadlineMs));
}
