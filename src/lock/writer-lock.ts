/**
 * One writer at a time (issue 10, issue 14): a Lease per cluster and owner,
 * taken before a run writes, renewed while it is held, released when the run
 * ends. Decisions are src/lock/decide.ts (pure); this file does the waiting
 * and the writes, with an injected clock so tests run it instantly.
 *
 * - acquire: read the Lease; create it when absent, take it when free or
 *   expired (PUT at the resourceVersion read: a 409 means another writer won,
 *   so read again), wait while a live writer holds it, saying who once per
 *   holder, until `timeoutMs`; then a UserError naming the holder.
 * - renew: every third of the TTL, a PUT of renewTime at the resourceVersion
 *   last written. A renewal refused because the Lease changed is lost when
 *   someone else holds it now; a renewal that cannot reach the API for a
 *   whole TTL is lost too (another writer may have taken it). `lost` fires.
 * - release: the holder is cleared (PUT at our resourceVersion), so the next
 *   writer takes it at once. A run killed before it releases (SIGKILL) leaves
 *   a Lease that expires after leaseDurationSeconds.
 */
import type { Clock, Logger } from '../ports/index.js';
import { decideAcquire, decideRenew, nextPollMs, type Sighting } from './decide.js';
import { TransientLeaseError, type LeaseApi, type WriteOutcome } from './kubectl-lease.js';
import type { LeaseState, LeaseWrite } from './lease.js';
import { lockInterruptedError, lockLabel, lockTimeoutError, waitingMessage } from './messages.js';

export interface LeaseLockOptions {
  api: LeaseApi;
  namespace: string;
  name: string;
  /** What the lock is for (an annotation on the Lease): the owner. */
  owner: string;
  /** Our holderIdentity. */
  identity: string;
  /** leaseDurationSeconds. */
  ttlSeconds: number;
  /** How long to wait for a live holder (0: fail at once). */
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  /** Between reads while waiting (default 2 s). */
  pollMs?: number;
  /** Stops the wait (SIGTERM/SIGINT). */
  signal?: AbortSignal;
}

export const OWNER_ANNOTATION = 'helmsync.dev/owner';
const LABELS = { 'app.kubernetes.io/managed-by': 'helmsync' };

/** One Lease on one cluster. */
export class LeaseLock {
  private held?: LeaseState;
  private renewing?: Promise<void>;
  private stopRenew?: AbortController;
  private readonly lostCtl = new AbortController();
  /** Fires when the lock was lost while held (taken over, or not renewable for a TTL). */
  readonly lost: AbortSignal = this.lostCtl.signal;
  readonly label: string;

  constructor(private readonly o: LeaseLockOptions) {
    this.label = lockLabel(o.namespace, o.name, o.api.where);
  }

  get isHeld(): boolean {
    return this.held !== undefined && !this.lost.aborted;
  }

  private body(now: number, over: Partial<LeaseWrite>): LeaseWrite {
    return {
      name: this.o.name,
      namespace: this.o.namespace,
      holder: this.o.identity,
      durationSeconds: this.o.ttlSeconds,
      acquireTime: now,
      renewTime: now,
      transitions: 0,
      labels: LABELS,
      annotations: { [OWNER_ANNOTATION]: this.o.owner },
      ...over,
    };
  }

  private interrupted(): Error {
    const why = this.o.signal?.reason instanceof Error ? this.o.signal.reason.message : 'interrupted';
    return lockInterruptedError(this.label, why);
  }

  private async pause(ms: number): Promise<void> {
    try {
      await this.o.clock.sleep(ms, this.o.signal);
    } catch {
      throw this.interrupted();
    }
  }

  /** Waits until the lock is ours (or throws a UserError naming the holder after the timeout). */
  async acquire(): Promise<void> {
    if (this.held) return;
    const { clock, logger } = this.o;
    const poll = this.o.pollMs ?? 2000;
    const deadline = clock.now() + this.o.timeoutMs;
    let seen: Sighting | undefined;
    let announced: string | undefined;
    for (;;) {
      if (this.o.signal?.aborted) throw this.interrupted();
      let outcome: WriteOutcome | 'mine' | undefined;
      let lease: LeaseState | undefined;
      try {
        lease = await this.o.api.get(this.o.namespace, this.o.name);
        const now = clock.now();
        if (lease && seen?.resourceVersion !== lease.resourceVersion) seen = { resourceVersion: lease.resourceVersion, since: now };
        const step = decideAcquire({ ...(lease ? { lease } : {}), me: this.o.identity, now, ...(seen ? { seen } : {}), defaultDurationSeconds: this.o.ttlSeconds });
        if (step.kind === 'wait') {
          if (now >= deadline) throw lockTimeoutError(this.label, step.held, this.o.timeoutMs);
          if (announced !== step.held.holder) logger.warn(waitingMessage(this.label, step.held, this.o.timeoutMs));
          announced = step.held.holder;
          await this.pause(nextPollMs(step.held, poll, deadline - now));
          continue;
        }
        if (step.kind === 'mine') outcome = 'mine';
        else if (step.kind === 'create') outcome = await this.o.api.create(this.body(now, {}));
        else {
          if (step.expired) {
            logger.warn(`${this.label}: ${step.expired.holder} did not renew it for ${step.expired.durationSeconds}s (a crashed run?); taking it over`);
          }
          outcome = await this.o.api.replace(this.body(now, { resourceVersion: lease!.resourceVersion, transitions: step.transitions }));
        }
      } catch (e) {
        if (!(e instanceof TransientLeaseError)) throw e;
        // The API server is flapping: look again, until the deadline.
        if (clock.now() >= deadline) throw e;
        await this.pause(Math.min(poll, Math.max(0, deadline - clock.now())));
        continue;
      }
      if (outcome === 'mine') this.held = lease;
      else if (outcome.ok) this.held = outcome.lease;
      else continue; // another writer created or wrote it first: read again
      logger.debug(`${this.label}: acquired as ${this.o.identity}`);
      this.startRenewing();
      return;
    }
  }

  private startRenewing(): void {
    const stop = new AbortController();
    this.stopRenew = stop;
    this.renewing = this.renewLoop(stop.signal);
  }

  private lose(why: string): void {
    this.o.logger.error(`${this.label}: lost the lock (${why}); no further release starts`);
    this.lostCtl.abort(new Error(`lost the ${this.label}: ${why}`));
  }

  private async renewLoop(stop: AbortSignal): Promise<void> {
    const { clock, api, logger } = this.o;
    const every = Math.max(1, Math.floor((this.o.ttlSeconds * 1000) / 3));
    let lastOk = clock.now();
    let again = false;
    while (!stop.aborted && this.held) {
      if (!again) {
        try {
          await clock.sleep(every, stop);
        } catch {
          return;
        }
      }
      again = false;
      const held = this.held;
      const now = clock.now();
      try {
        const r = await api.replace(this.body(held.acquireTime ?? now, { resourceVersion: held.resourceVersion, renewTime: now, transitions: held.transitions }));
        if (stop.aborted) return;
        if (r.ok) {
          this.held = r.lease;
          lastOk = now;
          continue;
        }
        const current = await api.get(this.o.namespace, this.o.name);
        const d = decideRenew(current, this.o.identity);
        if (d.kind === 'lost') {
          this.lose(d.holder ? `it is held by ${d.holder} now` : 'the Lease was deleted or released by someone else');
          return;
        }
        this.held = current;
        again = true;
      } catch (e) {
        if (stop.aborted) return;
        if (clock.now() - lastOk >= this.o.ttlSeconds * 1000) {
          this.lose(`not renewed for ${this.o.ttlSeconds}s: ${(e as Error).message}`);
          return;
        }
        logger.warn(`${this.label}: renewal failed, trying again: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }

  /** Clears the holder so the next writer takes it at once; never throws (a Lease left behind expires). */
  async release(): Promise<void> {
    if (!this.held) return;
    this.stopRenew?.abort();
    await this.renewing;
    // The renewals moved it on: release at the resourceVersion last written.
    const latest = this.held;
    this.held = undefined;
    if (!latest || this.lost.aborted) return;
    const { clock, api, logger } = this.o;
    try {
      let rv = latest.resourceVersion;
      for (let attempt = 0; attempt < 2; attempt++) {
        const r = await api.replace(this.body(latest.acquireTime ?? clock.now(), { resourceVersion: rv, holder: '', renewTime: clock.now(), transitions: latest.transitions }));
        if (r.ok) {
          logger.debug(`${this.label}: released`);
          return;
        }
        const current = await api.get(this.o.namespace, this.o.name);
        if (!current || current.holder !== this.o.identity) return; // not ours any more: nothing to release
        rv = current.resourceVersion;
      }
    } catch (e) {
      logger.warn(`${this.label}: could not release it (${(e as Error).message.split('\n')[0]}); it frees itself within ${this.o.ttlSeconds}s`);
    }
  }
}

/** The locks of every cluster a run writes to, taken in a fixed order (two runs never wait on each other in a circle). */
export class WriterLock {
  readonly lost: AbortSignal;

  constructor(private readonly locks: readonly LeaseLock[]) {
    this.lost = locks.length ? AbortSignal.any(locks.map((l) => l.lost)) : new AbortController().signal;
  }

  get isHeld(): boolean {
    return this.locks.length > 0 && this.locks.every((l) => l.isHeld);
  }

  /** Takes every lock, in order; on failure releases those already taken and throws. */
  async acquire(): Promise<void> {
    try {
      for (const l of this.locks) await l.acquire();
    } catch (e) {
      await this.release();
      throw e;
    }
  }

  async release(): Promise<void> {
    await Promise.all(this.locks.map((l) => l.release()));
  }
}
