/**
 * The reconciler's endpoints against the REAL control plane (issue 10;
 * the emulator under HELMSYNC_TEST_CLUSTER=emulator), BUILT CLI, helm 3 and 4
 * on the file's one cluster: the real kube-apiserver refuses a release whose
 * ConfigMap name is a Secret's value, and its own error text (quoting the
 * name) reaches /api/status, the page and /metrics masked; a manual scale is
 * reported as drift; the commit that drops the failing release makes
 * /readyz ready and source_info follow git. The emulator suite
 * (reconcile-observe.test.ts) covers the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { HELM_MAJORS } from '../support/binaries.js';
import { launchChromium, openPage, screenshot } from '../support/browser.js';
import { parsePrometheusText, sampleValue } from '../support/prom-text.js';
import { setUpShared, type SharedClusterEnv } from './cluster-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

const DB_SECRET = 'SENTINEL-7f3a9c2e-secret';
const LEAK = 'leakcheck_7f3a9c2e_secret';

type LogEntry = Record<string, unknown> & { event?: string };

describe.each(HELM_MAJORS)('reconcile endpoints on the real control plane with helm %i', (major) => {
  let e: SharedClusterEnv;
  let running: Reconciler | undefined;
  let browser: Browser | undefined;
  const ns = (n: string) => `h${major}-${n}`;
  const file = (withLeaky: boolean) => `releases:
  - name: db
    namespace: ${ns('data')}
    chart: ./charts/demo
    values:
      - values/db.yaml
  - name: web
    namespace: ${ns('apps')}
    chart: ./charts/demo
    needs: [${ns('data')}/db]
${withLeaky ? `  - name: leaky
    namespace: ${ns('fail')}
    chart: ./charts/leaky
    values:
      - token: ${LEAK}
` : ''}`;
  const git = async (args: string[]) =>
    (await execa('git', args, { cwd: e.dir, env: { ...e.sb.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } })).stdout.trim();

  beforeAll(async () => {
    e = await setUpShared(major);
    mkdirSync(join(e.dir, 'charts', 'leaky', 'templates'), { recursive: true });
    writeFileSync(join(e.dir, 'charts', 'leaky', 'Chart.yaml'), 'apiVersion: v2\nname: leaky\nversion: 0.1.0\n');
    writeFileSync(
      join(e.dir, 'charts', 'leaky', 'templates', 'all.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: {{ .Values.token | quote }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.token }}\ndata: {}\n',
    );
    e.write('observe.yaml', file(true));
    await git(['init', '-q']);
    await git(['add', '-A']);
    await git(['commit', '-qm', 'three releases']);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await browser?.close();
    await e?.stop();
  });

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
    return JSON.parse(await r.waitFor(matcher, { from, timeoutMs: 150_000 })) as LogEntry;
  };

  it('status, metrics and page follow the real API server, with its error masked', async () => {
    const head1 = await git(['rev-parse', 'HEAD']);
    running = startReconcile(e, ['-f', 'observe.yaml', 'reconcile', '--interval', '3s', '--jitter', '0', '--retry-backoff', '1s', '--listen', '127.0.0.1:0', '--log-format', 'json']);
    const r = running;
    const url = String((await waitEvent(r, (x) => x.event === 'server.listen')).url);
    const bodies: string[] = [];
    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`);
      const body = await res.text();
      bodies.push(body);
      return { status: res.status, body };
    };
    expect(await waitEvent(r, (x) => x.event === 'tick.end' && x.tick === 1)).toMatchObject({ result: 'failed', revision: head1 });
    expect(await e.revisions()).toMatchObject({ [`${ns('data')}/db`]: 1, [`${ns('apps')}/web`]: 1 });
    expect((await get('/readyz')).status).toBe(503);

    expect((await e.kubectl_(['scale', 'deployment', 'web', '-n', ns('apps'), '--replicas=3'])).code).toBe(0);
    const at = r.lines.length;
    await waitEvent(r, (x) => x.event === 'release.drift' && x.release === `${ns('apps')}/web`, at);
    await waitEvent(r, (x) => x.event === 'tick.end', at);

    const f = parsePrometheusText((await get('/metrics')).body);
    expect(sampleValue(f, 'helmsync_release_drifted', { namespace: ns('apps'), release: 'web' })).toBe(1);
    expect(sampleValue(f, 'helmsync_release_failures_total', { namespace: ns('fail'), release: 'leaky' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, 'helmsync_source_info', { revision: head1 })).toBe(1);
    expect(sampleValue(f, 'helmsync_reconcile_ticks_total', { result: 'failed' })).toBeGreaterThanOrEqual(2);

    const s = JSON.parse((await get('/api/status')).body);
    const byId = Object.fromEntries(s.releases.map((x: { id: string }) => [x.id, x]));
    expect(byId[`${ns('apps')}/web`]).toMatchObject({ result: 'drifted', drifted: true });
    // The real kube-apiserver's own words, with the name it quotes masked.
    expect(byId[`${ns('fail')}/leaky`].lastError).toMatch(/ConfigMap "<secret>" is invalid: metadata\.name: Invalid value: "<secret>"/);

    const page = await openPage(browser!, `${url}/`);
    expect(await page.locator(`tr[data-release="${ns('fail')}/leaky"] td`).nth(8).innerText()).toMatch(/ConfigMap "<secret>" is invalid/);
    bodies.push(await page.content());
    await screenshot(page, `status-page-real-helm${major}`);
    await page.context().close();

    e.write('observe.yaml', file(false));
    await git(['commit', '-qam', 'drop leaky']);
    const head2 = await git(['rev-parse', 'HEAD']);
    await waitEvent(r, (x) => x.event === 'tick.end' && x.result === 'in-sync' && x.revision === head2, r.lines.length);
    expect((await get('/readyz')).status).toBe(200);
    expect(sampleValue(parsePrometheusText((await get('/metrics')).body), 'helmsync_source_info', { revision: head2 })).toBe(1);
    expect(await r.stop('SIGTERM')).toBe(0);
    running = undefined;
    for (const text of [...bodies, r.lines.join('\n')]) {
      expect(text).not.toContain(DB_SECRET);
      expect(text).not.toContain(LEAK);
    }
  }, 300_000);
});
