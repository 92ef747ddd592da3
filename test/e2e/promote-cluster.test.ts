/**
 * `helmsync promote` end to end: the BUILT CLI with real helm 3 and helm 4 on
 * the cluster of test/e2e/cluster-support.ts, on fixtures/promote (dev,
 * staging, prod). The steps build on each other, so they run in order.
 * Expected files are written out by hand from the fixture; cluster state is
 * read from the cluster, never from helmsync's output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import type { CliResult } from '../support/cli.js';
import { PROD, setUpPromote, type PromoteEnv } from './promote-support.js';

const SENTINEL = 'SENTINEL-promote-4d2b9a7c';

describe.each(HELM_MAJORS)('promote with helm %i', (major) => {
  let e: PromoteEnv;
  const outputs: string[] = [];
  const hs = async (args: string[], env?: Record<string, string>): Promise<CliResult> => {
    const r = await e.hs(args, env);
    outputs.push(r.all);
    return r;
  };
  const ok = (r: CliResult) => expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
  const image = (env: string, name: string) => e.cluster.get('apps/v1', 'Deployment', `shop-${env}`, name)?.spec?.template?.spec?.containers?.[0]?.image as string | undefined;
  const revision = (env: string, name: string) => Math.max(...e.cluster.releases(`shop-${env}`).filter((r) => r.name === name).map((r) => r.version as number));

  beforeAll(async () => {
    e = await setUpPromote(major);
  }, 60_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('deploys dev, staging and prod from the fixture', async () => {
    for (const env of ['dev', 'staging', 'prod']) ok(await hs(['-e', env, 'apply']));
    expect([image('dev', 'web'), image('staging', 'web'), image('prod', 'web'), image('prod', 'api')]).toEqual(['nginx:1.27.3', 'nginx:1.27.1', 'nginx:1.27.0', 'nginx:1.26.0']);
  }, 120_000);

  it('promotes one release: only its scalar changes in the file; diff -e prod shows exactly that; apply -e prod deploys it', async () => {
    const before = e.snapshot();
    const r = await hs(['promote', '--from', 'staging', '--to', 'prod', 'web', '--yes']);
    ok(r);
    // The table: release, key, the source value and the target's.
    expect(r.stdout).toMatch(/^web\s+apps\.web\.imageTag\s+1\.27\.1\s+1\.27\.0\s+shop\/environments\/prod\.yaml$/m);
    expect(r.stdout).not.toMatch(/^api\s/m);
    expect(e.file('environments/prod.yaml')).toBe(PROD('"1.27.1"', '1.26.0'));
    expect(e.original('environments/prod.yaml')).toBe(PROD('"1.27.0"', '1.26.0'));
    // Every other file is untouched.
    const after = e.snapshot();
    delete after['environments/prod.yaml'];
    delete before['environments/prod.yaml'];
    expect(after).toEqual(before);

    const d = await hs(['-e', 'prod', 'diff', '--detailed-exitcode', '--context', '0']);
    expect(d.exitCode).toBe(2);
    expect(d.stdout.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['-           image: nginx:1.27.0', '+           image: nginx:1.27.1']);
    expect(d.stdout).toMatch(/shop-prod, web, Deployment/);
    expect(d.stdout).not.toMatch(/shop-prod, api/);
    ok(await hs(['-e', 'prod', 'apply']));
    expect([image('prod', 'web'), revision('prod', 'web'), image('prod', 'api'), revision('prod', 'api')]).toEqual(['nginx:1.27.1', 2, 'nginx:1.26.0', 1]);
  }, 120_000);

  it('--dry-run lists, guards and previews, and writes nothing', async () => {
    const before = e.snapshot();
    const r = await hs(['promote', '--from', 'dev', '--to', 'staging', '--dry-run', '--context', '0']);
    ok(r);
    expect(r.stdout).toMatch(/^web\s+apps\.web\.message\s+web v2\s+hello from web\s/m);
    expect(r.stdout).toMatch(/Preview: staging with the promoted values/);
    expect(r.stdout).toMatch(/^\+\s+image: nginx:1\.27\.3$/m);
    expect(r.stdout).toMatch(/^dry run: nothing written$/m);
    expect(e.snapshot()).toEqual(before);
    expect(e.git(['status', '--porcelain'])).toBe(' M environments/prod.yaml\n');
  }, 120_000);

  it('--output json: a document for tools, with the preview', async () => {
    const r = await hs(['promote', '--from', 'dev', '--to', 'staging', '--dry-run', '--output', 'json']);
    ok(r);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; guard: { passed: boolean }; changes: { release: string; key: string; before: unknown; after: unknown; file: string }[]; preview: { releases: { release: { name: string }; hasChanges: boolean }[] } };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.guard.passed).toBe(true);
    expect(doc.changes.map((c) => [c.release, c.key, c.before, c.after, c.file])).toEqual([
      ['api', 'apps.api.imageTag', '1.27.1', '1.27.3', 'shop/environments/staging.yaml'],
      ['web', 'apps.web.imageTag', '1.27.1', '1.27.3', 'shop/environments/staging.yaml'],
      ['web', 'apps.web.message', 'hello from web', 'web v2', 'shop/environments/staging.yaml'],
    ]);
    expect(doc.preview.releases.map((x) => [x.release.name, x.hasChanges])).toEqual([
      ['web', true],
      ['api', true],
    ]);
  }, 120_000);

  it('promotes every release with --commit: one commit with the documented message, then diff and apply', async () => {
    e.git(['commit', '--quiet', '-am', 'prod after the first promotion']);
    const head = e.git(['rev-parse', 'HEAD']).trim();
    const r = await hs(['promote', '--from', 'dev', '--to', 'staging', '--yes', '--commit', '--output', 'markdown']);
    ok(r);
    expect(e.file('environments/staging.yaml')).toBe("# staging: promoted from dev.\napps:\n  web:\n    imageTag: \"1.27.3\"\n    message: web v2\n  api:\n    imageTag: '1.27.3'\n");
    expect(e.git(['rev-list', '--count', `${head}..HEAD`]).trim()).toBe('1');
    expect(e.git(['log', '-1', '--format=%B'])).toBe(
      'promote dev -> staging: api, web\n\n- api: apps.api.imageTag 1.27.1 -> 1.27.3\n- web: apps.web.imageTag 1.27.1 -> 1.27.3\n- web: apps.web.message hello from web -> web v2\n\n',
    );
    expect(e.git(['show', '--stat', '--format=', 'HEAD']).trim()).toMatch(/^environments\/staging\.yaml \| 5 \+\+\+--\n 1 file changed/);
    expect(e.git(['status', '--porcelain'])).toBe('');
    // The Markdown summary fits a pull-request body.
    expect(r.stdout).toMatch(/^### Promote `dev` → `staging`$/m);
    expect(r.stdout).toMatch(/^\| web \| `apps\.web\.message` \| `hello from web` \| `web v2` \| `shop\/environments\/staging\.yaml` \|$/m);
    expect(r.stdout).toMatch(/\*\*Commit:\*\* `[0-9a-f]{12}` on `main`/);

    const d = await hs(['-e', 'staging', 'diff', '--detailed-exitcode', '--context', '0']);
    expect(d.exitCode).toBe(2);
    const changed = d.stdout.split('\n').filter((l) => /^[-+] /.test(l));
    // The ConfigMap value, the checksum annotation the chart derives from it, and both images.
    expect(changed.filter((l) => !/checksum\/config/.test(l)).sort()).toEqual(
      ['-   message: hello from web', '+   message: web v2', '-           image: nginx:1.27.1', '+           image: nginx:1.27.3', '-           image: nginx:1.27.1', '+           image: nginx:1.27.3'].sort(),
    );
    expect(changed.filter((l) => /checksum\/config/.test(l))).toHaveLength(2);
    ok(await hs(['-e', 'staging', 'apply']));
    expect([image('staging', 'web'), image('staging', 'api')]).toEqual(['nginx:1.27.3', 'nginx:1.27.3']);
  }, 180_000);

  it('without a terminal and without --yes it refuses and writes nothing', async () => {
    const before = e.snapshot();
    const r = await hs(['promote', '--from', 'staging', '--to', 'prod']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no terminal to answer on\nhint: pass --yes/);
    expect(e.snapshot()).toEqual(before);
  }, 60_000);

  it('--apply deploys the target afterwards', async () => {
    const r = await hs(['promote', '--from', 'staging', '--to', 'prod', '--yes', '--apply']);
    ok(r);
    expect(e.file('environments/prod.yaml')).toBe(PROD('"1.27.3"', '1.27.3', 'web v2'));
    expect([image('prod', 'web'), image('prod', 'api')]).toEqual(['nginx:1.27.3', 'nginx:1.27.3']);
    // prod keeps its own replicas: only promotion.values keys move.
    expect(e.cluster.get('apps/v1', 'Deployment', 'shop-prod', 'api')?.spec?.replicas).toBe(2);
    const d = await hs(['-e', 'prod', 'diff', '--detailed-exitcode']);
    expect({ code: d.exitCode, stdout: d.stdout }).toEqual({ code: 0, stdout: '' });
  }, 180_000);

  it('the guard refuses a source with drift, and --force overrides it and says so', async () => {
    e.write('shop/environments/dev.yaml', e.file('environments/dev.yaml').replace('"1.27.3"', '"1.27.4"'));
    ok(await hs(['-e', 'dev', 'apply']));
    const k = await e.kubectl_(['scale', 'deployment', 'web', '-n', 'shop-dev', '--replicas', '3']);
    expect(k.code).toBe(0);
    const before = e.snapshot();
    const g = await hs(['promote', '--from', 'dev', '--to', 'staging', '--yes']);
    expect(g.exitCode).toBe(1);
    expect(g.stderr).toMatch(/dev is not what its cluster runs/);
    expect(g.stderr).toMatch(/shop-dev\/web: drift: Deployment shop-dev\/web \(\/spec\/replicas\)/);
    expect(g.stderr).toMatch(/pass --force/);
    expect(e.snapshot()).toEqual(before);
    const f = await hs(['promote', '--from', 'dev', '--to', 'staging', '--dry-run', '--force']);
    ok(f);
    expect(f.stdout).toMatch(/guard overridden with --force; dev is not what its cluster runs:\n {2}shop-dev\/web: drift/);
    expect(e.snapshot()).toEqual(before);
    ok(await hs(['-e', 'dev', 'apply']));
  }, 180_000);

  it('the guard refuses a source whose release failed', async () => {
    e.write('shop/environments/dev.yaml', e.file('environments/dev.yaml').replace('    message: web v2 # new greeting\n', '    message: web v2 # new greeting\n    failHook: true\n'));
    const a = await hs(['-e', 'dev', 'apply']);
    expect(a.exitCode).toBe(1);
    const before = e.snapshot();
    const g = await hs(['promote', '--from', 'dev', '--to', 'staging', '--yes']);
    expect(g.exitCode).toBe(1);
    expect(g.stderr).toMatch(/shop-dev\/web: revision \d+ is failed, not deployed/);
    expect(e.snapshot()).toEqual(before);
  }, 180_000);

  it('never prints the Secret value', () => {
    expect(outputs.join('\n')).not.toContain(SENTINEL);
  });
});
