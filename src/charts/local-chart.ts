/**
 * Local chart directories: their Chart.yaml (name, version, dependencies) and
 * `helm dependency build` — run once per chart directory per run, and only when
 * needed: the chart declares dependencies and charts/ lacks one of them (or
 * Chart.lock names a version charts/ does not hold). Helmfile builds every
 * local chart on every command, refreshing every repository each time
 * (inventory §6 #1).
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FileSystem, Logger } from '../ports/index.js';
import type { Release } from '../state/types.js';
import { releaseLabel } from './errors.js';
import { satisfies } from './select-version.js';
import { bump, type ChartCounters } from './counters.js';
import { dependencyBuildArgv } from './helm-argv.js';
import { runHelm, type HelmRunContext } from './helm-run.js';

export interface ChartDependencyDecl {
  name: string;
  version: string;
  repository: string;
  alias?: string;
}

export interface LocalChartMeta {
  name: string;
  version: string;
  apiVersion: string;
  dependencies: ChartDependencyDecl[];
}

function readYaml(fs: FileSystem, path: string): Record<string, unknown> | undefined {
  if (!fs.exists(path)) return undefined;
  try {
    // failsafe: every scalar a string, as Go reads `version: 1.10` into a string field (not the float 1.1).
    const d = parse(fs.readFile(path), { schema: 'failsafe' });
    return d && typeof d === 'object' ? (d as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

function deps(list: unknown): ChartDependencyDecl[] {
  if (!Array.isArray(list)) return [];
  return list.map((x) => {
    const o = (x ?? {}) as Record<string, unknown>;
    return {
      name: String(o.name ?? ''),
      version: o.version === undefined || o.version === null ? '' : String(o.version),
      repository: o.repository === undefined || o.repository === null ? '' : String(o.repository),
      alias: o.alias ? String(o.alias) : undefined,
    };
  });
}

/** Chart.yaml of a chart directory (apiVersion v1 charts keep dependencies in requirements.yaml). */
export function readLocalChart(fs: FileSystem, dir: string): LocalChartMeta | undefined {
  const chart = readYaml(fs, join(dir, 'Chart.yaml'));
  if (!chart) return undefined;
  const apiVersion = String(chart.apiVersion ?? 'v1');
  const dependencies = apiVersion === 'v1' ? deps(readYaml(fs, join(dir, 'requirements.yaml'))?.dependencies) : deps(chart.dependencies);
  return {
    name: String(chart.name ?? ''),
    version: chart.version === undefined || chart.version === null ? '' : String(chart.version),
    apiVersion,
    dependencies,
  };
}

/**
 * Whether `helm dependency build` has anything to do: some declared dependency
 * has no archive or directory under charts/, Chart.lock pins a version whose
 * archive is missing, the archive no longer satisfies the declared constraint
 * (Chart.yaml changed), or the dependency is a `file://` chart (its source may
 * have changed since it was packaged, and rebuilding it is cheap).
 */
export function needsDependencyBuild(fs: FileSystem, dir: string, meta = readLocalChart(fs, dir)): boolean {
  if (!meta || meta.dependencies.length === 0) return false;
  if (meta.dependencies.some((d) => d.repository.startsWith('file://'))) return true;
  const chartsDir = join(dir, 'charts');
  const present = fs.exists(chartsDir) ? fs.readDir(chartsDir) : [];
  const lock = readYaml(fs, join(dir, meta.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock'));
  const locked = new Map(deps(lock?.dependencies).map((d) => [d.name, d.version]));
  const fits = (v: string, constraint: string) => {
    try {
      return !constraint || satisfies(v, { version: constraint });
    } catch {
      return false; // an unreadable constraint: let helm say what is wrong
    }
  };
  for (const d of meta.dependencies) {
    const lockedVersion = locked.get(d.name);
    // A lock that no longer fits Chart.yaml: helm's build then reports it out of sync.
    if (lockedVersion && !fits(lockedVersion, d.version)) return true;
    const has = present.some((e) => {
      if (e.isDir) return e.name === d.name;
      if (!e.name.endsWith('.tgz') || !e.name.startsWith(`${d.name}-`)) return false;
      const v = e.name.slice(d.name.length + 1, -'.tgz'.length);
      if (lockedVersion) return v === lockedVersion;
      return /^v?\d/.test(v) && fits(v, d.version);
    });
    if (!has) return true;
  }
  return false;
}

/** Splits one stream's chunks into whole lines, appended to a list shared by both streams. */
function lineCollector(into: string[]): { push: (chunk: string) => void; end: () => void } {
  let rest = '';
  return {
    push: (chunk) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
    },
    end: () => {
      if (rest) into.push(rest);
      rest = '';
    },
  };
}

/** Builds local chart dependencies at most once per directory per run. */
export class LocalDependencyBuilder {
  private readonly inflight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly fs: FileSystem,
    private readonly helm: HelmRunContext,
    private readonly counters: ChartCounters,
    private readonly logger?: Logger,
  ) {}

  /** Runs `helm dependency build` when needed; resolves to whether it ran. */
  /**
   * @param opts.relayStderr also relay helm's stderr (helm 4): Helmfile relays the command's
   * stdout, where a current helm 4 prints the `Pulled:`/`Digest:` lines of OCI dependencies
   * that helm 4.1 writes to stderr (Helmfile's helm 4 snapshots have them, its helm 3 ones not).
   */
  ensure(dir: string, opts: { skipRefresh?: boolean; plainHttp?: boolean; release?: string; relayStderr?: boolean } = {}): Promise<boolean> {
    let p = this.inflight.get(dir);
    if (!p) {
      p = (async () => {
        if (!needsDependencyBuild(this.fs, dir)) return false;
        bump(this.counters.dependencyBuilds, dir);
        // Helmfile shows helm's progress ("Saving 1 charts", "Downloading … from repo …"); under
        // helm 4 its "Pulled:"/"Digest:" lines on stderr too, in the order helm wrote them
        // (issue 13, defect 5).
        const lines: string[] = [];
        const out = lineCollector(lines);
        const err = lineCollector(lines);
        const r = await runHelm(this.helm, dependencyBuildArgv(dir, opts.skipRefresh, opts.plainHttp), {
          cwd: dir,
          release: opts.release,
          onStdout: out.push,
          ...(opts.relayStderr ? { onStderr: err.push } : {}),
        });
        out.end();
        err.end();
        // A runner that does not stream (a fake) still gives its outputs.
        if (!lines.length) lines.push(...`${r.stdout}\n${opts.relayStderr ? r.stderr : ''}`.split('\n'));
        if (this.logger) for (const line of lines) if (line.trim()) this.logger.info(line);
        return true;
      })();
      this.inflight.set(dir, p);
    }
    return p;
  }
}

/**
 * helm ignores --version for a chart directory; say so when the release asks
 * for a version its local chart does not have (instead of silently rendering another).
 */
export function warnLocalVersion(release: Release, actual: string | undefined, logger: Logger): void {
  const wanted = release.version.trim();
  if (!wanted || actual === undefined) return;
  let ok = wanted === actual;
  try {
    ok ||= satisfies(actual, { version: wanted });
  } catch {
    ok = false;
  }
  if (!ok) logger.warn(`release ${releaseLabel(release)}: version "${wanted}" is ignored for local chart ${release.chart}, which is version ${actual}`);
}
