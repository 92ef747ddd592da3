/**
 * Failure handling of sync/apply through the BUILT CLI against the emulator,
 * under helm 3 and helm 4: a failing release stops its dependants and lets
 * independent releases finish (exit 1 with a summary); a render error stops
 * the run before any cluster write; --interactive without a terminal refuses;
 * `installed: false` uninstalls.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

describe.each(HELM_MAJORS)('sync failures with helm %i', (major) => {
  let e: ClusterEnv;
  beforeAll(async () => {
    e = await setUp(major);
  }, 60_000);
  afterAll(async () => {
    await e?.stop();
  });
  beforeEach(() => e.cluster.reset());

  it('a failing release skips its dependants, independent releases finish, exit 1 names each', async () => {
    const r = await e.cli(['-f', 'failing.yaml', 'sync']);
    expect(r.exitCode).toBe(1);
    // The hook Job of fail/bad fails (emulator.helmsync.dev/fail): helm reports the pre-install hook.
    expect(r.stderr).toMatch(/1 release failed:\n {2}fail\/bad \(install\): helm upgrade --install bad [^\n]*failed \(exit 1\)/);
    expect(r.stderr).toMatch(/pre-install/);
    expect(r.stderr).toMatch(/fail\/after-bad: skipped, needs fail\/bad failed/);
    expect(r.stdout).toMatch(/UPDATED RELEASES:\nNAME\s+NAMESPACE\s+ACTION\s+CHART\s+VERSION\s+DURATION\nfine\s+other\s+install/);
    expect(r.stdout).toMatch(/FAILED RELEASES:\n[^\n]*\nbad\s+fail\s+install\s+Error: /);
    expect(r.stdout).toMatch(/SKIPPED RELEASES:\n[^\n]*\nafter-bad\s+fail\s+install\s+needs fail\/bad failed/);
    const releases = e.cluster.releases().map((x) => `${x.namespace}/${x.name} ${x.info.status}`);
    expect(releases.sort()).toEqual(['fail/bad failed', 'other/fine deployed']);
    expect(e.cluster.get('apps/v1', 'Deployment', 'fail', 'after-bad')).toBeUndefined();
  }, 120_000);

  it('a never-ready Deployment fails its release (wait: true, timeout: 3); the others finish', async () => {
    e.write(
      'never-ready.yaml',
      // Only the stuck release waits, so the other's success does not depend on timing.
      ['releases:', '  - name: stuck', '    namespace: slow', '    chart: ./charts/demo', '    wait: true', '    timeout: 3', '    values:', '      - neverReady: true', '  - name: quick', '    namespace: slow', '    chart: ./charts/demo', ''].join('\n'),
    );
    const r = await e.cli(['-f', 'never-ready.yaml', 'sync']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/1 release failed:\n {2}slow\/stuck \(install\): helm upgrade --install stuck [^\n]*--wait --timeout 3s/);
    expect(r.stdout).toMatch(/UPDATED RELEASES:\n[^\n]*\nquick\s+slow\s+install/);
    const status = Object.fromEntries(e.cluster.releases().map((x) => [x.name, x.info.status]));
    expect(status).toEqual({ quick: 'deployed', stuck: 'failed' });
  }, 120_000);

  it('atomic: true maps to the flag of the helm major and the failed install is rolled back', async () => {
    e.write(
      'atomic.yaml',
      ['releases:', '  - name: bad', '    namespace: fail', '    chart: ./charts/demo', '    atomic: true', '    values:', '      - hook: {enabled: true, fail: true}', ''].join('\n'),
    );
    const r = await e.cli(['-f', 'atomic.yaml', 'sync']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(major === 4 ? ' --rollback-on-failure ' : ' --atomic ');
    // An atomic install that fails is uninstalled again: nothing is left.
    expect(e.cluster.releases()).toEqual([]);
    expect(e.cluster.get('apps/v1', 'Deployment', 'fail', 'bad')).toBeUndefined();
  }, 120_000);

  it('a release that cannot be rendered stops the run before any cluster write', async () => {
    e.write(
      'broken.yaml',
      ['releases:', '  - name: ok', '    namespace: first', '    chart: ./charts/demo', '  - name: broken', '    namespace: second', '    chart: ./charts/crds', '    set:', '      - name: color', '        value: broken', ''].join('\n'),
    );
    e.write('charts/crds/templates/broken.yaml', '{{- if eq .Values.color "broken" }}{{ fail "color must not be broken" }}{{- end }}\n');
    const before = e.cluster.requests.filter((q) => !['GET', 'WATCH'].includes(q.method)).length;
    const r = await e.cli(['-f', 'broken.yaml', 'sync']);
    e.write('charts/crds/templates/broken.yaml', '');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/color must not be broken/);
    expect(e.cluster.releases()).toEqual([]);
    // No write of any kind reached the cluster (reads only).
    expect(e.cluster.requests.filter((q) => !['GET', 'WATCH'].includes(q.method)).length).toBe(before);
  }, 120_000);

  it('--interactive without a terminal refuses and changes nothing', async () => {
    const r = await e.cli(['-f', 'failing.yaml', 'sync', '--interactive']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no terminal to answer on[\s\S]*hint: pass --yes \(or drop --interactive\)/);
    const a = await e.cli(['-f', 'failing.yaml', 'apply', '--interactive']);
    expect(a.exitCode).toBe(1);
    expect(a.stderr).toMatch(/pass --yes/);
    expect(e.cluster.releases()).toEqual([]);
  }, 120_000);

  it('installed: false uninstalls a release that exists; apply leaves the rest alone', async () => {
    const file = (installed: boolean) =>
      ['releases:', '  - name: keep', '    namespace: t', '    chart: ./charts/demo', '  - name: gone', '    namespace: t', '    chart: ./charts/demo', `    installed: ${installed}`, ''].join('\n');
    e.write('toggle.yaml', file(true));
    // --detailed-exitcode: 2 because releases were changed.
    expect((await e.cli(['-f', 'toggle.yaml', 'sync', '--detailed-exitcode'])).exitCode).toBe(2);
    expect(e.revisions()).toEqual({ 't/keep': 1, 't/gone': 1 });
    e.write('toggle.yaml', file(false));
    const d = await e.cli(['-f', 'toggle.yaml', 'diff', '--detailed-exitcode']);
    expect(d.exitCode).toBe(2);
    expect(d.stdout).toMatch(/t, gone, Deployment \(apps\/v1\) has been removed/);
    const r = await e.cli(['-f', 'toggle.yaml', 'apply', '--detailed-exitcode']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/DELETED RELEASES:\nNAME\s+NAMESPACE\s+DURATION\ngone\s+t/);
    expect(e.revisions()).toEqual({ 't/keep': 1 });
    expect(e.cluster.get('apps/v1', 'Deployment', 't', 'gone')).toBeUndefined();
  }, 120_000);
});
