import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { changeFlagValues, clusterRunFlags, deleteFlags, diffFlagValues, diffFlags, kubectlFlag, lockFlagValues, lockFlags, pruneFlag, renderFlags, upgradeFlags } from '../cli/cluster-flags.js';
import { reportFileFlag } from '../cli/ci-output.js';
import { reportError } from '../cli/exit.js';
import { releaseFlags } from '../cli/flags.js';
import { UserError } from '../errors/index.js';
import type { Deps } from '../ports/index.js';
import type { ReconcileStatus } from '../reconcile/status.js';
import type { ListenAddress } from '../server/listen-address.js';
import type { StatusServer } from '../server/status-server.js';
import { parseDuration } from '../reconcile/duration.js';
import { defaultStuckAfterMs } from '../reconcile/health.js';
import { emptyStatus } from '../reconcile/status.js';
import { DEFAULT_LISTEN, parseListenAddress } from '../server/listen-address.js';

export default class Reconcile extends BaseCommand<typeof Reconcile> {
  static override summary = 'Keep the cluster congruent with the releases file: apply on an interval, with drift reporting, self-heal and backoff.';
  static override description = [
    'Each tick does what apply does (same file, flags, diff and plan): changed releases are upgraded, new ones installed, installed: false ones uninstalled.',
    'Drift of live objects is reported and left alone unless --self-heal. A failing release is retried with exponential backoff (--retry-backoff, doubling, capped at --interval) while the others go on; its dependants wait.',
    'A tick whose file does not load or render writes nothing; the loop goes on. SIGTERM/SIGINT: no new tick or release starts, running helm calls finish (up to --shutdown-timeout), exit 0.',
    'With --pull, each tick first runs git pull --ff-only where the releases file is checked out (never prompting); a failed pull (diverged, unreachable) is reported and the tick reconciles what is checked out. The commit reconciled is logged and kept in the status.',
    'With --watch, a change to a file the releases file reads or to a live object of a managed release starts a tick for the releases it affects within seconds (debounced), besides the interval. With --self-heal, heals of a release are rate-limited (--heal-rate-limit) and a field that keeps flipping back after heals (an HPA owning replicas) is no longer healed: it is reported as contested with the ignoreDiffs rule to add.',
    'With --once: one tick, then the exit code of apply --detailed-exitcode (0 in sync, 2 changed, 1 failed), for CI jobs and CronJobs; its report goes to the GitHub step summary (and --report-file), and --output json prints { schemaVersion: 1, exitCode, status } instead of the tick\'s text (helmsync schema --output-of reconcile).',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> reconcile -e prod --interval 5m --self-heal',
    '<%= config.bin %> reconcile -e prod --watch --pull --interval 10m --self-heal',
    '<%= config.bin %> reconcile -e prod --once',
    '<%= config.bin %> reconcile -e prod --once --output json',
  ];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...pruneFlag,
    ...renderFlags,
    ...diffFlags,
    ...upgradeFlags,
    ...deleteFlags,
    ...lockFlags,
    interval: Flags.string({ summary: 'Time between ticks, Go-style (30s, 5m, 1h).', default: '5m' }),
    jitter: Flags.string({ summary: 'Each wait is interval × (1 ± jitter), 0 to 1.', default: '0.1' }),
    once: Flags.boolean({ summary: "One tick, then exit with apply --detailed-exitcode's code." }),
    'max-ticks': Flags.integer({ summary: 'Stop after this many ticks.', min: 1 }),
    'self-heal': Flags.boolean({ summary: 'Sync releases whose live objects drifted in the same tick (otherwise drift is reported only).' }),
    'retry-backoff': Flags.string({ summary: 'First wait before retrying a failed release; doubles per failure, capped at --interval.', default: '10s' }),
    'shutdown-timeout': Flags.string({ summary: 'On SIGTERM/SIGINT, how long running helm calls may finish before they are stopped (marked failed, never pending).', default: '60s' }),
    'show-diff': Flags.boolean({ summary: 'Print each tick\'s diff to stdout.' }),
    pull: Flags.boolean({ summary: 'Before each tick, git pull --ff-only in the work tree holding the releases file; a failed pull is reported and the checked-out commit is reconciled.' }),
    watch: Flags.boolean({ summary: 'Besides the interval, tick within seconds for the releases a change affects: a file the releases file reads (values, local charts, sub-helmfiles) or a live object of a managed release.' }),
    'watch-debounce': Flags.string({ summary: 'With --watch, a burst of changes becomes one tick this long after the last one.', default: '1s' }),
    'heal-rate-limit': Flags.string({ summary: 'With --self-heal, the wait before the same release is healed again; doubles per heal, capped at --interval.', default: '5s' }),
    'contest-after': Flags.integer({ summary: 'With --self-heal, a field that flips back this many times after being healed is left to the controller that owns it and reported.', default: 3, min: 1 }),
    'git-binary': Flags.string({ summary: 'Path to the git binary (for --pull).', env: 'HELMSYNC_GIT_BINARY' }),
    listen: Flags.string({
      summary: `Serve /healthz, /readyz, /metrics, /api/status and the status page / on this host:port ('' serves nothing; :0 a free port). Default ${DEFAULT_LISTEN}, none with --once.`,
    }),
    'stuck-after': Flags.string({ summary: 'A tick running this long (or the next tick overdue by this much) makes /healthz answer 503 so a liveness probe restarts the reconciler. Default max(--interval, 30m).' }),
    'log-format': Flags.string({ summary: 'Log lines as text, or json: one JSON object per line (time, level, event, msg and the event\'s fields).', options: ['text', 'json'], default: 'text' }),
    ...reportFileFlag,
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const intervalMs = parseDuration(f.interval, '--interval');
    if (intervalMs <= 0) throw new UserError('--interval must be longer than 0', { hint: 'for one tick use --once' });
    const jitter = Number(f.jitter);
    if (!Number.isFinite(jitter) || jitter < 0 || jitter > 1) throw new UserError(`--jitter: "${f.jitter}" is not a fraction between 0 and 1`, { hint: 'e.g. --jitter 0.1' });
    const retryBackoffMs = parseDuration(f['retry-backoff'], '--retry-backoff');
    const shutdownMs = parseDuration(f['shutdown-timeout'], '--shutdown-timeout');
    const stuckAfterMs = f['stuck-after'] !== undefined ? parseDuration(f['stuck-after'], '--stuck-after') : defaultStuckAfterMs(intervalMs);
    if (stuckAfterMs <= 0) throw new UserError('--stuck-after must be longer than 0', { hint: `leave it out for the default, max(--interval, 30m)` });
    // --once is a CI job: no server unless asked for. A busy DEFAULT port is a warning (another
    // reconciler, a test), an explicitly given one is an error.
    const listen = parseListenAddress(f.listen ?? (f.once ? '' : DEFAULT_LISTEN));
    const onceJson = Boolean(f.once) && f.output === 'json';
    const deps = this.deps;
    const t = this.terminal;

    // First signal: no new tick or release; running helm calls get --shutdown-timeout to finish,
    // then SIGTERM (helm marks the revision failed, never pending). A second signal stops them at once.
    const stop = new AbortController();
    const hard = new AbortController();
    deps.interrupt = hard.signal;
    let timer: NodeJS.Timeout | undefined;
    const onSignal = (sig: NodeJS.Signals): void => {
      if (stop.signal.aborted) {
        deps.logger.warn(`received ${sig} again: stopping the running helm calls now`);
        hard.abort(new Error(`interrupted by ${sig}`));
        return;
      }
      deps.logger.warn(`received ${sig}: finishing the running helm calls (up to ${f['shutdown-timeout']}), starting nothing new`);
      stop.abort(new Error(`stopped by ${sig}`));
      timer = setTimeout(() => hard.abort(new Error(`shutdown timeout after ${sig}`)), shutdownMs);
      timer.unref();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);

    const server = listen ? await serveStatus(listen, f.listen !== undefined, Math.min(intervalMs / 1000, 10), stuckAfterMs, deps) : undefined;
    stop.signal.addEventListener('abort', () => server?.stopping(), { once: true });
    const { reconcile } = await import('../app/reconcile.js');
    const r = await reconcile(
      {
        ...this.commonOptions(),
        ...clusterRunFlags(f),
        ...diffFlagValues(f),
        ...changeFlagValues(f),
        ...lockFlagValues(f, this.lockHolder()),
        progress: { interactive: false, stream: process.stderr },
        suppressDiff: !f['show-diff'],
        color: f.color === true || (t.color && t.stdoutIsTTY),
        // --once --output json: stdout is one document at the end (helmsync schema --output-of reconcile).
        write: (s) => (onceJson ? undefined : this.out(s)),
        ...(onceJson ? { suppressDiff: true } : {}),
        // One tick from CI: its apply report goes to the step summary / --report-file.
        ...(f.once ? { report: this.ciReport() } : {}),
        intervalMs,
        jitter,
        ...(f.once ? { maxTicks: 1 } : f['max-ticks'] !== undefined ? { maxTicks: f['max-ticks'] } : {}),
        selfHeal: f['self-heal'],
        pull: f.pull,
        watch: f.watch,
        watchDebounceMs: parseDuration(f['watch-debounce'], '--watch-debounce'),
        healGapMs: parseDuration(f['heal-rate-limit'], '--heal-rate-limit'),
        contestAfter: f['contest-after'],
        gitBinary: f['git-binary'],
        retryBackoffMs,
        stop: stop.signal,
        formatError: (e) => reportError(e).message.replace(/^error: /, ''),
        ...(server ? { onStatus: (s: ReconcileStatus) => server.update(s) } : {}),
      },
      deps,
    ).finally(() => server?.close());
    if (timer) clearTimeout(timer);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    if (onceJson) this.out(`${JSON.stringify({ schemaVersion: 1, exitCode: r.lastExitCode, status: r.status }, null, 2)}\n`);
    if (f.once && r.lastExitCode !== 0) this.exit(r.lastExitCode);
  }
}

/** Starts the status server; a busy default port is a warning, an explicit one an error (exit 1). */
async function serveStatus(address: ListenAddress, explicit: boolean, refreshSeconds: number, stuckAfterMs: number, deps: Deps): Promise<StatusServer | undefined> {
  const { startStatusServer } = await import('../server/status-server.js');
  const shown = `${address.host ?? ''}:${address.port}`;
  try {
    const server = await startStatusServer({ address, now: () => deps.clock.now(), refreshSeconds: Math.max(1, refreshSeconds), stuckAfterMs }, emptyStatus(deps.clock.now()));
    deps.logger.info(`serving status on ${server.url} (/, /api/status, /metrics, /healthz, /readyz)`, { event: 'server.listen', url: server.url, port: server.port });
    return server;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the address is in use' : code === 'EADDRNOTAVAIL' ? 'the address is not on this machine' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    if (!explicit) {
      deps.logger.warn(`not serving status on ${shown}: ${why}; reconciling without /metrics (pass --listen HOST:PORT, or --listen '' to silence this)`, { event: 'server.error', error: why });
      return undefined;
    }
    throw new UserError(`--listen ${shown}: cannot serve status: ${why}`, { hint: "pick another address with --listen HOST:PORT (:0 for a free port), or --listen '' to serve nothing" });
  }
}
