/**
 * Watch hub: an event history for resourceVersion replay, live fan-out to
 * open watches, WatchList (`sendInitialEvents=true` → ADDED… then a BOOKMARK
 * annotated `k8s.io/initial-events-end`, T3) and timeouts. Disconnects are
 * detected on the *response* (`res.on('close')`, T4).
 */
import type { ServerResponse } from 'node:http';
import type { ResourceType } from './registry.js';
import { apiVersionOf } from './registry.js';
import { matchesFields, matchesLabels, type Requirement } from './selectors.js';
import type { Obj } from './util.js';

/** One stored event. */
export interface WatchEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  group: string;
  resource: string;
  namespace: string;
  object: Obj;
}

/** What one open watch wants. */
export interface WatchFilter {
  rt: ResourceType;
  namespace?: string;
  labels: Requirement[];
  fields: Requirement[];
}

interface Watcher {
  filter: WatchFilter;
  res: ServerResponse;
  bookmarks: boolean;
  /** Re-shape each event object (Table watches of `kubectl get -w`). */
  transform?: (o: Obj) => Obj;
}

/** Fan-out of store events to open watches. */
export class WatchHub {
  private history: WatchEvent[] = [];
  private watchers = new Set<Watcher>();

  /** Record an event and send it to matching watches. */
  publish(ev: WatchEvent): void {
    this.history.push(ev);
    if (this.history.length > 20000) this.history.splice(0, 5000);
    for (const w of this.watchers) if (this.matches(w.filter, ev)) this.send(w, ev.type, ev.object, w.filter.rt);
  }

  private matches(f: WatchFilter, ev: WatchEvent): boolean {
    if (ev.group !== f.rt.group || ev.resource !== f.rt.resource) return false;
    if (f.namespace && ev.namespace !== f.namespace) return false;
    return matchesLabels(f.labels, ev.object.metadata?.labels) && matchesFields(f.fields, ev.object);
  }

  private send(w: Watcher, type: string, object: Obj, rt: ResourceType): void {
    // Objects are stored version-agnostic; present them in the watched version.
    let o: Obj = { ...object, apiVersion: apiVersionOf(rt) };
    if (w.transform) o = w.transform(o);
    w.res.write(`${JSON.stringify({ type, object: o })}\n`);
  }

  /**
   * Serve a watch. `initial` are the current matching objects (sent as ADDED
   * when the client asked for state), `sinceRv` replays history after it.
   */
  open(
    res: ServerResponse,
    filter: WatchFilter,
    opts: { initial?: Obj[]; sinceRv?: number; bookmarkRv?: number; allowBookmarks: boolean; timeoutSeconds?: number; onClose?: () => void; transform?: (o: Obj) => Obj },
  ): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    // Send the headers now: client-go's watch waits for them with no deadline,
    // and a replay from a resourceVersion may have nothing to write yet.
    res.flushHeaders();
    const w: Watcher = { filter, res, bookmarks: opts.allowBookmarks, transform: opts.transform };
    for (const o of opts.initial ?? []) this.send(w, 'ADDED', o, filter.rt);
    if (opts.bookmarkRv !== undefined) {
      res.write(
        `${JSON.stringify({
          type: 'BOOKMARK',
          object: { kind: filter.rt.kind, apiVersion: apiVersionOf(filter.rt), metadata: { resourceVersion: String(opts.bookmarkRv), annotations: { 'k8s.io/initial-events-end': 'true' } } },
        })}\n`,
      );
    }
    if (opts.sinceRv !== undefined) {
      for (const ev of this.history) if (ev.rv > opts.sinceRv && this.matches(filter, ev)) this.send(w, ev.type, ev.object, filter.rt);
    }
    this.watchers.add(w);
    const timer = opts.timeoutSeconds ? setTimeout(() => res.end(), opts.timeoutSeconds * 1000) : undefined;
    timer?.unref();
    res.on('close', () => {
      if (timer) clearTimeout(timer);
      this.watchers.delete(w);
      opts.onClose?.();
    });
  }

  /** Number of open watches (for tests). */
  get openCount(): number {
    return this.watchers.size;
  }

  /** End every open watch (stop/reset). */
  closeAll(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Forget history (reset). */
  clear(): void {
    this.history = [];
  }
}
