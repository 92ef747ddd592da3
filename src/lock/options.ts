/**
 * The one-writer lock's settings, as the CLI passes them (`--lock-namespace`,
 * `--lock-timeout`, `--lock-ttl`, `--no-lock`). The Lease is named after the
 * run's owner mark (`--owner`, src/app/ownership.ts).
 */
import type { HolderInfo } from './identity.js';

/** `--lock-timeout` default: long enough for another run's apply to finish, short enough that a stuck CI job fails. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;
/** `--lock-ttl` default (leaseDurationSeconds): how long a crashed holder keeps others out. */
export const DEFAULT_LOCK_TTL_SECONDS = 30;
export const DEFAULT_LOCK_NAMESPACE = 'default';

export interface LockOptions {
  /** `--no-lock`: write without the lock (a cluster whose RBAC allows no Leases). */
  disabled?: boolean;
  /** `--lock-namespace`: where the Leases live (default `default`). */
  namespace: string;
  /** `--lock-timeout`: how long to wait for another writer (0: fail at once). */
  timeoutMs: number;
  /** `--lock-ttl`: leaseDurationSeconds of our Lease. */
  ttlSeconds: number;
  /** Who we are (holderIdentity). */
  holder: HolderInfo;
  /** Between reads while waiting (tests). */
  pollMs?: number;
}
