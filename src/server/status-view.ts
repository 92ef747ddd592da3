/**
 * `/api/status` (issue 10): the reconcile status as a stable JSON document
 * (schemaVersion 1; fields are only ever added). Times are RFC 3339 UTC;
 * every text was masked when the status was recorded. Pure.
 */
import type { ReconcileStatus, ReleaseResult, TickResult } from '../reconcile/status.js';
import type { PlanActionKind } from '../plan/types.js';
import type { Health } from '../reconcile/health.js';

export interface TickView {
  n: number;
  result: TickResult;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  /** `1 to upgrade, 2 unchanged` (ticks that planned). */
  summary?: string;
  /** Why an `error` tick wrote nothing (file:line and hint), masked. */
  error?: string;
}

export interface ReleaseView {
  id: string;
  namespace: string;
  name: string;
  action: PlanActionKind;
  result: ReleaseResult;
  /** helm's last stored revision known. */
  revision: number | null;
  drifted: boolean;
  suspended: boolean;
  reason: string | null;
  /** First line of the last failure, secrets masked. */
  lastError: string | null;
  /** Consecutive failures. */
  failures: number;
  /** When the release is tried again while backing off. */
  nextRetryAt: string | null;
}

export interface StatusView {
  schemaVersion: 1;
  /** Ready once a tick finished in which nothing failed (as `/readyz`). */
  ready: boolean;
  /** False once SIGTERM/SIGINT stopped the loop. */
  running: boolean;
  /** As `/healthz`: false while stopping or stuck (a tick, or the wait for the next, overran --stuck-after). */
  healthy: boolean;
  /** Why not healthy (`stuck: tick 3 has run for 31m…`), else null. */
  unhealthy: string | null;
  startedAt: string;
  ticks: number;
  lastTick: TickView | null;
  /** The last tick that loaded and planned (not `error`): the releases below are from it. */
  lastGoodTick: TickView | null;
  lastSuccessAt: string | null;
  /** While waiting; null while a tick runs (see currentTick) or once stopping. */
  nextTickAt: string | null;
  /** The tick under way, if one is. */
  currentTick: { n: number; startedAt: string } | null;
  /** Git commit of the releases file reconciled, when it is in a git work tree. */
  sourceRevision: string | null;
  /** The last `git pull --ff-only` (with --pull): when, whether it worked, git's error line (credentials masked). */
  lastPull: { at: string; ok: boolean; from: string | null; error: string | null } | null;
  releases: ReleaseView[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function tickView(t: ReconcileStatus['lastTick']): TickView | null {
  if (!t) return null;
  return {
    n: t.n,
    result: t.result,
    startedAt: iso(t.startedAt)!,
    finishedAt: iso(t.finishedAt)!,
    durationSeconds: Math.max(0, t.finishedAt - t.startedAt) / 1000,
    ...(t.summary !== undefined ? { summary: t.summary } : {}),
    ...(t.error !== undefined ? { error: t.error } : {}),
  };
}

/** Is the reconciler ready (`/readyz`): a tick finished in which nothing failed. */
export function isReady(s: ReconcileStatus): boolean {
  return s.lastSuccessAt !== undefined;
}

export function statusView(s: ReconcileStatus, running: boolean, health: Health = running ? { healthy: true } : { healthy: false, why: 'stopping', message: 'stopping' }): StatusView {
  return {
    schemaVersion: 1,
    ready: isReady(s),
    running,
    healthy: health.healthy,
    unhealthy: health.healthy ? null : health.message,
    startedAt: iso(s.startedAt)!,
    ticks: s.ticks,
    lastTick: tickView(s.lastTick),
    lastGoodTick: tickView(s.lastGoodTick),
    lastSuccessAt: iso(s.lastSuccessAt),
    nextTickAt: iso(s.nextTickAt),
    currentTick: s.currentTick ? { n: s.currentTick.n, startedAt: iso(s.currentTick.startedAt)! } : null,
    sourceRevision: s.revision ?? null,
    lastPull: s.source?.pull ? { at: iso(s.source.pull.at)!, ok: s.source.pull.ok, from: s.source.pull.from ?? null, error: s.source.pull.error ?? null } : null,
    releases: s.releases.map((r) => ({
      id: r.id,
      namespace: r.namespace,
      name: r.name,
      action: r.action,
      result: r.result,
      revision: r.revision ?? null,
      drifted: r.drifted,
      suspended: Boolean(r.suspended),
      reason: r.reason ?? null,
      lastError: r.lastError ?? null,
      failures: r.failures,
      nextRetryAt: iso(r.nextRetryAt),
    })),
  };
}
