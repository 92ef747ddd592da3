/**
 * The base of every helmsync command: Helmfile's global flags, the real Deps,
 * and the one error → stderr + exit code mapping (src/cli/exit.ts).
 * Commands stay thin: parse → options → one app call → render.
 */
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { Command } from '@oclif/core/command';
import { ExitError } from '@oclif/core/errors';
import type { Interfaces } from '@oclif/core';
import type { CommonOptions } from '../app/options.js';
import type { Deps } from '../ports/index.js';
import type { HolderInfo } from '../lock/identity.js';
import { UserError } from '../errors/index.js';
import type { LoadOptions } from '../state/load-options.js';
import { jsonLogLine, parseLogFormat } from '../ui/json-logger.js';
import { parseLogLevel } from '../ui/logger.js';
import { createRealDeps, terminalInfo, type TerminalInfo } from './deps.js';
import { errorAnnotations, errorMarkdown, reportSink, reportTargets } from './ci-output.js';
import { reportError } from './exit.js';
import { globalFlags } from './flags.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = globalFlags;

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;
  private depsCache?: Deps;
  private termCache?: TerminalInfo;
  private liveOutputAnnounced = false;

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
  }

  /** The real collaborators, built once, honouring --quiet/--debug/--log-level/--color. */
  protected get deps(): Deps {
    const logLevel = parseLogLevel(this.flags['log-level']);
    if (this.flags['log-level'] && !logLevel) {
      throw new UserError(`unknown log level "${this.flags['log-level']}"`, { hint: 'use one of debug, info, warn, error' });
    }
    // `--log-format` is a flag of the commands that have it (reconcile).
    const formatFlag = (this.flags as { 'log-format'?: string })['log-format'];
    const logFormat = parseLogFormat(formatFlag);
    if (!logFormat) throw new UserError(`--log-format: unknown format "${formatFlag}"`, { hint: 'use text or json' });
    this.depsCache ??= createRealDeps({
      quiet: this.flags.quiet,
      debug: this.flags.debug,
      logLevel,
      color: this.flags.color,
      logFormat,
    });
    // Helmfile announces it first thing on stderr (its logger, so --quiet hides it).
    if (this.flags['enable-live-output'] && !this.liveOutputAnnounced) {
      this.liveOutputAnnounced = true;
      this.depsCache.logger.info('Live output is enabled');
    }
    return this.depsCache;
  }

  /**
   * For commands that change the cluster: the first SIGTERM/SIGINT aborts
   * `deps.interrupt` (no new release starts, running helm calls get SIGTERM
   * and mark their revision failed, the summary is printed, exit 1); a second
   * one exits at once. CI cancels jobs with SIGTERM, a Pod is stopped with it.
   */
  protected trapInterrupts(): void {
    const deps = this.deps;
    if (deps.interrupt) return;
    const controller = new AbortController();
    deps.interrupt = controller.signal;
    const onSignal = (sig: NodeJS.Signals): void => {
      if (controller.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
      deps.logger.warn(`received ${sig}: stopping the running helm calls (their revisions are marked failed, none is left pending) and starting no new release; send it again to exit at once`);
      controller.abort(new Error(`interrupted by ${sig}`));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  /** Who this process is, for the one-writer lock's holderIdentity (never the arguments: they may hold secrets). */
  protected lockHolder(): HolderInfo {
    let user = process.env.USER ?? process.env.LOGNAME ?? '';
    try {
      user ||= userInfo().username;
    } catch {
      user ||= `uid-${process.getuid?.() ?? '?'}`;
    }
    return { command: this.id ?? 'helmsync', user, host: hostname(), pid: process.pid, token: randomBytes(4).toString('hex') };
  }

  protected get terminal(): TerminalInfo {
    this.termCache ??= terminalInfo({ color: this.flags?.color });
    return this.termCache;
  }

  /** State loading options from the global flags. */
  protected loadOptions(extra: Partial<LoadOptions> = {}): LoadOptions {
    const f = this.flags;
    return {
      file: f.file,
      environment: f.environment,
      selectors: f.selector,
      namespace: f.namespace,
      chart: f.chart,
      kubeContext: f['kube-context'],
      stateValuesSet: f['state-values-set'],
      stateValuesSetString: f['state-values-set-string'],
      stateValuesFiles: f['state-values-file'],
      allowNoMatchingRelease: f['allow-no-matching-release'],
      strict: f.strict,
      includeNeeds: f['include-needs'],
      includeTransitiveNeeds: f['include-transitive-needs'],
      skipNeeds: f['skip-needs'],
      sequentialHelmfiles: f['sequential-helmfiles'],
      ...extra,
    };
  }

  /** Options shared by every use case that loads state and runs helm. */
  protected commonOptions(extra: Partial<LoadOptions> = {}): CommonOptions {
    const f = this.flags;
    const t = this.terminal;
    return {
      load: this.loadOptions(extra),
      helmBinary: f['helm-binary'],
      kubeconfig: f.kubeconfig,
      skipDeps: f['skip-deps'],
      skipRefresh: f['skip-refresh'],
      ociPlainHttp: f['oci-plain-http'],
      // listr2 only when stderr is a terminal and stdout is not: a redraw on the
      // terminal would otherwise interleave with manifests printed to the same screen.
      progress: { interactive: t.stderrIsTTY && !t.stdoutIsTTY && !t.ci && !f.quiet && !f.debug, stream: process.stderr },
    };
  }

  /**
   * Where the command's Markdown report goes in CI ($GITHUB_STEP_SUMMARY under
   * GitHub Actions, `--report-file`), or undefined when nothing reads it.
   */
  protected ciReport(): ((markdown: string) => void) | undefined {
    const file = (this.flags as { 'report-file'?: string })['report-file'];
    return reportSink(reportTargets(process.env, process.cwd(), file));
  }

  /** Writes command output (manifests, tables, YAML) to stdout. */
  protected out(text: string): void {
    process.stdout.write(text);
  }

  /** Every failure of every command ends here: one message on stderr, one exit code. */
  public override async catch(err: Error & { exitCode?: number }): Promise<never> {
    if (err instanceof ExitError) throw err;
    const debug = Boolean((this.flags as { debug?: boolean } | undefined)?.debug) || this.argv.includes('--debug');
    const report = reportError(err, { debug });
    // Under --log-format json (reconcile) the last line is JSON too, for the log collector.
    const format = (this.flags as { 'log-format'?: string } | undefined)?.['log-format'] ?? logFormatInArgv(this.argv);
    if (format === 'json') process.stderr.write(jsonLogLine(Date.now(), 'error', report.message, { event: 'command.error', exit_code: report.exitCode }));
    else process.stderr.write(`${report.message}\n`);
    this.reportFailureToCi(err, report.message);
    this.exit(report.exitCode);
    throw err; // unreachable: exit() throws
  }

  /** GitHub Actions: an annotation per error (on its file:line) and the error in the step summary; `--report-file` gets it too. */
  private reportFailureToCi(err: unknown, message: string): void {
    try {
      const command = this.id ?? 'helmsync';
      const t = reportTargets(process.env, process.cwd(), (this.flags as { 'report-file'?: string } | undefined)?.['report-file']);
      if (t.annotations) {
        for (const line of errorAnnotations(err, { command, cwd: process.cwd(), workspace: t.workspace })) process.stdout.write(`${line}\n`);
      }
      reportSink(t)?.(errorMarkdown(command, message.replace(/^error: /, '')));
    } catch {
      // Reporting to CI never hides the error itself.
    }
  }
}

/** `--log-format json` / `--log-format=json` when the flags did not parse. */
function logFormatInArgv(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--log-format');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--log-format='))?.slice('--log-format='.length);
}
