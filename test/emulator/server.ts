/**
 * The Kubernetes API emulator: an HTTP server on 127.0.0.1 that unmodified
 * helm 3/4 and kubectl 1.31/1.33 accept as a cluster
 * (shared/reference/kube-api-emulator.md). Wires registry, store, API,
 * controllers and faults; records every request; optional JSON persistence.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api } from './api.js';
import { Controllers } from './controllers.js';
import { Faults, type FaultSpec } from './faults.js';
import { Registry } from './registry.js';
import { route, decodeBody } from './router.js';
import { ApiError, rvConflict } from './status.js';
import { Store } from './store.js';
import { isObj, type Obj } from './util.js';

/** Options of one emulator. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Fake controller latency in ms (default 100). */
  controllerDelayMs?: number;
  /** Serve aggregated discovery v2 when asked (default true; false = legacy only). */
  aggregatedDiscovery?: boolean;
  /** Load state from / save state to this JSON file. */
  statePath?: string;
  /** Keep each request's decoded body in `requests[].object` (tests of wire formats). */
  recordBodies?: boolean;
}

/** One recorded request. */
export interface RecordedRequest {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string;
  accept: string;
  userAgent: string;
  status: number;
  /** `kind ns/name keys=[…] 123B`, `PROTOBUF Secret …`, or ''. */
  body: string;
  /** The decoded body, with `recordBodies`. */
  object?: unknown;
}

function summarize(raw: Buffer, contentType: string): string {
  if (raw.length === 0) return '';
  try {
    const b = decodeBody(raw, contentType);
    const pb = contentType.includes('protobuf') ? 'PROTOBUF ' : '';
    if (Array.isArray(b)) return `${pb}${JSON.stringify(b).slice(0, 300)}`;
    if (!isObj(b)) return `${raw.length}B`;
    const m = b.metadata ?? {};
    return `${pb}${b.kind ?? ''} ${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''} keys=[${Object.keys(b).join(',')}] ${raw.length}B`.trim();
  } catch {
    return `${raw.length}B (undecodable)`;
  }
}

/** A running (or stopped) emulator. */
export class Emulator {
  readonly registry = new Registry();
  readonly store = new Store(this.registry);
  readonly api = new Api(this.store, this.registry);
  readonly faults = new Faults();
  readonly controllers: Controllers;
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(readonly options: EmulatorOptions = {}) {
    this.controllers = new Controllers(this.api, this.store, this.registry, this.faults, options.controllerDelayMs ?? 100);
    if (options.statePath && existsSync(options.statePath)) this.loadState(options.statePath);
    else this.api.seed();
    if (options.statePath) {
      // Save shortly after writes too, so even a SIGKILLed process leaves its cluster behind.
      const path = options.statePath;
      this.store.onChange(() => {
        if (this.saveTimer) return;
        this.saveTimer = setTimeout(() => {
          this.saveTimer = undefined;
          this.store.save(path);
        }, 200);
        this.saveTimer.unref();
      });
    }
  }

  private saveTimer?: NodeJS.Timeout;

  private loadState(path: string): void {
    this.store.load(path);
    const crdType = this.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    for (const s of this.store.list(crdType)) this.registry.registerCrd(s.obj);
  }

  /** Listen on 127.0.0.1; resolves to the base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Close watches and connections, stop controllers, save state if configured. */
  async stop(): Promise<void> {
    this.controllers.stop();
    this.store.hub.closeAll();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.options.statePath) this.store.save(this.options.statePath);
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Empty cluster again (system namespaces only), no faults, empty recorder. */
  reset(): void {
    this.controllers.stop();
    this.store.hub.closeAll();
    this.store.clear();
    this.registry.reset();
    this.faults.set({});
    this.requests.length = 0;
    this.api.seed();
    this.controllers.start();
  }

  /** Plain-JSON state: every object as a client would read it. */
  dump(): Obj {
    const objects: Obj[] = [];
    for (const { rt, stored } of this.store.entries()) objects.push(this.store.render(stored, rt));
    return { resourceVersion: String(this.store.rv), objects };
  }

  /** Replace the fault settings (`{}` clears). */
  setFault(spec: FaultSpec): void {
    this.faults.set(spec);
  }

  /** Request faults injected since the last `setFault`. */
  faultsInjected(): number {
    return this.faults.count;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const contentType = String(req.headers['content-type'] ?? '');
    const ua = String(req.headers['user-agent'] ?? '');
    if (url.pathname.startsWith('/__emu/')) return this.internal(url, method, raw, res);
    const rec: RecordedRequest = {
      time: Date.now(),
      method: url.searchParams.get('watch') === 'true' ? 'WATCH' : method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      contentType,
      accept: String(req.headers.accept ?? ''),
      userAgent: ua,
      status: 0,
      body: summarize(raw, contentType),
    };
    if (this.options.recordBodies && raw.length) {
      try {
        rec.object = decodeBody(raw, contentType);
      } catch {
        rec.object = undefined;
      }
    }
    this.requests.push(rec);
    const send = (code: number, body: unknown, ct = 'application/json'): void => {
      rec.status = code;
      if (res.headersSent || res.destroyed) return;
      const text = typeof body === 'string' && !ct.includes('json') ? body : JSON.stringify(body);
      res.writeHead(code, { 'Content-Type': ct, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
      res.end(text);
    };
    const latency = this.faults.latency(method, url.pathname + url.search, ua);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const fault = this.faults.decide(method, url.pathname + url.search, ua);
    if (fault.kind === 'drop') {
      rec.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'error') {
      return send(500, new ApiError(500, 'InternalError', 'Internal error occurred: emulator: injected fault').toStatus());
    }
    if (fault.kind === 'conflict') {
      const name = url.pathname.split('/').pop() ?? '';
      return send(409, rvConflict(url.pathname.split('/').slice(-2, -1)[0] ?? '', '', name).toStatus());
    }
    try {
      const reply = route({ api: this.api, store: this.store, registry: this.registry, faults: this.faults, aggregatedDiscovery: this.options.aggregatedDiscovery ?? true }, req, res, url, raw);
      if (reply.streamed) {
        rec.status = 200;
        return;
      }
      send(reply.code, reply.body, reply.contentType);
    } catch (e) {
      if (e instanceof ApiError) return send(e.code, e.toStatus());
      process.stderr.write(`emulator: ${method} ${url.pathname}${url.search}: ${(e as Error).stack}\n`);
      send(500, new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`).toStatus());
    }
  }

  /** `/__emu/state` (GET), `/__emu/reset` (POST), `/__emu/fault` (POST FaultSpec JSON), `/__emu/requests` (GET). */
  private internal(url: URL, method: string, raw: Buffer, res: ServerResponse): void {
    const reply = (code: number, body: unknown): void => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (`${method} ${url.pathname}`) {
      case 'GET /__emu/state':
        return reply(200, this.dump());
      case 'GET /__emu/requests':
        return reply(200, this.requests);
      case 'POST /__emu/reset':
        this.reset();
        return reply(200, { ok: true });
      case 'POST /__emu/fault': {
        const spec = raw.length ? (JSON.parse(raw.toString('utf8')) as FaultSpec) : {};
        this.setFault(spec);
        return reply(200, { ok: true });
      }
      default:
        return reply(404, { error: 'unknown emulator endpoint' });
    }
  }
}
