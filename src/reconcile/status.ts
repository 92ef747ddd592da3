/**
 * What the reconciler knows after each tick (issue 10): the last tick and its
 * result, the last good one, and per release its action, revision, drift,
 * last error and next retry. Logs, `/api/status`, the status page and the
 * metrics all read this one model; every text in it is already masked.
 * Pure: ticks are recorded from plain data.
 */
import type { PlanActionKind } from '../plan/types.js';
import type { ContestedField } from './heal-guard.js';
import type { SourceStatus } from './source.js';

export type TickResult =
  /** Nothing to do: every release in sync (or drift reported, left alone). */
  | 'in-sync'
  /** Releases were installed/upgraded/uninstalled, none failed. */
  | 'changed'
  /** At least one release failed (the others went on). */
  | 'failed'
  /** The file did not load/render or the cluster could not be read: nothing was written. */
  | 'error';

export type ReleaseResult = 'in-sync' | 'drifted' | 'changed' | 'failed' | 'skipped' | 'held' | 'suspended';

export interface ReleaseStatus {
  id: string;
  namespace: string;
  name: string;
  /** What the last tick planned for it (after holding back). */
  action: PlanActionKind;
  result: ReleaseResult;
  /** Live objects differ from desired (reported; healed only with --self-heal). */
  drifted: boolean;
  /** Marked by `helmsync suspend` (left alone unless --ignore-suspend; result `suspended`). */
  suspended?: boolean;
  /** The last stored revision known (after the tick's upgrade, when it made one). */
  revision?: number;
  /** Why: the plan's reasons, the skip or hold reason. */
  reason?: string;
  /** The last failure's first line, masked. */
  lastError?: string;
  /** Consecutive failures. */
  failures: number;
  /** Epoch ms of the next retry while backing off. */
  nextRetryAt?: number;
  /** Epoch ms before which a drift is not healed again (--self-heal's rate limit). */
  nextHealAt?: number;
  /** Fields no longer healed because another controller keeps setting them: `Deployment apps/web /spec/replicas`. */
  contested?: string[];
  /** Epoch ms of the tick that last looked at it. */
  updatedAt: number;
}

export interface TickStatus {
  n: number;
  startedAt: number;
  finishedAt: number;
  result: TickResult;
  /** Masked error of an `error` tick (file:line and hint included). */
  error?: string;
  /** `1 to upgrade, 2 unchanged` */
  summary?: string;
  /** The git commit the tick reconciled (HEAD after its pull), when the file is in a work tree. */
  revision?: string;
  /** Why it ran: the interval, a release due for its retry, or watched changes (`--watch`). */
  cause?: 'interval' | 'retry' | 'event';
  /** For an event tick: the releases it was for (absent: all) and what changed. */
  releases?: string[];
  reasons?: string[];
}

/** A field another controller owns, as the status shows it. */
export interface ContestedStatus extends ContestedField {
  /** The ignoreDiffs entry that settles it, as YAML to add under the release. */
  ignoreDiffs: string;
}

/** What `--watch` watches. */
export interface WatchStatus {
  /** Files whose change starts a tick. */
  files: number;
  /** API watches (one per kind and namespace). */
  apiWatches: number;
  /** API watches connected now. */
  apiWatchesUp: number;
  /** The last change seen. */
  lastEvent?: { at: number; reason: string };
}

export interface ReconcileStatus {
  startedAt: number;
  /** Ticks finished. */
  ticks: number;
  lastTick?: TickStatus;
  /** The last tick that was not `error`. */
  lastGoodTick?: TickStatus;
  /** Epoch ms of the last tick in which nothing failed. */
  lastSuccessAt?: number;
  /** Epoch ms of the next tick, while waiting. */
  nextTickAt?: number;
  /** The tick under way (between its start and its record), for the status page. */
  currentTick?: { n: number; startedAt: number };
  /** The source revision (git commit) of the last tick, when known: what is being reconciled. */
  revision?: string;
  /** Work tree, revision and the last `git pull --ff-only` (with --pull). */
  source?: SourceStatus;
  /** Fields not healed any more because another controller keeps setting them. */
  contested?: ContestedStatus[];
  /** With --watch. */
  watch?: WatchStatus;
  /** By release id, in the order of the last good tick. */
  releases: ReleaseStatus[];
}

export function emptyStatus(now: number): ReconcileStatus {
  return { startedAt: now, ticks: 0, releases: [] };
}

/**
 * Records a finished tick; a tick that errored keeps the releases of the last
 * good one. An event tick for some releases (`tick.releases`) replaces only
 * theirs.
 */
export function recordTick(s: ReconcileStatus, tick: TickStatus, releases?: ReleaseStatus[]): ReconcileStatus {
  const good = tick.result !== 'error';
  if (good && releases && tick.releases) releases = mergeReleases(s.releases, releases);
  return {
    ...s,
    ticks: s.ticks + 1,
    lastTick: tick,
    currentTick: undefined,
    ...(tick.revision !== undefined ? { revision: tick.revision } : {}),
    ...(good ? { lastGoodTick: tick, releases: releases ?? s.releases } : {}),
    ...(tick.result === 'in-sync' || tick.result === 'changed' ? { lastSuccessAt: tick.finishedAt } : {}),
  };
}

/** The previous releases with those of a partial tick replaced (new ones appended). */
function mergeReleases(previous: readonly ReleaseStatus[], ticked: readonly ReleaseStatus[]): ReleaseStatus[] {
  const byId = new Map(ticked.map((r) => [r.id, r]));
  const out = previous.map((r) => byId.get(r.id) ?? r);
  for (const r of ticked) if (!previous.some((p) => p.id === r.id)) out.push(r);
  return out;
}
