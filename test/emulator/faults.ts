/**
 * Fault injection. Request-level faults (500s, latency, dropped connections,
 * 409 conflicts) come from `setFault`; behaviour faults can also be chosen
 * per object by annotation, so chart-based tests need no emulator calls:
 *
 * - `emulator.helmsync.dev/never-ready: "true"` on a Deployment, StatefulSet,
 *   DaemonSet or pod template: pods never become ready.
 * - `emulator.helmsync.dev/fail: "true"` on a Job (or its pod template): the
 *   Job fails with BackoffLimitExceeded. A container command containing
 *   `exit 1` does the same; an image tag `:fail` means never ready.
 * - `emulator.helmsync.dev/progress-deadline-exceeded: "true"` on a
 *   Deployment: when unready it reports `ProgressDeadlineExceeded` (helm 4
 *   then fails fast instead of waiting for the timeout).
 */
import type { Obj } from './util.js';

/** Annotation prefix of the per-object knobs. */
export const ANNOTATION_PREFIX = 'emulator.helmsync.dev/';
export const NEVER_READY = `${ANNOTATION_PREFIX}never-ready`;
export const FAIL = `${ANNOTATION_PREFIX}fail`;
export const PROGRESS_DEADLINE = `${ANNOTATION_PREFIX}progress-deadline-exceeded`;

/** Per-test fault settings (`cluster.setFault`). All optional; `{}` clears. */
export interface FaultSpec {
  /** Fraction (0..1) of matching requests answered 500 InternalError. */
  errorRate?: number;
  /** Milliseconds added before each matching request is handled. */
  latencyMs?: number;
  /** Fraction (0..1) of matching requests whose connection is dropped unanswered. */
  dropRate?: number;
  /** Fraction (0..1) of matching writes (POST/PUT/PATCH/DELETE) answered 409 Conflict. */
  conflictRate?: number;
  /** Restrict request faults to matching requests (all given parts must match). */
  match?: { method?: string; path?: string | RegExp; userAgent?: string | RegExp };
  /** Stop injecting request faults after this many. */
  times?: number;
  /** Every workload stays unready (as the never-ready annotation). */
  neverReady?: boolean;
  /** Every Job fails (as the fail annotation). */
  failJobs?: boolean;
  /** `sendInitialEvents` handling: serve WatchList (default), reject with 422, or ignore (T3). */
  watchList?: 'serve' | 'reject' | 'ignore';
}

/** What to do with one request. */
export type FaultAction = { kind: 'none' } | { kind: 'error' } | { kind: 'drop' } | { kind: 'conflict' };

function matchPart(want: string | RegExp | undefined, got: string): boolean {
  if (want === undefined) return true;
  return typeof want === 'string' ? got.includes(want) : want.test(got);
}

/** Mutable fault state of one emulator. */
export class Faults {
  spec: FaultSpec = {};
  private injected = 0;

  /** Request faults injected since the last `set`. */
  get count(): number {
    return this.injected;
  }

  set(spec: FaultSpec): void {
    this.spec = { ...spec };
    this.injected = 0;
  }

  /** Does this request fall under the request-level faults? */
  matches(method: string, url: string, ua: string): boolean {
    const m = this.spec.match;
    if (!m) return true;
    return (m.method === undefined || m.method.toUpperCase() === method) && matchPart(m.path, url) && matchPart(m.userAgent, ua);
  }

  /** Latency to add for this request. */
  latency(method: string, url: string, ua: string): number {
    return this.spec.latencyMs && this.matches(method, url, ua) ? this.spec.latencyMs : 0;
  }

  /** Decide the fault of one request (counts against `times`). */
  decide(method: string, url: string, ua: string): FaultAction {
    const s = this.spec;
    if (!this.matches(method, url, ua)) return { kind: 'none' };
    if (s.times !== undefined && this.injected >= s.times) return { kind: 'none' };
    const hit = (rate: number | undefined): boolean => rate !== undefined && rate > 0 && Math.random() < rate;
    let action: FaultAction = { kind: 'none' };
    if (hit(s.dropRate)) action = { kind: 'drop' };
    else if (hit(s.errorRate)) action = { kind: 'error' };
    else if (method !== 'GET' && hit(s.conflictRate)) action = { kind: 'conflict' };
    if (action.kind !== 'none') this.injected++;
    return action;
  }

  /** Should pods of this workload (and its template) never become ready? */
  neverReady(...objs: (Obj | undefined)[]): boolean {
    if (this.spec.neverReady) return true;
    return objs.some((o) => {
      if (!o) return false;
      if (o.metadata?.annotations?.[NEVER_READY] === 'true') return true;
      const tpl = o.spec?.template;
      if (tpl?.metadata?.annotations?.[NEVER_READY] === 'true') return true;
      const containers = ((tpl?.spec ?? o.spec)?.containers as Obj[] | undefined) ?? [];
      return containers.some((c) => /:fail$/.test(String(c.image ?? '')));
    });
  }

  /** Should this Job fail? */
  jobFails(job: Obj): boolean {
    if (this.spec.failJobs) return true;
    if (job.metadata?.annotations?.[FAIL] === 'true') return true;
    const tpl = job.spec?.template;
    if (tpl?.metadata?.annotations?.[FAIL] === 'true') return true;
    const containers = (tpl?.spec?.containers as Obj[] | undefined) ?? [];
    return containers.some((c) => [...(c.command ?? []), ...(c.args ?? [])].join(' ').includes('exit 1'));
  }
}
