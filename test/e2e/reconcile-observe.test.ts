/**
 * What an operator sees of `helmsync reconcile` (issue 10, observability),
 * through the BUILT CLI against the API emulator with real helm 3 and helm 4:
 * `--listen 127.0.0.1:0` (the bound port learnt from the log), /healthz,
 * /readyz turning ready once nothing fails, /metrics parsed by an
 * independent reader of the text format, /api/status, the HTML page opened in
 * headless Chromium without JavaScript (screenshot in test-artifacts/), and
 * `--log-format json` lines. A secret planted in a Secret value, which helm
 * echoes in a failing release's error, must not appear anywhere.
 * Expected values come from the cluster, git and the fixture, never from
 * helmsync's own output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { HELM_MAJORS } from '../support/binaries.js';
import { launchChromium, openPage, screenshot } from '../support/browser.js';
import { parsePrometheusText, sampleValue } from '../support/prom-text.js';
import { setUp, type ClusterEnv } from './cluster-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

/** In a Secret of db (values/db.yaml of the fixture): masked everywhere. */
const DB_SECRET = 'SENTINEL-7f3a9c2e-secret';
/** In a Secret of leaky AND its ConfigMap's name, which the API server refuses and helm quotes in its error. */
const LEAK = 'leakcheck_7f3a9c2e_secret';

const releasesFile = (withLeaky: boolean) => `releases:
  - name: db
    namespace: data
    chart: ./charts/demo
    values:
      - values/db.yaml
  - name: web
    namespace: apps
    chart: ./charts/demo
    needs: [data/db]
    values:
      - values/web.yaml
${withLeaky ? `  - name: leaky
    namespace: fail
    chart: ./charts/leaky
    values:
      - token: ${LEAK}
` : ''}`;

type LogEntry = Record<string, unknown> & { time: string; level: string; msg: string; event?: string };

describe.each(HELM_MAJORS)('reconcile observability with helm %i', (major) => {
  let e: ClusterEnv;
  let running: Reconciler | undefined;
  let browser: Browser | undefined;
  const git = async (args: string[]) => (await execa('git', args, { cwd: e.dir, env: { ...e.sb.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } })).stdout.trim();

  beforeAll(async () => {
    e = await setUp(major);
    mkdirSync(join(e.dir, 'charts', 'leaky', 'templates'), { recursive: true });
    writeFileSync(join(e.dir, 'charts', 'leaky', 'Chart.yaml'), 'apiVersion: v2\nname: leaky\nversion: 0.1.0\n');
    writeFileSync(
      join(e.dir, 'charts', 'leaky', 'templates', 'all.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: {{ .Values.token | quote }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.token }}\ndata: {}\n',
    );
    e.write('observe.yaml', releasesFile(true));
    await git(['init', '-q']);
    await git(['add', '-A']);
    await git(['commit', '-qm', 'three releases']);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await browser?.close();
    await e?.stop();
  });

  const entries = (r: Reconciler): LogEntry[] => r.lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as LogEntry);
  /** The first JSON log line at or after `from` for which `pred` holds. */
  const waitEvent = async (r: Reconciler, pred: (x: LogEntry) => boolean, from = 0): Promise<LogEntry> => {
    const matcher = {
      test: (l: string) => {
        try {
          return pred(JSON.parse(l) as LogEntry);
        } catch {
          return false;
        }
      },
      toString: () => pred.toString(),
    } as unknown as RegExp;
    return JSON.parse(await r.waitFor(matcher, { from, timeoutMs: 90_000 })) as LogEntry;
  };

  it('serves health, readiness, metrics, status and a page that never show a secret; logs are JSON lines', async () => {
    const head1 = await git(['rev-parse', 'HEAD']);
    running = startReconcile(e, ['-f', 'observe.yaml', 'reconcile', '--interval', '2s', '--jitter', '0', '--retry-backoff', '1s', '--listen', '127.0.0.1:0', '--log-format', 'json', '--prune']);
    const r = running;
    const listen = await waitEvent(r, (x) => x.event === 'server.listen');
    const url = String(listen.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(listen.port)).toBeGreaterThan(0);
    const bodies: string[] = [];
    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`);
      const body = await res.text();
      bodies.push(body);
      return { status: res.status, body };
    };

    // First tick: db and web installed, leaky refused by the API server.
    const t1 = await waitEvent(r, (x) => x.event === 'tick.end' && x.tick === 1);
    expect(t1).toMatchObject({ level: 'info', result: 'failed', revision: head1 });
    expect(e.revisions()).toMatchObject({ 'data/db': 1, 'apps/web': 1 });
    expect(e.cluster.releases('fail').map((x) => x.info.status)).not.toContain('deployed');
    expect((await get('/healthz')).status).toBe(200);
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatch(/not ready/);

    // Drift: a manual scale, reported (not healed: no --self-heal) on the next tick.
    expect((await e.kubectl_(['scale', 'deployment', 'web', '-n', 'apps', '--replicas=3'])).code).toBe(0);
    const at = r.lines.length;
    await waitEvent(r, (x) => x.event === 'release.drift' && x.release === 'apps/web', at);
    const tDrift = await waitEvent(r, (x) => x.event === 'tick.end', at);

    const m = await get('/metrics');
    expect(m.status).toBe(200);
    const f = parsePrometheusText(m.body);
    const ticksSoFar = entries(r).filter((x) => x.event === 'tick.end').length;
    const failedTicks = entries(r).filter((x) => x.event === 'tick.end' && x.result === 'failed').length;
    expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result: 'failed' })).toBeGreaterThanOrEqual(Math.min(failedTicks, Number(tDrift.tick)));
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_count')).toBeGreaterThanOrEqual(Number(tDrift.tick));
    expect(sampleValue(f, 'helmsync_reconcile_tick_duration_seconds_count')).toBeLessThanOrEqual(ticksSoFar + 1);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: 'apps', release: 'web' })).toBe(1);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: 'data', release: 'db' })).toBe(0);
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: 'fail', release: 'leaky' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: 'data', release: 'db' })).toBe(0);
    expect(sampleValue(f, 'helmsync_release_suspended', { namespace: 'apps', release: 'web' })).toBe(0);
    expect(sampleValue(f, 'helmsync_source_info', { revision: head1 })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_last_success_timestamp_seconds')).toBe(0);

    const api = await get('/api/status');
    const s = JSON.parse(api.body);
    expect(s).toMatchObject({ schemaVersion: 1, running: true, ready: false, sourceRevision: head1 });
    expect(Date.parse(s.nextTickAt)).toBeGreaterThan(Date.parse(s.lastTick.finishedAt) - 1);
    const byId = Object.fromEntries(s.releases.map((x: { id: string }) => [x.id, x]));
    const revs = e.revisions();
    expect(byId['apps/web']).toMatchObject({ result: 'drifted', drifted: true, suspended: false, revision: revs['apps/web'], failures: 0 });
    expect(byId['data/db']).toMatchObject({ result: 'in-sync', drifted: false, revision: revs['data/db'] });
    // Installed on tick 1; helm keeps the failed revision, so later attempts are upgrades.
    expect(['install', 'upgrade']).toContain(byId['fail/leaky'].action);
    expect(byId['fail/leaky'].failures).toBeGreaterThanOrEqual(1);
    // The API server's refusal quotes the name; the secret in it is masked, the rest kept.
    expect(byId['fail/leaky'].lastError).toMatch(/ConfigMap "<secret>" is invalid/);

    // The page, as a browser without JavaScript shows it.
    const page = await openPage(browser!, `${url}/`);
    await page.waitForSelector('#releases');
    const refresh = await page.locator('meta[http-equiv="refresh"]').getAttribute('content');
    expect(Number(refresh)).toBeGreaterThan(0);
    expect(await page.locator('#source-revision').innerText()).toBe(head1);
    const row = (id: string) => page.locator(`tr[data-release="${id}"] td`).allInnerTexts();
    const web = await row('apps/web');
    expect(web.slice(0, 5)).toEqual(['apps/web', 'noop', 'drifted', String(revs['apps/web']), 'drifted']);
    const leaky = await row('fail/leaky');
    expect(leaky[0]).toBe('fail/leaky');
    expect(leaky[2]).toMatch(/failed|held/);
    expect(leaky[8]).toMatch(/ConfigMap "<secret>" is invalid/);
    expect(await page.locator('script').count()).toBe(0);
    const html = await page.content();
    bodies.push(html);
    await screenshot(page, `status-page-helm${major}`);
    await page.context().close();

    // The commit that drops leaky: the next tick succeeds, /readyz turns 200, the revision follows git.
    e.write('observe.yaml', releasesFile(false));
    await git(['commit', '-qam', 'drop leaky']);
    const head2 = await git(['rev-parse', 'HEAD']);
    const ok = await waitEvent(r, (x) => x.event === 'tick.end' && x.result === 'in-sync' && x.revision === head2, r.lines.length);
    expect(ok.revision).toBe(head2);
    expect((await get('/readyz')).status).toBe(200);
    // --prune: leaky, installed (and owned) by this reconciler, was dropped from the file.
    expect(entries(r).find((x) => x.event === 'release.prune')).toMatchObject({ release: 'fail/leaky', namespace: 'fail', name: 'leaky' });
    expect(e.cluster.releases('fail')).toEqual([]);
    const f2 = parsePrometheusText((await get('/metrics')).body);
    expect(sampleValue(f2, 'helmsync_source_info', { revision: head2 })).toBe(1);
    expect(sampleValue(f2, 'helmsync_source_info', { revision: head1 })).toBeUndefined();
    expect(sampleValue(f2, 'helmsync_reconcile_last_success_timestamp_seconds')! * 1000).toBeCloseTo(Date.parse(String(ok.time)), -4);
    const s2 = JSON.parse((await get('/api/status')).body);
    expect(s2).toMatchObject({ ready: true, sourceRevision: head2 });
    expect(s2.releases.map((x: { id: string }) => x.id)).toEqual(['data/db', 'apps/web']);

    expect(await r.stop('SIGTERM')).toBe(0);
    running = undefined;

    // Every stderr line is one JSON object with time, level and msg; the events carry their fields.
    const log = entries(r);
    for (const x of log) {
      expect(Number.isNaN(Date.parse(x.time))).toBe(false);
      expect(['debug', 'info', 'warn', 'error']).toContain(x.level);
      expect(typeof x.msg).toBe('string');
    }
    const events = new Set(log.map((x) => x.event).filter(Boolean));
    for (const ev of ['server.listen', 'tick.start', 'tick.end', 'tick.wait', 'release.install', 'release.failure', 'release.drift', 'reconcile.stop']) expect(events).toContain(ev);
    expect(log.find((x) => x.event === 'release.install' && x.release === 'data/db')).toMatchObject({ namespace: 'data', name: 'db', revision: 1 });
    expect(log.find((x) => x.event === 'release.failure')).toMatchObject({ release: 'fail/leaky', action: 'install', failures: 1, backoff_ms: 1000 });

    // Nothing anywhere holds a secret.
    for (const text of [...bodies, r.lines.join('\n'), r.stdout()]) {
      expect(text).not.toContain(DB_SECRET);
      expect(text).not.toContain(LEAK);
    }
  }, 240_000);

  it('a release suspended with helmsync suspend shows as suspended in /metrics, /api/status and the page', async () => {
    const sus = await e.cli(['-f', 'observe.yaml', 'suspend', '-l', 'name=web']);
    expect({ code: sus.exitCode, err: sus.exitCode === 0 ? '' : sus.stderr }).toEqual({ code: 0, err: '' });
    running = startReconcile(e, ['-f', 'observe.yaml', 'reconcile', '--interval', '5s', '--jitter', '0', '--listen', '127.0.0.1:0', '--log-format', 'json']);
    const r = running;
    const url = String((await waitEvent(r, (x) => x.event === 'server.listen')).url);
    await waitEvent(r, (x) => x.event === 'tick.end' && x.tick === 1);
    const f = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    expect(sampleValue(f, 'helmsync_release_suspended', { namespace: 'apps', release: 'web' })).toBe(1);
    expect(sampleValue(f, 'helmsync_release_suspended', { namespace: 'data', release: 'db' })).toBe(0);
    const s = JSON.parse(await (await fetch(`${url}/api/status`)).text());
    expect(s.releases.find((x: { id: string }) => x.id === 'apps/web')).toMatchObject({ suspended: true });
    const page = await openPage(browser!, `${url}/`);
    expect((await page.locator('tr[data-release="apps/web"] td').allInnerTexts())[5]).toBe('suspended');
    await page.context().close();
    expect(await r.stop('SIGTERM')).toBe(0);
    running = undefined;
    expect((await e.cli(['-f', 'observe.yaml', 'resume', '-l', 'name=web'])).exitCode).toBe(0);
  }, 120_000);

  it('an explicit --listen that cannot be bound exits 1 before any tick, its error a JSON line', async () => {
    const blocker = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const port = (blocker.address() as AddressInfo).port;
    const before = e.revisions();
    const r = await e.cli(['-f', 'observe.yaml', 'reconcile', '--once', '--listen', `127.0.0.1:${port}`, '--log-format', 'json']);
    blocker.close();
    expect(r.exitCode).toBe(1);
    const log = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as LogEntry);
    expect(log.some((x) => x.event === 'tick.start')).toBe(false);
    expect(log.at(-1)).toMatchObject({ level: 'error', event: 'command.error', exit_code: 1 });
    expect(log.at(-1)!.msg).toContain(`--listen 127.0.0.1:${port}: cannot serve status: the address is in use`);
    expect(e.revisions()).toEqual(before);
  }, 60_000);
});
