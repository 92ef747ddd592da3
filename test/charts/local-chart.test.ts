/**
 * Local charts: version from Chart.yaml, and `helm dependency build` run by the
 * real helm only when the chart declares dependencies that charts/ lacks, at
 * most once per chart per run, against helmsync's isolated helm homes (the
 * declared repositories are added there first).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createChartResolver, needsDependencyBuild } from '../../src/charts/index.js';
import { nodeFileSystem } from '../../src/cli/node-fs.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { CHARTS_SRC, helmAsync, isolatedHelmEnv, removeTree, startDemoRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { loadFrom, realDeps, writeTree } from './helpers.js';

const parentChart = (repository: string) =>
  ['apiVersion: v2', 'name: parent', 'version: 3.1.4', 'dependencies:', '- name: demo', '  version: ~1.2', `  repository: "${repository}"`].join('\n') + '\n';

describe.each(HELM_MAJORS)('local charts (helm %i)', (major) => {
  const { helm } = toolset(major);
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

  it('builds dependencies once, only when charts/ lacks them, with repositories added to isolated homes', async () => {
    const dir = writeTree({
      'helmfile.yaml': ['repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: a', '  chart: ./parent', '- name: b', '  chart: ./parent', '  version: 9.9.9'].join('\n'),
      // `@myrepo` only resolves when the repository is known to helm.
      'parent/Chart.yaml': parentChart('@myrepo'),
      'parent/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parent\n',
    });
    // No HELM_* in the environment: helmsync must isolate helm itself.
    const env = { HOME: join(dir, 'home'), HELMSYNC_CACHE_HOME: join(dir, 'cache') };
    const { deps, logger } = realDeps(env, dir);
    const fs = nodeFileSystem();
    const chartDir = join(dir, 'parent');
    expect(needsDependencyBuild(fs, chartDir)).toBe(true);

    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm });
    const [a, b] = await Promise.all(state.releases.map((r) => resolver.resolve(r)));
    expect(a).toMatchObject({ kind: 'local', ref: chartDir, version: '3.1.4', local: true, hasChartYaml: true, display: './parent' });
    expect(b!.version).toBe('3.1.4');
    expect(logger.text('warn')).toContain('release b: version "9.9.9" is ignored for local chart ./parent, which is version 3.1.4');
    expect(logger.text('info')).toContain(`Adding repo myrepo ${repo.url}`);
    const built = await Promise.all([resolver.buildDependencies(chartDir, state.releases[0]), resolver.buildDependencies(chartDir, state.releases[1])]);
    expect(built).toEqual([true, true]);
    expect([...resolver.counters.dependencyBuilds.values()]).toEqual([1]);
    expect(readdirSync(join(chartDir, 'charts'))).toEqual(['demo-1.2.5.tgz']);
    expect(needsDependencyBuild(fs, chartDir)).toBe(false);
    // The user's home stayed untouched: repositories went to helmsync's own config.
    expect(existsSync(join(dir, 'home', '.config', 'helm', 'repositories.yaml'))).toBe(false);
    const t = await helmAsync(helm, ['template', 'x', chartDir], home.env);
    expect(t.stdout).toContain('chartVersion: "1.2.5"');
    resolver.dispose();

    // Next run: nothing to build.
    const again = createChartResolver(state, deps, { helmBinary: helm, syncRepos: false });
    expect(await again.buildDependencies(chartDir, state.releases[0])).toBe(false);
    expect(again.counters.dependencyBuilds.size).toBe(0);
    again.dispose();
  });

  it('gives a release with ad-hoc dependencies: a chartified copy whose subchart renders', async () => {
    const dir = writeTree({
      'helmfile.yaml': [
        'repositories:',
        '- name: myrepo',
        `  url: ${repo.url}`,
        'releases:',
        '- name: app',
        `  chart: ${join(CHARTS_SRC, 'demo')}`,
        '  dependencies:',
        '  - chart: myrepo/demo',
        '    version: ~1.2',
        '    alias: sub',
      ].join('\n'),
    });
    const env = { HOME: join(dir, 'home'), HELMSYNC_CACHE_HOME: join(dir, 'cache'), CHARTIFY_TEMPDIR: join(dir, 'chartify') };
    const { deps, logger } = realDeps(env, dir);
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm });
    const chart = await resolver.resolve(state.releases[0]!);
    expect(chart).toMatchObject({ ref: join(dir, 'chartify', 'app'), display: join(dir, 'chartify', 'app'), local: true, hasChartYaml: true });
    expect(await resolver.buildDependencies(chart.ref, state.releases[0])).toBe(true);
    expect(logger.text('info')).toMatch(/Downloading demo from repo/);
    const t = await helmAsync(helm, ['template', 'x', chart.ref], home.env);
    expect(t.stdout).toContain('# Source: demo/charts/sub/templates/configmap.yaml');
    expect(t.stdout).toContain('chartVersion: "1.2.5"');
    // The source chart is untouched.
    expect(existsSync(join(CHARTS_SRC, 'demo', 'charts'))).toBe(false);
    resolver.dispose();
  });

  it('rebuilds when Chart.lock pins a version charts/ does not hold, and never with skipDeps', async () => {
    const dir = writeTree({
      'helmfile.yaml': ['releases:', '- name: a', '  chart: ./parent'].join('\n'),
      'parent/Chart.yaml': parentChart(repo.url),
      'parent/Chart.lock': `dependencies:\n- name: demo\n  repository: ${repo.url}\n  version: 1.2.0\ndigest: sha256:x\ngenerated: "2026-01-01T00:00:00Z"\n`,
    });
    mkdirSync(join(dir, 'parent', 'charts'));
    writeFileSync(join(dir, 'parent', 'charts', 'demo-1.2.5.tgz'), 'stale');
    const fs = nodeFileSystem();
    expect(needsDependencyBuild(fs, join(dir, 'parent'))).toBe(true);
    const { deps } = realDeps({ HOME: join(dir, 'home'), HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
    const state = await loadFrom(dir, deps);
    const skip = createChartResolver(state, deps, { helmBinary: helm, skipDeps: true });
    expect(await skip.buildDependencies(join(dir, 'parent'), state.releases[0])).toBe(false);
    skip.dispose();
  });
});

describe('helm dependency build output (issue 13, defect 5)', () => {
  /** A runner that writes helm 4's interleaved output, lines split across chunks. */
  const streaming = {
    run: async (_f: string, _a: readonly string[], o: { onStdout?: (c: string) => void; onStderr?: (c: string) => void } = {}) => {
      o.onStdout?.('Saving 1 charts\nDownloading raw from repo oci://r/my');
      o.onStdout?.('repo\n');
      o.onStderr?.('Pulled: r/myrepo/raw:0.1.0\nDig');
      o.onStderr?.('est: sha256:abc\n');
      o.onStdout?.('Deleting outdated charts\n');
      return { exitCode: 0, stdout: '', stderr: '', killed: false };
    },
  };
  const built = async (relayStderr: boolean): Promise<string[]> => {
    const { LocalDependencyBuilder } = await import('../../src/charts/local-chart.js');
    const dir = writeTree({ 'Chart.yaml': parentChart('oci://r/myrepo') });
    const lines: string[] = [];
    const logger = { debug: () => undefined, info: (m: string) => void lines.push(m), warn: () => undefined, error: () => undefined };
    const counters = { dependencyBuilds: new Map<string, number>() } as never;
    const b = new LocalDependencyBuilder(nodeFileSystem(), { binary: 'helm', env: {}, deps: { runner: streaming as never, logger } }, counters, logger);
    expect(await b.ensure(dir, { relayStderr })).toBe(true);
    return lines;
  };

  it('helm 4: stdout and stderr lines are relayed whole, in the order helm wrote them', async () => {
    expect(await built(true)).toEqual(['Saving 1 charts', 'Downloading raw from repo oci://r/myrepo', 'Pulled: r/myrepo/raw:0.1.0', 'Digest: sha256:abc', 'Deleting outdated charts']);
  });

  it('helm 3: stdout only, as Helmfile relays (its helm 3 snapshots have no Pulled:/Digest:)', async () => {
    expect(await built(false)).toEqual(['Saving 1 charts', 'Downloading raw from repo oci://r/myrepo', 'Deleting outdated charts']);
  });
});
