/**
 * The reconciler's HTTP endpoints (issue 10) on a real socket (port 0):
 * /healthz and /readyz follow the loop, /api/status and / show the same
 * status, HTML is escaped, only GET/HEAD are served, and --listen parses as
 * Go's host:port.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { emptyStatus, recordTick, type ReconcileStatus } from '../../src/reconcile/status.js';
import { parseListenAddress } from '../../src/server/listen-address.js';
import { escapeHtml } from '../../src/server/status-page.js';
import { startStatusServer, type StatusServer } from '../../src/server/status-server.js';
import { parsePrometheusText, sampleValue } from '../support/prom-text.js';

const T0 = Date.UTC(2026, 11, 2, 16, 0, 0);
let server: StatusServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = async (s: ReconcileStatus = emptyStatus(T0)) => {
  server = await startStatusServer({ address: { host: '127.0.0.1', port: 0 }, now: () => T0 + 5000, refreshSeconds: 7, stuckAfterMs: 60_000 }, s);
  return server;
};
const get = async (path: string, init?: RequestInit) => {
  const r = await fetch(`${server!.url}${path}`, init);
  return { status: r.status, type: r.headers.get('content-type'), csp: r.headers.get('content-security-policy'), body: await r.text() };
};

const failing = (): ReconcileStatus =>
  recordTick({ ...emptyStatus(T0), revision: '0123456789abcdef0123456789abcdef01234567' }, { n: 1, startedAt: T0, finishedAt: T0 + 1200, result: 'failed', summary: '1 to install, 0 to upgrade, 0 to uninstall, 1 unchanged' }, [
    { id: 'apps/web', namespace: 'apps', name: 'web', action: 'noop', result: 'drifted', drifted: true, revision: 3, failures: 0, updatedAt: T0 + 1200 },
    { id: 'fail/bad', namespace: 'fail', name: 'bad', action: 'install', result: 'failed', drifted: false, failures: 2, lastError: 'hook failed: <script>alert("x")</script> & more', nextRetryAt: T0 + 25_000, updatedAt: T0 + 1200 },
  ]);

describe('the status server', () => {
  it('serves on the port it was given 0 for and says where', async () => {
    const s = await start();
    expect(s.port).toBeGreaterThan(0);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
  });

  it('/healthz is 200 while the loop runs and 503 once it is stopping; /readyz turns 200 after a tick in which nothing failed', async () => {
    const s = await start();
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'not ready: no tick has succeeded yet; the first tick has not finished\n' });
    s.update(failing());
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'not ready: no tick has succeeded yet; the last tick (#1) ended failed\n' });
    s.update(recordTick(failing(), { n: 2, startedAt: T0 + 60_000, finishedAt: T0 + 61_000, result: 'in-sync' }));
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
    s.stopping();
    expect(await get('/healthz')).toMatchObject({ status: 503, body: 'stopping\n' });
  });

  it('/api/status is the status as JSON: ticks, revision, and per release its action, result, revision, drift, error and retry', async () => {
    const s = await start();
    s.update({ ...failing(), nextTickAt: T0 + 60_000 });
    const r = await get('/api/status');
    expect(r.type).toBe('application/json; charset=utf-8');
    const v = JSON.parse(r.body);
    expect(v).toMatchObject({
      schemaVersion: 1,
      ready: false,
      running: true,
      ticks: 1,
      sourceRevision: '0123456789abcdef0123456789abcdef01234567',
      nextTickAt: '2026-12-02T16:01:00.000Z',
      lastTick: { n: 1, result: 'failed', startedAt: '2026-12-02T16:00:00.000Z', finishedAt: '2026-12-02T16:00:01.200Z', durationSeconds: 1.2 },
    });
    expect(v.releases).toEqual([
      { id: 'apps/web', namespace: 'apps', name: 'web', action: 'noop', result: 'drifted', revision: 3, drifted: true, suspended: false, reason: null, lastError: null, failures: 0, nextRetryAt: null },
      { id: 'fail/bad', namespace: 'fail', name: 'bad', action: 'install', result: 'failed', revision: null, drifted: false, suspended: false, reason: null, lastError: 'hook failed: <script>alert("x")</script> & more', failures: 2, nextRetryAt: '2026-12-02T16:00:25.000Z' },
    ]);
  });

  it('/ is a self-contained HTML page that reloads itself and escapes every text', async () => {
    const s = await start();
    s.update({ ...failing(), nextTickAt: T0 + 60_000 });
    const r = await get('/');
    expect(r.type).toBe('text/html; charset=utf-8');
    expect(r.csp).toContain("default-src 'none'");
    expect(r.body).toContain('<meta http-equiv="refresh" content="7">');
    expect(r.body).not.toMatch(/<script|src=|<link/i);
    expect(r.body).toContain('hook failed: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(r.body).toContain('0123456789abcdef0123456789abcdef01234567');
    expect(r.body).toMatch(/<tr data-release="fail\/bad">/);
    expect(r.body).toContain('(in 55s)'); // next tick, rendered 5 s after T0
  });

  it('while a tick runs the page and the API say which, instead of a next tick in the past', async () => {
    const s = await start();
    s.update({ ...failing(), nextTickAt: undefined, currentTick: { n: 2, startedAt: T0 + 2000 } });
    expect(JSON.parse((await get('/api/status')).body)).toMatchObject({ nextTickAt: null, currentTick: { n: 2, startedAt: '2026-12-02T16:00:02.000Z' } });
    expect((await get('/')).body).toMatch(/<dd id="next-tick"><span class="badge info">running<\/span> tick #2 since <time datetime="2026-12-02T16:00:02.000Z">/);
  });

  it('/metrics is the text format; unknown paths 404; only GET and HEAD', async () => {
    const s = await start();
    s.update(failing());
    const m = await get('/metrics');
    expect(m.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const f = parsePrometheusText(m.body);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: 'apps', release: 'web' })).toBe(1);
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: 'fail', release: 'bad' })).toBe(1);
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/api/status', { method: 'POST', body: '{}' })).status).toBe(405);
    const head = await fetch(`${s.url}/healthz`, { method: 'HEAD' });
    expect({ status: head.status, body: await head.text() }).toEqual({ status: 200, body: '' });
  });

  it('a busy port is an error with the code, for the command to explain', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    await expect(startStatusServer({ address: { host: '127.0.0.1', port }, now: () => T0, refreshSeconds: 5, stuckAfterMs: 60_000 }, emptyStatus(T0))).rejects.toMatchObject({ code: 'EADDRINUSE' });
    blocker.close();
  });
});

describe('--listen', () => {
  it.each([
    ['127.0.0.1:9090', { host: '127.0.0.1', port: 9090 }],
    [':9090', { port: 9090 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (text, want) => expect(parseListenAddress(text)).toEqual(want));
  it("'' turns the server off", () => expect(parseListenAddress('')).toBeUndefined());
  it.each(['9090', 'host', '127.0.0.1:99999', '::1:80', 'a:b'])('%s is refused with an example', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/is not a host:port address/);
  });
  it('escapeHtml covers the five characters', () => expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
});
