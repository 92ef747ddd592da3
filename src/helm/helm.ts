/**
 * The typed helm facade over a {@link Runner}. Nothing else in helmsync builds
 * helm argv or parses helm output; the argv builders themselves are pure
 * functions (argv-*.ts) so they can be unit-tested without a process.
 */
import { ExternalCommandError } from '../errors/index.js';
import type { Runner, RunResult } from '../process/runner.js';
import { dependencyBuildArgv, lintArgv } from './argv-misc.js';
import { templateArgv, type TemplateArgvInput } from './argv-template.js';
import { rollbackArgv, uninstallArgv, upgradeArgv, type RollbackArgvInput, type UninstallArgvInput, type UpgradeArgvInput } from './argv-release.js';
import { redactArgs } from './redact.js';
import type { HelmDefaultsSpec, HelmReleaseSpec, HelmValuesArgs } from './release-spec.js';
import { detectHelmVersion, type HelmVersion } from './version.js';

export interface HelmClientOptions {
  runner: Runner;
  /** Path or name of the helm executable. */
  binary: string;
  version: HelmVersion;
  /** Extra environment for every helm call (HELM_* homes in tests). */
  env?: Record<string, string | undefined>;
  /** Working directory for helm (relative chart paths resolve against it). */
  cwd?: string;
  signal?: AbortSignal;
}

/** Runs helm; throws {@link ExternalCommandError} on a non-zero exit. */
export class HelmClient {
  readonly binary: string;
  readonly version: HelmVersion;
  private readonly runner: Runner;
  private readonly env?: Record<string, string | undefined>;
  private readonly cwd?: string;
  private readonly signal?: AbortSignal;

  constructor(opts: HelmClientOptions) {
    this.runner = opts.runner;
    this.binary = opts.binary;
    this.version = opts.version;
    this.env = opts.env;
    this.cwd = opts.cwd;
    this.signal = opts.signal;
  }

  /** Detects the helm major first (`helm version --short`). */
  static async create(opts: Omit<HelmClientOptions, 'version'>): Promise<HelmClient> {
    const version = await detectHelmVersion(opts.runner, opts.binary, opts.env);
    return new HelmClient({ ...opts, version });
  }

  get major(): 3 | 4 {
    return this.version.major;
  }

  /** Runs `helm <argv>` and returns its output; throws on failure. */
  async exec(argv: readonly string[], opts: { release?: string; cwd?: string; input?: string } = {}): Promise<RunResult> {
    const r = await this.runner.run(this.binary, argv, {
      env: this.env,
      cwd: opts.cwd ?? this.cwd,
      signal: this.signal,
      input: opts.input,
    });
    if (r.exitCode !== 0) {
      throw new ExternalCommandError('helm', redactArgs(argv), r.killed ? undefined : r.exitCode, r.stderr, { release: opts.release });
    }
    return r;
  }

  /** `helm template …`; returns the rendered manifests (stdout). */
  async template(input: Omit<TemplateArgvInput, 'helmMajor'>, opts: { cwd?: string } = {}): Promise<string> {
    const argv = templateArgv({ ...input, helmMajor: this.major });
    const r = await this.exec(argv, { release: releaseId(input.release), cwd: opts.cwd });
    return r.stdout;
  }

  /** `helm lint …`; returns helm's report (stdout). */
  async lint(release: HelmReleaseSpec, defaults: HelmDefaultsSpec, values: HelmValuesArgs, args?: string[], opts: { cwd?: string } = {}): Promise<string> {
    const r = await this.exec(lintArgv(release, defaults, values, args), { release: releaseId(release), cwd: opts.cwd });
    return r.stdout;
  }

  /** `helm dependency build DIR`. */
  async dependencyBuild(chartDir: string, opts: { skipRefresh?: boolean; release?: string; cwd?: string } = {}): Promise<void> {
    await this.exec(dependencyBuildArgv(chartDir, opts), { release: opts.release, cwd: opts.cwd });
  }

  /** `helm upgrade --install …`. */
  async upgrade(input: Omit<UpgradeArgvInput, 'helmMajor'>, opts: { cwd?: string } = {}): Promise<RunResult> {
    return this.exec(upgradeArgv({ ...input, helmMajor: this.major }), { release: releaseId(input.release), cwd: opts.cwd });
  }

  /** `helm uninstall …`. */
  async uninstall(input: Omit<UninstallArgvInput, 'helmMajor'>): Promise<RunResult> {
    return this.exec(uninstallArgv({ ...input, helmMajor: this.major }), { release: releaseId(input.release) });
  }

  /** `helm rollback NAME REVISION …`. */
  async rollback(input: Omit<RollbackArgvInput, 'helmMajor'>): Promise<RunResult> {
    return this.exec(rollbackArgv({ ...input, helmMajor: this.major }), { release: releaseId(input.release) });
  }
}

/** `ns/name` or `name`, as errors name releases. */
export function releaseId(r: { name: string; namespace?: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
