/**
 * `helmsync reconcile` (issue 10): `apply` on a loop. Each tick is one apply
 * (src/app/apply.ts, same load, render, diff, plan and executor) bent in two
 * ways only: without --self-heal drift is reported and left alone
 * (src/reconcile/drift-policy.ts), and releases backing off after a failure
 * — with everything that waits for them — are held back
 * (src/reconcile/backoff.ts, hold.ts). A tick that fails to load or render
 * writes nothing and the loop goes on; a failing release never ends the
 * process. Timing lives in src/reconcile/loop.ts (injected clock).
 *
 * With --pull each tick first pulls the releases file's work tree
 * (reconcile-source.ts). With --watch, changes on disk and in the cluster
 * start ticks for the releases they affect (reconcile-watch.ts, debounced by
 * src/reconcile/triggers.ts). With --self-heal, heals are rate-limited per
 * release and fields that keep flipping back are left to their owner
 * (src/reconcile/heal-guard.ts).
 */
import { ExitCode } from '../errors/index.js';
import type { Deps } from '../ports/index.js';
import { planSummaryLine } from '../plan/render.js';
import { Backoff } from '../reconcile/backoff.js';
import { isDrifted, planningDiffs } from '../reconcile/drift-policy.js';
import { contestedRules, decideHeals, DEFAULT_HEAL_GUARD, describeField, HealGuard, ignoreDiffsYaml, type ContestedField, type HealDecision } from '../reconcile/heal-guard.js';
import { describeReasons, TriggerQueue } from '../reconcile/triggers.js';
import { formatDuration } from '../reconcile/duration.js';
import { holdReleases, type HeldRelease } from '../reconcile/hold.js';
import { runLoop, type TickCause } from '../reconcile/loop.js';
import { emptyStatus, recordTick, type ReconcileStatus, type ReleaseStatus, type TickResult, type TickStatus } from '../reconcile/status.js';
import { errorLine } from '../sync/report.js';
import { describePull, shortRevision, type SourceStatus } from '../reconcile/source.js';
import { SUSPENDED_REASON } from '../plan/suspension.js';
import { apply, type ApplyOptions, type ApplyResult } from './apply.js';
import type { PreparedRun } from './release-run.js';
import { gitSource, sourceDir } from './reconcile-source.js';
import { ReconcileWatcher, recordingFs } from './reconcile-watch.js';

export interface ReconcileOptions extends ApplyOptions {
  /** `--interval` in ms (5 min by default). */
  intervalMs: number;
  /** `--jitter` 0…1: each wait is interval × (1 ± jitter). */
  jitter: number;
  /** `--max-ticks` (`--once` is 1). */
  maxTicks?: number;
  /** `--self-heal`: drifted releases are synced in the same tick. */
  selfHeal?: boolean;
  /** `--retry-backoff`: the first wait after a release failed (doubles, capped at the interval). */
  retryBackoffMs: number;
  /** Fires on SIGTERM/SIGINT: no new tick or release starts, running helm calls finish. */
  stop?: AbortSignal;
  /** [0, 1) for the jitter; Math.random by default. */
  random?: () => number;
  /** The text of an error that failed a tick (the CLI's own rendering, file:line and hint). */
  formatError?: (e: unknown) => string;
  /** Told after every tick and before every wait. */
  onStatus?: (s: ReconcileStatus) => void;
  /** `--pull`: `git pull --ff-only` in the releases file's work tree before each tick. */
  pull?: boolean;
  /** The git executable (default `git`). */
  gitBinary?: string;
  /** `--watch`: ticks for the releases a change on disk or in the cluster affects. */
  watch?: boolean;
  /** `--watch-debounce`: a burst of changes becomes one tick this long after the last (default 1 s). */
  watchDebounceMs?: number;
  /** `--heal-rate-limit`: the wait before the same release is healed again (doubles, capped at the interval; default 5 s). */
  healGapMs?: number;
  /** `--contest-after`: flip-backs after which a field is left to the controller that owns it (default 3). */
  contestAfter?: number;
}

export interface ReconcileResult {
  ticks: number;
  status: ReconcileStatus;
  /** Of the last tick, as `apply --detailed-exitcode` would exit: 0 in sync, 2 changed, 1 failed or error. */
  lastExitCode: number;
}

const EXIT_OF: Record<TickResult, number> = { 'in-sync': ExitCode.OK, changed: ExitCode.CHANGES, failed: ExitCode.ERROR, error: ExitCode.ERROR };

/** Runs ticks until --max-ticks or the stop signal. Never throws for a failed tick. */
export async function reconcile(options: ReconcileOptions, deps: Deps): Promise<ReconcileResult> {
  const { clock, logger } = deps;
  const backoff = new Backoff({ baseMs: options.retryBackoffMs, capMs: Math.max(options.intervalMs, 1) });
  const guard = new HealGuard({
    ...DEFAULT_HEAL_GUARD,
    ...(options.healGapMs !== undefined ? { baseGapMs: options.healGapMs } : {}),
    ...(options.contestAfter !== undefined ? { contestAfter: options.contestAfter } : {}),
    capGapMs: Math.max(options.intervalMs, 1),
  });
  let status = emptyStatus(clock.now());
  let lastExitCode: number = ExitCode.OK;
  const publish = (s: ReconcileStatus) => {
    status = s;
    options.onStatus?.(s);
  };
  // The secrets of the last tick that loaded: an error of a tick that did not load is masked with them.
  let lastMask: (text: string) => string = (t) => t;
  const describe = (e: unknown) => lastMask(options.formatError ? options.formatError(e) : String((e as Error)?.message ?? e));
  const cwd = options.load.cwd ?? deps.cwd;
  const fileOpt = options.load.file !== undefined ? { file: options.load.file } : {};
  const source = gitSource({ ...fileOpt, cwd, pull: Boolean(options.pull), ...(options.gitBinary ? { git: options.gitBinary } : {}) }, deps);
  const queue = options.watch ? new TriggerQueue({ debounceMs: options.watchDebounceMs ?? 1000 }) : undefined;
  let watcher: ReconcileWatcher | undefined;
  const watchStatus = () => (watcher ? { watch: watcher.status() } : {});

  const tick = async (n: number, cause: TickCause) => {
    const startedAt = clock.now();
    const some = cause.kind === 'event' && cause.releases !== 'all' ? cause.releases : undefined;
    // The pull comes first: the tick reconciles what it brought (or, when it failed, what is checked out).
    // An event tick for some releases reconciles what is checked out.
    const src: SourceStatus = await source.refresh(options.stop, { pull: some === undefined });
    if (src.pull) {
      const fields = { event: 'source.pull', tick: n, ok: src.pull.ok, revision: src.revision, from: src.pull.from, error: src.pull.error };
      if (src.pull.ok) logger.info(describePull(src.pull, src.revision), fields);
      else logger.warn(describePull(src.pull, src.revision), fields);
    }
    const revision = src.revision;
    const why = cause.kind === 'event' ? `${some ? ` for ${[...some].sort().join(', ')}` : ''} (${describeReasons(cause.reasons)})` : '';
    logger.info(`tick ${n}: started${why}${revision ? ` at commit ${shortRevision(revision)}` : ''}`, {
      event: 'tick.start',
      tick: n,
      revision,
      cause: cause.kind,
      ...(cause.kind === 'event' ? { reasons: cause.reasons.join('; '), releases: some ? [...some].sort().join(',') : undefined } : {}),
    });
    publish({ ...status, nextTickAt: undefined, currentTick: { n, startedAt } });
    const hold = new Map<string, string>();
    for (const id of backoff.ids()) {
      const b = backoff.get(id)!;
      if (backoff.isHeld(id, startedAt)) hold.set(id, `backing off after ${b.failures} failure${b.failures === 1 ? '' : 's'}, next retry in ${formatDuration(b.nextRetryAt - startedAt)}`);
    }
    let held: HeldRelease[] = [];
    let heals: HealDecision | undefined;
    let inspected: PreparedRun | undefined;
    // With --watch, every file the tick reads is a file to watch.
    const reads = new Set<string>();
    const tickDeps = queue ? { ...deps, fs: recordingFs(deps.fs, reads) } : deps;
    let r: ApplyResult | undefined;
    let tickStatus: TickStatus;
    let releases: ReleaseStatus[] | undefined;
    const scope = {
      cause: cause.kind,
      ...(cause.kind === 'event' ? { reasons: cause.reasons, ...(some ? { releases: [...some].sort() } : {}) } : {}),
      ...(src.revision ? { revision: src.revision } : {}),
    };
    try {
      r = await apply(
        {
          ...options,
          // A tick for some releases never prunes: the others are not missing, only not looked at.
          ...(some ? { onlyReleases: some, prune: false } : {}),
          extraIgnoreDiffs: contestedRules(guard),
          suppressDiff: options.suppressDiff ?? true,
          interactive: false,
          detailedExitcode: true,
          ...(options.stop ? { stopStarting: options.stop } : {}),
        },
        tickDeps,
        {
          planningDiffs: (d) => {
            if (!options.selfHeal) return planningDiffs(d, false);
            const h = decideHeals(d, guard, clock.now());
            heals = h;
            for (const c of h.contested) reportContested(c, guard, logger, n);
            return planningDiffs(d, (id) => h.heal.has(id));
          },
          shapePlan: (p) => {
            const h = holdReleases(p, hold);
            held = h.held;
            // Prunes wait for a tick in which every release could act (none backing off).
            const prunes = h.plan.actions.filter((a) => a.prune && a.action === 'uninstall');
            if (!held.length || !prunes.length) return h.plan;
            const why = `pruning waits until ${held[0]!.id} is no longer held back`;
            const h2 = holdReleases(h.plan, new Map(prunes.map((a) => [a.id, why])));
            held = [...held, ...h2.held];
            return h2.plan;
          },
          inspectRun: (run) => (inspected = run),
        },
      );
      if (r.mask) lastMask = r.mask;
      releases = releaseStatuses(r, held, backoff, { now: clock.now(), selfHeal: Boolean(options.selfHeal), logger, tick: n, guard, ...(heals ? { heals } : {}) });
      const result: TickResult = r.report?.failed.length ? 'failed' : r.report?.changed.length ? 'changed' : 'in-sync';
      tickStatus = { n, startedAt, finishedAt: clock.now(), result, summary: planSummaryLine(r.plan), ...scope };
    } catch (e) {
      tickStatus = { n, startedAt, finishedAt: clock.now(), result: 'error', error: describe(e), ...scope };
      logger.error(`tick ${n}: failed, nothing was written: ${tickStatus.error}`, { event: 'tick.error', tick: n, error: tickStatus.error });
    }
    lastExitCode = EXIT_OF[tickStatus.result];
    const durationMs = tickStatus.finishedAt - startedAt;
    logger.info(`tick ${n}: ${tickStatus.result}${tickStatus.summary ? ` (${tickStatus.summary})` : ''} in ${formatDuration(durationMs)}`, {
      event: 'tick.end',
      tick: n,
      result: tickStatus.result,
      duration_ms: durationMs,
      summary: tickStatus.summary,
      revision,
    });
    // Watchers follow what the tick saw; they start after the first tick, so its own writes are not events.
    if (queue && inspected && !options.stop?.aborted) {
      watcher ??= new ReconcileWatcher(
        { queue, kubectl: options.kubectlBinary || 'kubectl', ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), projectRoot: src.workTree ?? sourceDir({ ...fileOpt, cwd }, deps) ?? cwd, cwd },
        deps,
      );
      watcher.update(inspected, reads, some !== undefined);
    }
    publish({ ...recordTick(status, tickStatus, releases), ...(src.workTree ? { source: src } : {}), ...contestedStatus(guard), ...watchStatus() });
    const next = [backoff.earliestRetry(clock.now()), ...(heals ? [...heals.rateLimited.values()] : [])].filter((x): x is number => x !== undefined);
    return next.length ? { nextRetryAt: Math.min(...next) } : {};
  };

  try {
    const { ticks } = await runLoop({
      clock,
      intervalMs: options.intervalMs,
      jitter: options.jitter,
      ...(options.random ? { random: options.random } : {}),
      ...(options.maxTicks !== undefined ? { maxTicks: options.maxTicks } : {}),
      ...(options.stop ? { signal: options.stop } : {}),
      ...(queue ? { events: queue } : {}),
      tick,
      onWait: (ms, why, at) => {
        logger.info(`next tick in ${formatDuration(ms)}${why === 'retry' ? ' (a release is due for its retry)' : why === 'event' ? ' (changes seen)' : ''}`, { event: 'tick.wait', wait_ms: ms, reason: why, next_tick_at: new Date(at).toISOString() });
        publish({ ...status, nextTickAt: at, ...watchStatus() });
      },
    });
    if (options.stop?.aborted) logger.info(`stopped after ${ticks} tick${ticks === 1 ? '' : 's'}`, { event: 'reconcile.stop', ticks });
    publish({ ...status, nextTickAt: undefined });
    return { ticks, status, lastExitCode };
  } finally {
    watcher?.close();
  }
}

/** Logs a field found contested, with the rule that settles it. */
function reportContested(c: ContestedField, guard: HealGuard, logger: Deps['logger'], tick: number): void {
  const yaml = ignoreDiffsYaml(guard.contested(c.release));
  logger.warn(
    `release ${c.release}: ${describeField(c)} flipped back ${c.flips} times after being healed: another controller owns it, so it is no longer healed (contested). ` +
      `To settle it, add under the release ${c.release} in the releases file:\n${yaml.trimEnd().replace(/^/gm, '  ')}`,
    { event: 'release.contested', tick, release: c.release, kind: c.kind, namespace: c.namespace, name: c.name, pointer: c.pointer, flips: c.flips, ignore_diffs: yaml },
  );
}

function contestedStatus(guard: HealGuard): Pick<ReconcileStatus, 'contested'> {
  const all = guard.contested();
  return all.length ? { contested: all.map((c) => ({ ...c, ignoreDiffs: ignoreDiffsYaml(guard.contested(c.release).filter((x) => x.kind === c.kind && x.name === c.name && x.group === c.group)) })) } : {};
}

/** Per-release status of a finished apply; updates the backoff book and logs drift, failures and backoff. */
function releaseStatuses(
  r: ApplyResult,
  held: readonly HeldRelease[],
  backoff: Backoff,
  ctx: { now: number; selfHeal: boolean; logger: Deps['logger']; tick: number; guard: HealGuard; heals?: HealDecision },
): ReleaseStatus[] {
  const mask = r.mask ?? ((s: string) => s);
  const reasonsOf = (a: { reasons: readonly string[] }) => mask(a.reasons.join('; '));
  const heldBy = new Map(held.map((h) => [h.id, h.reason]));
  const outcomes = new Map((r.report?.outcomes ?? []).map((o) => [o.id, o]));
  return r.plan.actions.map((a) => {
    const label = `${a.release.namespace}/${a.release.name}`;
    const drifted = isDrifted(r.diffs?.get(a.id));
    const o = outcomes.get(a.id);
    const suspended = Boolean(r.suspended?.includes(a.id));
    const contested = ctx.guard.contested(a.id).map(describeField);
    const base = { id: a.id, namespace: a.release.namespace, name: a.release.name, action: a.action, drifted, updatedAt: ctx.now, ...(suspended ? { suspended } : {}), ...(contested.length ? { contested } : {}) };
    const f = { tick: ctx.tick, release: label, namespace: a.release.namespace, name: a.release.name };
    const revision = a.fromRevision;
    const heldReason = heldBy.get(a.id);
    if (heldReason !== undefined) {
      const b = backoff.get(a.id);
      ctx.logger.info(`release ${label}: held back, ${heldReason}`, {
        event: heldReason.startsWith('backing off') ? 'release.backoff' : 'release.held',
        ...f,
        reason: heldReason,
        failures: b?.failures,
        next_retry_at: b ? new Date(b.nextRetryAt).toISOString() : undefined,
      });
      return { ...base, result: 'held', reason: mask(heldReason), failures: b?.failures ?? 0, ...(b ? { nextRetryAt: b.nextRetryAt } : {}), ...(revision ? { revision } : {}) };
    }
    if (suspended && a.action === 'noop' && a.reasons[0] === SUSPENDED_REASON) {
      const b = backoff.get(a.id);
      return { ...base, result: 'suspended', reason: a.reasons.join('; '), failures: b?.failures ?? 0, ...(revision ? { revision } : {}) };
    }
    if (o?.status === 'failed') {
      const b = backoff.fail(a.id, ctx.now);
      const lastError = mask(errorLine(o.error));
      ctx.logger.warn(`release ${label}: ${a.action} failed (${b.failures} in a row), backing off ${formatDuration(b.delayMs)}: ${lastError}`, {
        event: 'release.failure',
        ...f,
        action: a.action,
        error: lastError,
        failures: b.failures,
        backoff_ms: b.delayMs,
        next_retry_at: new Date(b.nextRetryAt).toISOString(),
      });
      return { ...base, result: 'failed', lastError, reason: reasonsOf(a), failures: b.failures, nextRetryAt: b.nextRetryAt, ...(revision ? { revision: revision + 1 } : {}) };
    }
    if (o?.status === 'skipped') {
      const b = backoff.get(a.id);
      return { ...base, result: 'skipped', reason: mask(o.reason ?? 'not run'), failures: b?.failures ?? 0, ...(revision ? { revision } : {}) };
    }
    backoff.succeed(a.id);
    if (o?.status === 'succeeded') {
      const newRevision = a.action !== 'uninstall' ? (revision ?? 0) + 1 : undefined;
      const took = o.durationMs !== undefined ? ` in ${formatDuration(o.durationMs)}` : '';
      const done = a.action === 'install' ? 'installed' : a.action === 'upgrade' ? 'upgraded' : 'uninstalled';
      // A prune logs its own line (event release.prune) as it runs.
      if (!a.prune) ctx.logger.info(`release ${label}: ${done}${newRevision ? ` (revision ${newRevision})` : ''}${took}`, { event: `release.${a.action}`, ...f, revision: newRevision, duration_ms: o.durationMs });
      if (drifted && ctx.selfHeal) {
        ctx.logger.info(`release ${label}: drift healed`, { event: 'release.heal', ...f, revision: newRevision });
        ctx.guard.healed(a.id, ctx.heals?.fields.get(a.id) ?? [], ctx.now);
      }
      return { ...base, drifted: false, result: 'changed', reason: reasonsOf(a), failures: 0, ...(newRevision ? { revision: newRevision } : {}) };
    }
    const nextHealAt = ctx.heals?.rateLimited.get(a.id);
    if (drifted && nextHealAt !== undefined) {
      ctx.logger.warn(`release ${label}: live objects drifted again, healed recently: next heal in ${formatDuration(nextHealAt - ctx.now)} (--heal-rate-limit)`, {
        event: 'release.drift',
        ...f,
        revision,
        next_heal_at: new Date(nextHealAt).toISOString(),
      });
      return { ...base, result: 'drifted', reason: `heal rate-limited until ${new Date(nextHealAt).toISOString()}`, failures: 0, nextHealAt, ...(revision ? { revision } : {}) };
    }
    if (drifted && ctx.selfHeal) ctx.logger.info(`release ${label}: live objects drifted only in contested fields, left alone`, { event: 'release.drift', ...f, revision });
    else if (drifted) ctx.logger.warn(`release ${label}: live objects drifted, left alone (--self-heal syncs them)`, { event: 'release.drift', ...f, revision });
    return { ...base, result: drifted ? 'drifted' : 'in-sync', reason: reasonsOf(a), failures: 0, ...(revision ? { revision } : {}) };
  });
}
