/**
 * `reconcile --watch` (issue 10, "Congruence on events"): the I/O side.
 * After each tick it learns from the run what to watch (src/reconcile/
 * watch-index.ts) and keeps two kinds of watchers in step with it:
 *
 * - files: the directories of every file the tick read (releases files,
 *   sub-helmfiles, bases, environment and release values, local charts'
 *   trees), through the FileWatcher port; a change becomes a trigger for
 *   the releases that read the file, or for all of them.
 * - the cluster: one `kubectl get --watch` per kind and namespace of the
 *   managed objects (src/cluster/object-watch.ts); a change of a managed
 *   object's spec or metadata (status and server bookkeeping left aside)
 *   becomes a trigger for its release. A watch that ends (dropped
 *   connection, server timeout, unknown kind) is resumed with backoff; the
 *   objects it lists again are compared with what was seen before, so a
 *   change made while it was down still starts a tick.
 *
 * Triggers go to the TriggerQueue, which debounces them (pure).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseChartRef } from '../charts/chart-ref.js';
import { runWatch, type WatchEvent } from '../cluster/object-watch.js';
import { parseManifest, splitApiVersion } from '../diff/manifest.js';
import type { Deps, FileSystem } from '../ports/index.js';
import { backoffDelay } from '../reconcile/backoff.js';
import { formatDuration } from '../reconcile/duration.js';
import type { WatchStatus } from '../reconcile/status.js';
import type { TriggerQueue } from '../reconcile/triggers.js';
import { objectFingerprint, WatchIndex, type ReleaseTargets, type WatchSpec } from '../reconcile/watch-index.js';
import type { PreparedRun } from './release-run.js';

/** A FileSystem that remembers every file read through it (and leaves out the temp dirs it made). */
export function recordingFs(fs: FileSystem, reads: Set<string>): FileSystem {
  const temps: string[] = [];
  const note = (p: string) => {
    if (!temps.some((t) => p === t || p.startsWith(t + sep))) reads.add(p);
  };
  return {
    ...fs,
    readFile: (p) => (note(p), fs.readFile(p)),
    readBytes: (p) => (note(p), fs.readBytes(p)),
    mkdtemp: (prefix) => {
      const d = fs.mkdtemp(prefix);
      temps.push(d);
      return d;
    },
  };
}

/** What each release of a planned run reads and deploys. */
export function releaseTargets(run: PreparedRun, fs: FileSystem): ReleaseTargets[] {
  return run.releases.map((r) => {
    const rel = r.release;
    const files: string[] = [];
    const prefix = rel.spec.valuesPathPrefix ?? '';
    for (const e of rel.spec.values ?? []) if (typeof e === 'string' && !/[*?[]/.test(e)) files.push(isAbsolute(e) ? e : resolve(rel.baseDir, e));
    for (const e of rel.spec.secrets ?? []) if (typeof e === 'string') files.push(isAbsolute(e) ? e : resolve(rel.baseDir, prefix + e));
    let chartDir: string | undefined;
    try {
      const c = parseChartRef(rel.chart, rel.baseDir, r.file.repositories, fs);
      if (c.kind === 'local' && fs.stat(c.path)?.isDir) chartDir = c.path;
    } catch {
      // Not a chart reference we can place on disk: nothing to watch for it.
    }
    let objects: ReleaseTargets['objects'] = [];
    if (rel.installed && r.manifest) {
      try {
        objects = parseManifest(r.manifest, { defaultNamespace: rel.namespace, origin: `release ${r.id}` })
          .filter((o) => !o.hook)
          .map((o) => ({ apiVersion: String(o.object.apiVersion ?? ''), group: o.key.group, kind: o.key.kind, namespace: o.key.namespace, name: o.key.name }));
      } catch {
        objects = [];
      }
    }
    return { id: r.id, files, ...(chartDir ? { chartDir } : {}), context: rel.kubeContext ?? '', objects };
  });
}

export interface ReconcileWatcherOptions {
  queue: TriggerQueue;
  /** kubectl executable and `--kubeconfig`. */
  kubectl: string;
  kubeconfig?: string;
  /** Files read outside this directory (caches, the user's home) are not watched unless a release names them. */
  projectRoot: string;
  /** Paths in log lines are shown relative to this. */
  cwd: string;
  /** A dropped watch is resumed after 1 s, 2 s … up to this (default 30 s). */
  maxReconnectMs?: number;
}

interface ApiWatch {
  spec: WatchSpec;
  abort: AbortController;
  up: boolean;
  /** Fingerprints of the managed objects seen, by `group/Kind/ns/name`. */
  seen: Map<string, string>;
}

export class ReconcileWatcher {
  private readonly index = new WatchIndex();
  private readonly dirs = new Map<string, { close(): void }>();
  private readonly api = new Map<string, ApiWatch>();
  private lastEvent: WatchStatus['lastEvent'];
  private closed = false;
  private allUpSaid = false;

  constructor(
    private readonly o: ReconcileWatcherOptions,
    private readonly deps: Deps,
  ) {}

  /** Learns from a planned run; `reads` are the files its tick read; `partial` for a tick of some releases. */
  update(run: PreparedRun, reads: ReadonlySet<string>, partial: boolean): void {
    if (this.closed) return;
    const targets = releaseTargets(run, this.deps.fs);
    let shared: string[] | undefined;
    if (!partial) {
      const own = new Set(targets.flatMap((t) => t.files));
      const trees = targets.flatMap((t) => (t.chartDir ? [t.chartDir] : []));
      const inProject = (p: string) => p === this.o.projectRoot || p.startsWith(this.o.projectRoot + sep);
      shared = [
        ...new Set([
          ...run.state.files.map((f) => f.absPath),
          ...[...reads].filter((p) => inProject(p) && !own.has(p) && !trees.some((t) => p.startsWith(t + sep))),
        ]),
      ];
    }
    this.index.update(targets, shared, partial);
    this.syncDirs();
    this.syncApiWatches();
  }

  private trigger(releases: ReadonlySet<string> | 'all', reason: string): void {
    const at = this.deps.clock.now();
    this.lastEvent = { at, reason };
    this.deps.logger.debug(`watch: ${reason}`);
    this.o.queue.add({ releases, reason, at });
  }

  private show(p: string): string {
    const r = relative(this.o.cwd, p);
    return r && !r.startsWith('..') ? r : p;
  }

  private syncDirs(): void {
    const { dirs, trees } = this.index.directories();
    const want = new Set(dirs);
    for (const t of trees) for (const d of this.walk(t)) want.add(d);
    const watcher = this.deps.watcher;
    if (!watcher) return;
    for (const [d, h] of this.dirs) {
      if (!want.has(d)) {
        h.close();
        this.dirs.delete(d);
      }
    }
    for (const d of want) {
      if (this.dirs.has(d) || !this.deps.fs.stat(d)?.isDir) continue;
      const h = watcher.watchDir(
        d,
        (p) => {
          const scope = this.index.scopeOfPath(p);
          if (scope) this.trigger(scope, `${this.show(p)} changed`);
        },
        () => {
          // The directory went away (a checkout replaced it): everything read from it may have changed.
          this.dirs.delete(d);
          this.trigger('all', `${this.show(d)} was replaced`);
        },
      );
      this.dirs.set(d, h);
    }
  }

  /** A chart tree's directories (its .git and packaged dependencies aside). */
  private walk(dir: string): string[] {
    const out = [dir];
    for (let i = 0; i < out.length && out.length < 2000; i++) {
      let entries: ReturnType<FileSystem['readDir']> = [];
      try {
        entries = this.deps.fs.readDir(out[i]!);
      } catch {
        continue;
      }
      for (const e of entries) if (e.isDir && e.name !== '.git' && e.name !== 'node_modules') out.push(resolve(out[i]!, e.name));
    }
    return out;
  }

  private syncApiWatches(): void {
    const want = new Map(this.index.watches().map((w) => [w.id, w]));
    for (const [id, w] of this.api) {
      if (!want.has(id)) {
        w.abort.abort();
        this.api.delete(id);
      }
    }
    for (const [id, spec] of want) {
      if (this.api.has(id)) continue;
      this.allUpSaid = false;
      const w: ApiWatch = { spec, abort: new AbortController(), up: false, seen: new Map() };
      this.api.set(id, w);
      void this.keepWatching(w);
    }
  }

  private async keepWatching(w: ApiWatch): Promise<void> {
    const { clock, logger, runner } = this.deps;
    const { spec } = w;
    const what = `${spec.kind} in ${spec.namespace}${spec.context ? ` (context ${spec.context})` : ''}`;
    let failures = 0;
    while (!w.abort.signal.aborted) {
      const started = clock.now();
      let ended: { exitCode: number; stderr: string; events: number };
      try {
        ended = await runWatch({
          runner,
          kubectl: this.o.kubectl,
          connection: { ...(this.o.kubeconfig ? { kubeconfig: this.o.kubeconfig } : {}), ...(spec.context ? { context: spec.context } : {}) },
          apiVersion: spec.apiVersion,
          kind: spec.kind,
          namespace: spec.namespace,
          signal: w.abort.signal,
          onEvent: (e) => {
            if (!w.up) {
              w.up = true;
              if (failures > 0) logger.info(`watch ${what}: resumed`);
              this.noteConnected();
            }
            this.onEvent(w, e);
          },
        });
      } catch (e) {
        ended = { exitCode: -1, stderr: (e as Error).message, events: 0 };
      }
      w.up = false;
      this.allUpSaid = false;
      if (w.abort.signal.aborted) return;
      // A watch that ran a while and then ended (the server closes watches after a timeout) starts over quickly.
      if (clock.now() - started > 60_000) failures = 0;
      failures++;
      const delay = backoffDelay(failures, { baseMs: 1000, capMs: this.o.maxReconnectMs ?? 30_000 });
      const why = ended.stderr.split('\n').map((l) => l.trim()).find(Boolean) ?? (ended.exitCode === 0 ? 'the server ended the watch' : `kubectl exited with ${ended.exitCode}`);
      logger.warn(`watch ${what} ended (${why}); resuming in ${formatDuration(delay)}`);
      try {
        await clock.sleep(delay, w.abort.signal);
      } catch {
        return;
      }
    }
  }

  /** Says once (and again after a watch dropped) when every API watch is listing and streaming. */
  private noteConnected(): void {
    const all = [...this.api.values()];
    if (!all.every((w) => w.up) || this.allUpSaid) return;
    this.allUpSaid = true;
    const namespaces = new Set(all.map((w) => w.spec.namespace));
    const kinds = [...new Set(all.map((w) => w.spec.kind))].sort();
    this.deps.logger.info(`watch: following ${kinds.join(', ')} in ${namespaces.size} namespace${namespaces.size === 1 ? '' : 's'} (${all.length} API watch${all.length === 1 ? '' : 'es'}) and ${this.status().files} file${this.status().files === 1 ? '' : 's'}`);
  }

  private onEvent(w: ApiWatch, e: WatchEvent): void {
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED' && e.type !== 'DELETED') return;
    const obj = e.object;
    const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
    const kind = String(obj.kind ?? w.spec.kind);
    const { group } = splitApiVersion(String(obj.apiVersion ?? w.spec.apiVersion));
    const name = meta.name ?? '';
    const ns = meta.namespace ?? '';
    const release = this.index.releaseOfObject(w.spec.context, group, kind, ns, name);
    if (!release) return;
    const key = `${group}/${kind}/${ns}/${name}`;
    const label = `${kind} ${ns ? `${ns}/` : ''}${name}`;
    if (e.type === 'DELETED') {
      w.seen.delete(key);
      this.trigger(new Set([release]), `${label} deleted in the cluster`);
      return;
    }
    const fp = objectFingerprint(obj);
    const before = w.seen.get(key);
    w.seen.set(key, fp);
    // ADDED of an object not seen before is the watch's initial list (or an install): nothing to do.
    if (before === fp || (e.type === 'ADDED' && before === undefined)) return;
    this.trigger(new Set([release]), `${label} changed in the cluster`);
  }

  status(): WatchStatus {
    return {
      files: this.index.fileCount(),
      apiWatches: this.api.size,
      apiWatchesUp: [...this.api.values()].filter((w) => w.up).length,
      ...(this.lastEvent ? { lastEvent: this.lastEvent } : {}),
    };
  }

  close(): void {
    this.closed = true;
    for (const h of this.dirs.values()) h.close();
    this.dirs.clear();
    for (const w of this.api.values()) w.abort.abort();
    this.api.clear();
  }
}
