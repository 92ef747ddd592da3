/**
 * The chart resolver against a real OCI registry (Debian's docker-registry,
 * charts pushed with `helm push --plain-http`): versions from the tag list
 * equal helm's choice, Helmfile's cache layout, one pull per chart version,
 * tags and digests in the reference, `latest` rejected, credentials.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChartResolver } from '../../src/charts/index.js';
import { UserError } from '../../src/errors/index.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { CHARTS_SRC, DEMO_VERSIONS, helmAsync, isolatedHelmEnv, packageChart, removeTree } from '../support/chart-repo.js';
import { OCI_TEST_PASSWORD, OCI_TEST_USER, pushCharts, startOciRegistry, type OciRegistry } from '../support/oci-registry.js';
import { loadFrom, realDeps, writeTree } from './helpers.js';

describe.each(HELM_MAJORS)('chart resolver, OCI registry (helm %i)', (major) => {
  const { helm } = toolset(major);
  const helmVersion = { major, minor: major === 3 ? 17 : 1 } as const;
  let home: { dir: string; env: Record<string, string> };
  let registry: OciRegistry;
  let digest100 = '';

  beforeAll(async () => {
    home = isolatedHelmEnv();
    const tgzs = packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), DEMO_VERSIONS, join(home.dir, 'pkg'));
    registry = await startOciRegistry();
    await pushCharts(helm, home.env, registry, 'charts', tgzs);
    const res = await fetch(`http://${registry.host}/v2/charts/demo/manifests/1.0.0`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    digest100 = res.headers.get('docker-content-digest') ?? '';
  });
  afterAll(async () => {
    await registry.stop();
    removeTree(home.dir);
  });

  function setup(yaml: string, env: Record<string, string> = {}) {
    const dir = writeTree({ 'helmfile.yaml': yaml });
    return { dir, ...realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache'), ...env }, dir) };
  }

  async function helmPicks(version: string): Promise<string> {
    const dest = mkdtempSync(join(tmpdir(), 'helmsync-oracle-'));
    const r = await helmAsync(helm, ['pull', `oci://${registry.host}/charts/demo`, '--plain-http', '--version', version, '--destination', dest], home.env);
    if (r.code !== 0) throw new Error(r.stderr);
    return readdirSync(dest)[0]!.replace(/^demo-/, '').replace(/\.tgz$/, '');
  }

  it('resolves constraints from the tag list like helm, pulls each version once into Helmfile\'s cache layout', async () => {
    const { dir, deps, logger } = setup(
      [
        'repositories:',
        '- name: myoci',
        `  url: ${registry.host}/charts`,
        '  oci: true',
        'releases:',
        '- name: a',
        '  chart: myoci/demo',
        '  version: ~1.2',
        '- name: b',
        '  chart: myoci/demo',
        '  version: 1.2.5',
        '- name: c',
        `  chart: oci://${registry.host}/charts/demo`,
        '  version: ">= 1.0, < 2"',
        '- name: d',
        `  chart: oci://${registry.host}/charts/demo:0.2.3`,
      ].join('\n'),
    );
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    const [a, b, c, d] = await Promise.all(state.releases.map((r) => resolver.resolve(r)));
    expect(a!.version).toBe(await helmPicks('~1.2'));
    expect(c!.version).toBe(await helmPicks('>= 1.0, < 2'));
    expect(a).toMatchObject({ kind: 'oci', version: '1.2.5', repoName: 'myoci', onDisk: true });
    // Helmfile's layout: <cache>/<repo>/<chart>/<version>/<chart> and oci__host_port/<path>/<version>/<chart>.
    expect(a!.ref).toBe(join(dir, 'cache', 'myoci', 'demo', '1.2.5', 'demo'));
    expect(b!.ref).toBe(a!.ref);
    expect(c!.ref).toBe(join(dir, 'cache', `oci__127.0.0.1_${registry.port}`, 'charts', 'demo', '1.10.0', 'demo'));
    expect(d).toMatchObject({ version: '0.2.3' });
    expect(existsSync(join(a!.ref, 'Chart.yaml'))).toBe(true);
    // a and b share 1.2.5: pulled once (Helmfile prints "Pulling" once per chart version).
    expect(logger.text('info').match(/Pulling 127\.0\.0\.1:\d+\/charts\/demo:1\.2\.5/g)).toHaveLength(1);
    expect(resolver.counters.pulls.size).toBe(3);
    expect([...resolver.counters.pulls.values()].every((n) => n === 1)).toBe(true);
    // One tag listing per chart repository (exact versions and tags need none).
    expect([...resolver.counters.tagListings.values()]).toEqual([1]);
    const t = await helmAsync(helm, ['template', 'x', c!.ref], home.env);
    expect(t.stdout).toContain('chartVersion: "1.10.0"');
    resolver.dispose();
    // The next run finds the charts in the cache: nothing is pulled again.
    const next = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    await expect(next.resolve(state.releases[0]!)).resolves.toMatchObject({ ref: a!.ref, version: '1.2.5' });
    expect(next.counters.pulls.size).toBe(0);
    next.dispose();
  });

  it('pulls by digest, rejects latest, and lists the nearest tags for a missing version', async () => {
    const { dir, deps } = setup(
      [
        'releases:',
        '- name: dig',
        `  chart: oci://${registry.host}/charts/demo`,
        `  version: 1.0.0@${digest100}`,
        '- name: latest',
        `  chart: oci://${registry.host}/charts/demo`,
        '  version: latest',
        '- name: missing',
        `  chart: oci://${registry.host}/charts/demo`,
        '  version: 1.4.0',
      ].join('\n'),
    );
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    expect(digest100).toMatch(/^sha256:/);
    const dig = await resolver.resolve(state.releases[0]!);
    expect(dig.version).toBe('1.0.0');
    const t = await helmAsync(helm, ['template', 'x', dig.ref], home.env);
    expect(t.stdout).toContain('chartVersion: "1.0.0"');
    const latest = (await resolver.resolve(state.releases[1]!).catch((e: unknown) => e)) as UserError;
    expect(latest).toBeInstanceOf(UserError);
    expect(latest.message).toContain('the latest tag is not supported');
    const missing = (await resolver.resolve(state.releases[2]!).catch((e: unknown) => e)) as UserError;
    expect(missing).toBeInstanceOf(UserError);
    expect(missing.message).toMatch(/matches "1\.4\.0"; nearest available: .*1\.3\.0/);
    resolver.dispose();
  });

  it('names an unreachable registry, and a locked version the registry no longer has', async () => {
    const lines = (url: string) => ['repositories:', '- name: r', `  url: ${url}`, '  oci: true', 'releases:', '- name: a', '  chart: r/demo', '  version: ~1.2'].join('\n');
    const gone = setup(lines('127.0.0.1:9/charts'));
    const goneState = await loadFrom(gone.dir, gone.deps);
    const r1 = createChartResolver(goneState, gone.deps, { helmBinary: helm, helmVersion });
    const err = (await r1.resolve(goneState.releases[0]!).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/cannot reach repository "r" \(oci:\/\/127\.0\.0\.1:9\/charts\/demo\)/);
    r1.dispose();

    const { dir, deps } = setup(lines(`${registry.host}/charts`));
    writeFileSync(
      join(dir, 'helmfile.lock'),
      ['version: 0.1.0', 'dependencies:', '  - name: demo', `    repository: oci://${registry.host}/charts`, '    version: 1.2.9', 'digest: sha256:x', 'generated: "2026-01-01T00:00:00Z"', ''].join('\n'),
    );
    const state = await loadFrom(dir, deps);
    const r2 = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    const stale = (await r2.resolve(state.releases[0]!).catch((e: unknown) => e)) as UserError;
    expect(stale).toBeInstanceOf(UserError);
    expect(stale.message).toContain('the locked version 1.2.9 of OCI chart');
    expect(stale.hint).toContain('helmsync deps');
    r2.dispose();
  });
});

describe('chart resolver, OCI registry with basic auth', () => {
  const { helm } = toolset(4);
  let home: { dir: string; env: Record<string, string> };
  let registry: OciRegistry;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    const tgzs = packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), ['1.0.0', '1.1.0'], join(home.dir, 'pkg'));
    registry = await startOciRegistry({ auth: true });
    await pushCharts(helm, home.env, registry, 'private', tgzs);
  });
  afterAll(async () => {
    await registry.stop();
    removeTree(home.dir);
  });

  it('lists tags and pulls with credentials from the environment (helm registry login in isolated homes)', async () => {
    const yaml = ['repositories:', '- name: secure', `  url: ${registry.host}/private`, '  oci: true', 'releases:', '- name: a', '  chart: secure/demo', '  version: ^1.0'].join('\n');
    const dir = writeTree({ 'helmfile.yaml': yaml });
    // A fresh HELM_CONFIG_HOME-less env: helmsync isolates helm and must log in itself.
    const env = { HOME: join(dir, 'home'), HELMSYNC_CACHE_HOME: join(dir, 'cache') };
    const anon = realDeps(env, dir).deps;
    const state = await loadFrom(dir, anon);
    const err = (await createChartResolver(state, anon, { helmBinary: helm }).resolve(state.releases[0]!).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/requires authentication/);
    expect(err.hint).toContain('repository "secure"');
    const { deps } = realDeps({ ...env, SECURE_USERNAME: OCI_TEST_USER, SECURE_PASSWORD: OCI_TEST_PASSWORD }, dir);
    const resolver = createChartResolver(state, deps, { helmBinary: helm });
    const r = await resolver.resolve(state.releases[0]!);
    expect(r).toMatchObject({ version: '1.1.0', onDisk: true });
    expect(existsSync(join(r.ref, 'Chart.yaml'))).toBe(true);
    // The login went to helmsync's own registry config, not the user's home.
    expect(resolver.helmEnv.HELM_CONFIG_HOME).toBeDefined();
    resolver.dispose();
  });
});

describe('chart resolver, OCI registry with token auth', () => {
  const { helm } = toolset(4);
  let home: { dir: string; env: Record<string, string> };
  let registry: OciRegistry;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    const tgzs = packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), ['1.0.0', '1.1.0', '2.0.0-rc.1'], join(home.dir, 'pkg'));
    registry = await startOciRegistry({ auth: 'token' });
    await pushCharts(helm, home.env, registry, 'team', tgzs);
  });
  afterAll(async () => {
    await registry.stop();
    removeTree(home.dir);
  });

  it('gets a bearer token from the realm the registry names, with the repository credentials', async () => {
    const yaml = ['repositories:', '- name: tok', `  url: ${registry.host}/team`, '  oci: true', 'releases:', '- name: a', '  chart: tok/demo', '  version: ">=1.0.0-0"'].join('\n');
    const dir = writeTree({ 'helmfile.yaml': yaml });
    const { deps } = realDeps({ HOME: join(dir, 'home'), HELMSYNC_CACHE_HOME: join(dir, 'cache'), TOK_USERNAME: OCI_TEST_USER, TOK_PASSWORD: OCI_TEST_PASSWORD }, dir);
    const state = await loadFrom(dir, deps);
    const before = registry.tokenRequests.length;
    const resolver = createChartResolver(state, deps, { helmBinary: helm });
    const r = await resolver.resolve(state.releases[0]!);
    expect(r).toMatchObject({ version: '2.0.0-rc.1', onDisk: true });
    expect(existsSync(join(r.ref, 'Chart.yaml'))).toBe(true);
    expect(registry.tokenRequests.slice(before).some((q) => q.includes('scope=repository%3Ateam%2Fdemo%3Apull'))).toBe(true);
    resolver.dispose();
  });
});
