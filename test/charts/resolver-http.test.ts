/**
 * The chart resolver against a real HTTP chart repository (charts packaged by
 * `helm package`, index by `helm repo index`, served on 127.0.0.1): versions
 * equal what `helm pull --version` picks, one index read and one download per
 * chart version per run, the lock file, credentials, and the error messages.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChartResolver } from '../../src/charts/index.js';
import { updateLockFile } from '../../src/charts/update-lock.js';
import { UserError } from '../../src/errors/index.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { helmAsync, isolatedHelmEnv, removeTree, startDemoRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { loadFrom, realDeps, writeTree } from './helpers.js';

async function helmPulls(helm: string, env: Record<string, string>, repoUrl: string, version: string): Promise<string> {
  const dest = mkdtempSync(join(tmpdir(), 'helmsync-oracle-'));
  const r = await helmAsync(helm, ['pull', 'demo', '--repo', repoUrl, '--version', version, '--destination', dest], env);
  if (r.code !== 0) throw new Error(r.stderr);
  return readdirSync(dest)[0]!.replace(/^demo-/, '').replace(/\.tgz$/, '');
}

describe.each(HELM_MAJORS)('chart resolver, HTTP repository (helm %i)', (major) => {
  const { helm } = toolset(major);
  const helmVersion = { major, minor: major === 3 ? 17 : 1 } as const;
  let home: { dir: string; env: Record<string, string> };
  let repo: ChartRepoServer;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    repo = await startDemoRepo(helm, home.env);
  });
  afterAll(async () => {
    await repo.close();
    removeTree(home.dir);
  });

  function setup(yaml: string, extraEnv: Record<string, string> = {}) {
    const dir = writeTree({ 'helmfile.yaml': yaml });
    const env = { ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache'), ...extraEnv };
    return { dir, ...realDeps(env, dir) };
  }

  it('picks the version helm pull picks, reading the index once and downloading each version once', async () => {
    const constraints = ['~1.2', '^1.0', '>= 1.0, < 1.3', '1.2.x'];
    const yaml = [
      'repositories:',
      `- name: myrepo`,
      `  url: ${repo.url}`,
      'releases:',
      ...constraints.flatMap((c, i) => [`- name: r${i}`, '  chart: myrepo/demo', `  version: "${c}"`]),
      // Five releases sharing one chart version.
      ...[0, 1, 2, 3, 4].flatMap((i) => [`- name: shared${i}`, '  chart: myrepo/demo', '  version: 1.0.0']),
    ].join('\n');
    const { dir, deps } = setup(yaml);
    const state = await loadFrom(dir, deps);
    const before = repo.indexReads();
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    const resolved = await Promise.all(state.releases.map((r) => resolver.resolve(r)));
    const indexReads = repo.indexReads() - before;
    for (let i = 0; i < constraints.length; i++) {
      expect(resolved[i]!.version).toBe(await helmPulls(helm, home.env, repo.url, constraints[i]!));
    }
    expect(resolved[0]).toMatchObject({ kind: 'repo', version: '1.2.5', display: 'myrepo/demo', repoName: 'myrepo', locked: false, onDisk: true });
    expect(existsSync(resolved[0]!.ref)).toBe(true);
    expect(resolved[0]!.ref).toBe(join(dir, 'cache', 'myrepo', 'demo', '1.2.5', 'demo-1.2.5.tgz'));
    expect(indexReads).toBe(1);
    expect([...resolver.counters.indexReads.values()]).toEqual([1]);
    // 1.2.5 (three constraints), 1.10.0, 1.0.0: three downloads for nine releases.
    expect(resolver.counters.pulls.size).toBe(3);
    expect([...resolver.counters.pulls.values()].every((n) => n === 1)).toBe(true);
    // The fetched archive renders with the real helm.
    const t = await helmAsync(helm, ['template', 'x', resolved[0]!.ref], home.env);
    expect(t.stdout).toContain('chartVersion: "1.2.5"');
    resolver.dispose();
  });

  it('uses locked versions and says when the lock no longer satisfies the file', async () => {
    const { dir, deps } = setup(
      ['repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: a', '  chart: myrepo/demo', '  version: ~1.2', '- name: b', '  chart: myrepo/demo', '  version: ^2.0'].join('\n'),
    );
    writeFileSync(
      join(dir, 'helmfile.lock'),
      ['version: 0.1.0', 'dependencies:', '  - name: demo', `    repository: ${repo.url}`, '    version: 1.2.0', 'digest: sha256:x', 'generated: "2026-01-01T00:00:00Z"', ''].join('\n'),
    );
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    await expect(resolver.resolve(state.releases[0]!)).resolves.toMatchObject({ version: '1.2.0', locked: true });
    const err = await resolver.resolve(state.releases[1]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).render()).toMatch(/helmfile\.lock has no version of "demo" that satisfies "\^2\.0"/);
    expect((err as UserError).hint).toContain('helmsync deps');
    expect((err as UserError).location).toMatchObject({ file: 'helmfile.yaml', line: 10, column: 3 });
    // ignoreLock (the deps command) resolves against the repository instead.
    const fresh = createChartResolver(state, deps, { helmBinary: helm, helmVersion, ignoreLock: true, noFetch: true });
    await expect(fresh.resolve(state.releases[0]!)).resolves.toMatchObject({ version: '1.2.5', locked: false });
    resolver.dispose();
    fresh.dispose();
  });

  it('through the lock, a release without version: gets the newest stable version, as helm pull, though others pin older ones (issue 13, defect 1)', async () => {
    const { dir, deps } = setup(
      ['repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: old', '  chart: myrepo/demo', '  version: 1.0.0', '- name: mid', '  chart: myrepo/demo', '  version: 1.2.0', '- name: latest', '  chart: myrepo/demo'].join('\n'),
    );
    const state = await loadFrom(dir, deps);
    const locker = createChartResolver(state, deps, { helmBinary: helm, helmVersion, ignoreLock: true, noFetch: true });
    const written = await updateLockFile(state.files[0]!, locker, deps);
    locker.dispose();
    const newest = await helmPulls(helm, home.env, repo.url, '');
    expect(written.dependencies.map((d) => d.version)).toEqual(['1.0.0', newest, '1.2.0'].sort());
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion, noFetch: true });
    const got = await Promise.all(state.releases.map((r) => resolver.resolve(r)));
    expect(got.map((c) => [c.version, c.locked])).toEqual([
      ['1.0.0', true],
      ['1.2.0', true],
      [newest, true],
    ]);
    resolver.dispose();
  });

  it('names the nearest versions when nothing matches, and the file:line of an invalid constraint', async () => {
    const { dir, deps } = setup(
      ['repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: a', '  chart: myrepo/demo', '  version: ~1.5', '- name: b', '  chart: myrepo/demo', '  version: ">=1.0,,"', '- name: c', '  chart: myrepo/nope'].join('\n'),
    );
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion, noFetch: true });
    const none = (await resolver.resolve(state.releases[0]!).catch((e: unknown) => e)) as UserError;
    expect(none).toBeInstanceOf(UserError);
    expect(none.message).toMatch(/no version of chart "demo" in repository "myrepo" .* matches "~1\.5"; nearest available: .*1\.3\.0.*1\.10\.0|nearest available: .*1\.10\.0.*1\.3\.0/);
    const bad = (await resolver.resolve(state.releases[1]!).catch((e: unknown) => e)) as UserError;
    expect(bad).toBeInstanceOf(UserError);
    expect(bad.render()).toMatch(/^helmfile\.yaml:10:3: invalid version constraint ">=1\.0,,"/);
    const missing = (await resolver.resolve(state.releases[2]!).catch((e: unknown) => e)) as UserError;
    expect(missing.message).toContain('chart "nope" is not in repository "myrepo"');
    resolver.dispose();
  });

  it('names the repository and URL when it cannot be reached', async () => {
    const { dir, deps } = setup(['repositories:', '- name: gone', '  url: http://127.0.0.1:9/charts', 'releases:', '- name: a', '  chart: gone/demo'].join('\n'));
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm, helmVersion });
    const err = (await resolver.resolve(state.releases[0]!).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/cannot reach repository "gone" at http:\/\/127\.0\.0\.1:9\/charts/);
    resolver.dispose();
  });

  it('with --skip-refresh reuses the index copy of an earlier run instead of downloading', async () => {
    const { dir, deps } = setup(['repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: a', '  chart: myrepo/demo'].join('\n'));
    const state = await loadFrom(dir, deps);
    const first = createChartResolver(state, deps, { helmBinary: helm, helmVersion, noFetch: true });
    await first.resolve(state.releases[0]!);
    const before = repo.indexReads();
    const second = createChartResolver(state, deps, { helmBinary: helm, helmVersion, noFetch: true, skipRefresh: true });
    await expect(second.resolve(state.releases[0]!)).resolves.toMatchObject({ version: '2.0.0' });
    expect(repo.indexReads()).toBe(before);
    first.dispose();
    second.dispose();
  });

  it('takes helmDefaults.skipRefresh like the flag: no repo sync, no index download (Helmfile #2269)', async () => {
    const { dir, deps, logger } = setup(['helmDefaults:', '  skipRefresh: true', 'repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: a', '  chart: myrepo/demo'].join('\n'));
    const state = await loadFrom(dir, deps);
    // A first run without the copy has to download once.
    const first = createChartResolver(state, deps, { helmBinary: helm, helmVersion, noFetch: true });
    await first.resolve(state.releases[0]!);
    const before = repo.indexReads();
    const second = createChartResolver(state, deps, { helmBinary: helm, helmVersion, noFetch: true });
    await expect(second.resolve(state.releases[0]!)).resolves.toMatchObject({ version: '2.0.0' });
    expect(repo.indexReads()).toBe(before);
    expect(logger.text('info')).not.toContain('Adding repo');
    first.dispose();
    second.dispose();
  });
});

describe('chart resolver, HTTP repository with credentials', () => {
  const { helm } = toolset(4);
  let home: { dir: string; env: Record<string, string> };
  let repo: ChartRepoServer;
  let split: ChartRepoServer;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    repo = await startDemoRepo(helm, home.env, { auth: { username: 'u1', password: 'p1' } });
    split = await startDemoRepo(helm, home.env, { auth: { username: 'u1', password: 'p1' }, chartsElsewhere: true });
  });
  afterAll(async () => {
    await repo.close();
    await split.close();
    removeTree(home.dir);
  });

  it('takes credentials from <NAME>_USERNAME/_PASSWORD and says which variables to set when they are missing', async () => {
    const yaml = ['repositories:', '- name: private-repo', `  url: ${repo.url}`, 'releases:', '- name: a', '  chart: private-repo/demo', '  version: ~1.2'].join('\n');
    const dir = writeTree({ 'helmfile.yaml': yaml });
    const base = { ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') };
    const anon = realDeps(base, dir).deps;
    const state = await loadFrom(dir, anon);
    const err = (await createChartResolver(state, anon, { helmBinary: helm }).resolve(state.releases[0]!).catch((e: unknown) => e)) as UserError;
    expect(err.message).toMatch(/repository "private-repo" at .* refused access \(HTTP 401\)/);
    expect(err.hint).toContain('PRIVATE_REPO_USERNAME and PRIVATE_REPO_PASSWORD');
    const authed = realDeps({ ...base, PRIVATE_REPO_USERNAME: 'u1', PRIVATE_REPO_PASSWORD: 'p1' }, dir).deps;
    const r = await createChartResolver(state, authed, { helmBinary: helm }).resolve(state.releases[0]!);
    expect(r).toMatchObject({ version: '1.2.5', onDisk: true });
    expect(repo.authHeaders.get('/demo-1.2.5.tgz')).toBe('Basic ' + Buffer.from('u1:p1').toString('base64'));
  });

  it('sends credentials to another host only with passCredentials', async () => {
    const mk = (pass: boolean) =>
      ['repositories:', '- name: split', `  url: ${split.url}`, '  username: u1', '  password: p1', ...(pass ? ['  passCredentials: true'] : []), 'releases:', '- name: a', '  chart: split/demo', '  version: 1.0.0'].join('\n');
    for (const pass of [false, true]) {
      const dir = writeTree({ 'helmfile.yaml': mk(pass) });
      const { deps } = realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
      const state = await loadFrom(dir, deps);
      const p = createChartResolver(state, deps, { helmBinary: helm }).resolve(state.releases[0]!);
      if (pass) {
        await expect(p).resolves.toMatchObject({ version: '1.0.0' });
      } else {
        const err = (await p.catch((e: unknown) => e)) as UserError;
        expect(err.message).toMatch(/answered HTTP 401 for http:\/\/localhost:\d+\/demo-1\.0\.0\.tgz/);
        expect(err.hint).toContain('passCredentials: true');
      }
    }
  });
});
