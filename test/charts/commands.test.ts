/**
 * The deps, fetch and repos use cases against a real HTTP repository and a real
 * OCI registry: deps writes Helmfile's lock (digest = helm's HashReq), later
 * resolutions use it, an unchanged lock is not rewritten; fetch lays charts out
 * as Helmfile does; repos adds repositories to helm.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { updateDeps } from '../../src/app/deps-cmd.js';
import { fetchCharts } from '../../src/app/fetch.js';
import { syncRepos } from '../../src/app/repos.js';
import { createChartResolver, lockDigest } from '../../src/charts/index.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { CHARTS_SRC, helmSync, isolatedHelmEnv, packageChart, removeTree, startDemoRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { pushCharts, startOciRegistry, type OciRegistry } from '../support/oci-registry.js';
import { loadFrom, realDeps, writeTree } from './helpers.js';

describe.each(HELM_MAJORS)('deps / fetch / repos (helm %i)', (major) => {
  const { helm } = toolset(major);
  let home: { dir: string; env: Record<string, string> };
  let repo: ChartRepoServer;
  let registry: OciRegistry;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    repo = await startDemoRepo(helm, home.env);
    registry = await startOciRegistry();
    await pushCharts(helm, home.env, registry, 'charts', packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), ['1.0.0', '1.1.0', '2.0.0'], join(home.dir, 'oci-pkg')));
  });
  afterAll(async () => {
    await repo.close();
    await registry.stop();
    removeTree(home.dir);
  });

  const yaml = () =>
    [
      'repositories:',
      '- name: myrepo',
      `  url: ${repo.url}`,
      '- name: myoci',
      `  url: ${registry.host}/charts`,
      '  oci: true',
      'releases:',
      '- name: web',
      '  namespace: apps',
      '  chart: myrepo/demo',
      '  version: ~1.2',
      '- name: api',
      '  chart: myoci/demo',
      '  version: ^1.0',
      '- name: local',
      `  chart: ${join(CHARTS_SRC, 'demo')}`,
    ].join('\n');

  it('deps writes the lock in Helmfile\'s format, other runs use it, and an unchanged lock is left alone', async () => {
    const dir = writeTree({ 'helmfile.yaml': yaml() });
    const { deps, logger } = realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
    const r = await updateDeps({ load: { cwd: dir }, helmBinary: helm }, deps);
    const lockPath = join(dir, 'helmfile.lock');
    expect(r.lockFiles).toEqual([expect.objectContaining({ path: lockPath, written: true })]);
    const text = readFileSync(lockPath, 'utf8');
    const ociUrl = `oci://${registry.host}/charts`;
    const digest = lockDigest(
      [
        { name: 'demo', repository: ociUrl, version: '^1.0', alias: '-api' },
        { name: 'demo', repository: repo.url, version: '~1.2', alias: 'apps-web' },
      ],
      [
        { name: 'demo', repository: repo.url, version: '1.2.5' },
        { name: 'demo', repository: ociUrl, version: '1.1.0' },
      ],
    );
    expect(text).toBe(
      [
        'version: 0.1.0',
        'dependencies:',
        '  - name: demo',
        `    repository: ${repo.url}`,
        '    version: 1.2.5',
        '  - name: demo',
        `    repository: ${ociUrl}`,
        '    version: 1.1.0',
        `digest: ${digest}`,
        `generated: "${/generated: "([^"]+)"/.exec(text)![1]}"`,
        '',
      ].join('\n'),
    );
    expect(logger.text('info')).toContain(`Updated lock file ${lockPath}`);

    // A second deps run changes nothing.
    const again = await updateDeps({ load: { cwd: dir }, helmBinary: helm }, deps);
    expect(again.lockFiles[0]!.written).toBe(false);
    expect(readFileSync(lockPath, 'utf8')).toBe(text);

    // Pin older versions in the lock by hand: resolution follows the lock.
    writeFileSync(lockPath, text.replace('version: 1.2.5', 'version: 1.2.0').replace('version: 1.1.0', 'version: 1.0.0'));
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm, noFetch: true });
    const [web, api] = await Promise.all(state.releases.slice(0, 2).map((x) => resolver.resolve(x)));
    expect(web).toMatchObject({ version: '1.2.0', locked: true });
    expect(api).toMatchObject({ version: '1.0.0', locked: true });
    resolver.dispose();
  });

  it('honours a templated lockFilePath per environment', async () => {
    const dir = writeTree({
      'helmfile.yaml.gotmpl': [
        'environments:',
        '  prod: {}',
        '  staging: {}',
        '---',
        'lockFilePath: locks/lock-{{ .Environment.Name }}',
        'repositories:',
        '- name: myrepo',
        `  url: ${repo.url}`,
        'releases:',
        '- name: web',
        '  chart: myrepo/demo',
        `  version: '{{ if eq .Environment.Name "prod" }}~1.2{{ else }}^2.0{{ end }}'`,
      ].join('\n'),
    });
    const { deps } = realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
    await updateDeps({ load: { cwd: dir, environment: 'prod' }, helmBinary: helm }, deps);
    await updateDeps({ load: { cwd: dir, environment: 'staging' }, helmBinary: helm }, deps);
    expect(readFileSync(join(dir, 'locks', 'lock-prod'), 'utf8')).toContain('version: 1.2.5');
    expect(readFileSync(join(dir, 'locks', 'lock-staging'), 'utf8')).toContain('version: 2.0.0');
  });

  it('fetch unpacks every chart under --output-dir in Helmfile\'s layout and --write-output points at them', async () => {
    const dir = writeTree({ 'helmfile.yaml': yaml() });
    const { deps, logger } = realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
    let written = '';
    const r = await fetchCharts({ load: { cwd: dir }, helmBinary: helm, outputDir: 'out', writeOutput: true, write: (t) => (written += t) }, deps);
    const out = join(dir, 'out');
    expect(r.charts.map((c) => c.path)).toEqual([join(out, 'apps', 'web', 'demo', '~1.2'), join(out, 'api', 'demo', '^1.0'), join(out, 'local', 'demo', 'latest')]);
    for (const c of r.charts) expect(existsSync(join(c.path, 'Chart.yaml'))).toBe(true);
    expect(readFileSync(join(out, 'apps', 'web', 'demo', '~1.2', 'Chart.yaml'), 'utf8')).toMatch(/^version: 1\.2\.5$/m);
    expect(readFileSync(join(out, 'api', 'demo', '^1.0', 'Chart.yaml'), 'utf8')).toMatch(/^version: 1\.1\.0$/m);
    expect(logger.text('info')).toContain(`Charts will be downloaded to: ${out}`);
    expect(written).toMatch(/^---\n# {2}Source: helmfile\.yaml\n/);
    expect(written).toContain(`chart: ${join(out, 'apps', 'web', 'demo', '~1.2')}`);
    // The fetched chart renders with the real helm.
    expect(helmSync(helm, ['template', 'x', join(out, 'apps', 'web', 'demo', '~1.2')], home.env)).toContain('chartVersion: "1.2.5"');
  });

  it('fetch --output-dir-template places each chart where the template says', async () => {
    const dir = writeTree({ 'helmfile.yaml': yaml() });
    const { deps } = realDeps({ ...home.env, HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
    const r = await fetchCharts(
      { load: { cwd: dir }, helmBinary: helm, outputDir: 'out', outputDirTemplate: '{{ .OutputDir }}/{{ .Release.Name }}-{{ .ChartName }}-{{ .Release.Version }}' },
      deps,
    );
    expect(r.charts.map((c) => c.path)).toEqual([join(dir, 'out', 'web-demo-~1.2'), join(dir, 'out', 'api-demo-^1.0'), join(dir, 'out', 'local-demo-0.1.0')]);
    expect(readFileSync(join(dir, 'out', 'api-demo-^1.0', 'Chart.yaml'), 'utf8')).toMatch(/^version: 1\.1\.0$/m);
  });

  it('repos adds HTTP repositories to helm', async () => {
    const dir = writeTree({ 'helmfile.yaml': yaml() });
    const env = { ...home.env, HELM_CONFIG_HOME: join(dir, 'helm-config') };
    const { deps, logger } = realDeps(env, dir);
    const r = await syncRepos({ load: { cwd: dir }, helmBinary: helm }, deps);
    expect(r.repositories.map((x) => [x.name, x.action])).toEqual([
      ['myrepo', 'added'],
      ['myoci', 'skipped'],
    ]);
    expect(logger.text('info')).toContain(`Adding repo myrepo ${repo.url}`);
    expect(helmSync(helm, ['repo', 'list'], env)).toMatch(new RegExp(`myrepo\\s+${repo.url.replace(/[.]/g, '\\.')}`));
  });
});
