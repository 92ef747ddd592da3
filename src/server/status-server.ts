/**
 * The reconciler's HTTP server (`reconcile --listen`, issue 10):
 *
 * - `/healthz` 200 while the loop runs; 503 once SIGTERM/SIGINT stopped it, or
 *   while it is stuck (a tick running, or the next tick overdue, for longer
 *   than `stuckAfterMs`: src/reconcile/health.ts), so a liveness probe
 *   restarts a hung reconciler;
 * - `/readyz` 200 once a tick finished in which nothing failed, else 503 with why;
 * - `/metrics` Prometheus text format (src/server/metrics.ts);
 * - `/api/status` the status as JSON (src/server/status-view.ts);
 * - `/` the HTML status page (src/server/status-page.ts).
 *
 * GET and HEAD only; everything reads the one status the loop publishes, so
 * a request never waits for a tick.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReconcileStatus } from '../reconcile/status.js';
import { baseUrl, type ListenAddress } from './listen-address.js';
import { ReconcileMetrics } from './metrics.js';
import { statusPage } from './status-page.js';
import { isReady, statusView } from './status-view.js';
import { loopHealth } from '../reconcile/health.js';

export interface StatusServerOptions {
  address: ListenAddress;
  /** Epoch ms now (the page's "in 12s"). */
  now: () => number;
  /** Seconds between reloads of the page. */
  refreshSeconds: number;
  /** `--stuck-after`: a tick running (or the next tick overdue) longer than this makes /healthz 503. */
  stuckAfterMs: number;
}

export interface StatusServer {
  /** `http://127.0.0.1:9090` — with the port actually bound (for `:0`). */
  readonly url: string;
  readonly port: number;
  /** The loop published a new status. */
  update(s: ReconcileStatus): void;
  /** The loop is stopping: /healthz turns 503. */
  stopping(): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // No script, no external asset, not framed: the page needs nothing else.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/** Binds the address (a busy port is a clear error) and serves until `close()`. */
export async function startStatusServer(o: StatusServerOptions, initial: ReconcileStatus): Promise<StatusServer> {
  let status = initial;
  let running = true;
  const metrics = new ReconcileMetrics();
  metrics.update(status);

  const send = (req: IncomingMessage, res: ServerResponse, code: number, type: string, body: string): void => {
    res.writeHead(code, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const text = 'text/plain; charset=utf-8';
  const health = () => loopHealth(status, { now: o.now(), stuckAfterMs: o.stuckAfterMs, running });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(req, res, 405, text, 'method not allowed: GET or HEAD\n');
    }
    switch (path) {
      case '/healthz': {
        const h = health();
        return h.healthy ? send(req, res, 200, text, 'ok\n') : send(req, res, 503, text, `${h.message}\n`);
      }
      case '/readyz': {
        if (isReady(status)) return send(req, res, 200, text, 'ready\n');
        const why = status.lastTick ? `the last tick (#${status.lastTick.n}) ended ${status.lastTick.result}` : 'the first tick has not finished';
        return send(req, res, 503, text, `not ready: no tick has succeeded yet; ${why}\n`);
      }
      case '/metrics':
        return send(req, res, 200, metrics.contentType, await metrics.text());
      case '/api/status':
        return send(req, res, 200, 'application/json; charset=utf-8', `${JSON.stringify(statusView(status, running, health()), null, 2)}\n`);
      case '/':
        return send(req, res, 200, 'text/html; charset=utf-8', statusPage(statusView(status, running, health()), { now: o.now(), refreshSeconds: o.refreshSeconds }));
      default:
        return send(req, res, 404, text, `not found: ${path === '' ? '/' : 'try /, /api/status, /metrics, /healthz or /readyz'}\n`);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(req, res, 500, text, `internal error: ${(e as Error)?.message ?? String(e)}\n`);
      else res.destroy();
    });
  });
  // Scrapes are short: no connection should hold shutdown up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: o.address.port, ...(o.address.host !== undefined ? { host: o.address.host } : {}) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = o.address.host ?? (bound.family === 'IPv6' ? '::' : '0.0.0.0');
  return {
    url: baseUrl(host, bound.port),
    port: bound.port,
    update: (s) => {
      status = s;
      metrics.update(s);
    },
    stopping: () => {
      running = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
