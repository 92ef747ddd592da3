/**
 * The built CLI end to end (bin/run.js → dist; `npm test` builds first) with a
 * real HTTP chart repository: `deps` writes the lock, `template` renders the
 * locked version, a lock the file outgrew fails with exit 1 and says to run
 * `helmsync deps`, `fetch` unpacks, `repos` adds.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { startDemoRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { runCli, sandbox, type Sandbox } from '../support/cli.js';

describe('helmsync deps / template / fetch / repos (built CLI, helm 4)', () => {
  const { helm } = toolset(4);
  let box: Sandbox;
  let repo: ChartRepoServer;
  let dir: string;

  beforeAll(async () => {
    box = sandbox('helmsync-cli-charts-');
    repo = await startDemoRepo(helm, box.env);
    dir = join(box.dir, 'project');
  });
  afterAll(async () => {
    await repo.close();
    box.cleanup();
  });

  const write = (version: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'helmfile.yaml'), ['repositories:', '- name: myrepo', `  url: ${repo.url}`, 'releases:', '- name: web', '  chart: myrepo/demo', `  version: "${version}"`, ''].join('\n'));
  };
  const cli = (...args: string[]) => runCli(['--helm-binary', helm, ...args], { cwd: dir, env: box.env });

  it('deps writes the lock; template renders the locked version; a stale lock says to run deps', async () => {
    write('~1.2');
    const deps = await cli('deps');
    expect(deps.stderr).toContain(`Updated lock file ${join(dir, 'helmfile.lock')}`);
    expect(deps.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'helmfile.lock'), 'utf8')).toContain('version: 1.2.5');

    // Pin an older version in the lock: template follows the lock, not the index.
    writeFileSync(join(dir, 'helmfile.lock'), readFileSync(join(dir, 'helmfile.lock'), 'utf8').replace('version: 1.2.5', 'version: 1.2.0'));
    const t = await cli('template');
    expect(t.exitCode).toBe(0);
    expect(t.stdout).toContain('chartVersion: "1.2.0"');
    expect(t.stderr).toContain('Templating release=web, chart=myrepo/demo');

    write('^2.0');
    const stale = await cli('template');
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/helmfile\.yaml:7:3: the lock file .*helmfile\.lock has no version of "demo" that satisfies "\^2\.0"/);
    expect(stale.stderr).toContain('run `helmsync deps`');

    const again = await cli('deps');
    expect(again.exitCode).toBe(0);
    expect((await cli('template')).stdout).toContain('chartVersion: "2.0.0"');
  });

  it('fetch unpacks into --output-dir; repos adds the repository to helm', async () => {
    write('1.0.0');
    // The lock of the first test pins 2.0.0, which 1.0.0 does not allow: fetch would say so.
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'helmfile.lock'), { force: true });
    const f = await cli('fetch', '--output-dir', 'out');
    expect(f.exitCode).toBe(0);
    expect(existsSync(join(dir, 'out', 'web', 'demo', '1.0.0', 'Chart.yaml'))).toBe(true);
    const r = await cli('repos');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`Adding repo myrepo ${repo.url}`);
    expect(readFileSync(join(box.env.HELM_CONFIG_HOME!, 'repositories.yaml'), 'utf8')).toContain(repo.url);
  });
});


