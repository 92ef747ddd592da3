/**
 * list, build, show-dag, write-values and lint on the bundled demo, through the
 * built CLI. Expected tables are written by hand from the demo's releases file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { toolset } from '../support/binaries.js';
import { repoRoot, runCli, sandbox, type Sandbox } from '../support/cli.js';

const file = join(repoRoot, 'fixtures', 'demo', 'helmfile.yaml.gotmpl');

describe('helmsync read-only commands on the demo', () => {
  let sb: Sandbox;
  beforeEach(() => (sb = sandbox()));
  afterEach(() => sb.cleanup());

  it('--version and --help exit 0', async () => {
    const v = await runCli(['--version'], { env: sb.env });
    expect(v.exitCode).toBe(0);
    expect(v.stdout).toMatch(/^helmsync\/\d+\.\d+\.\d+/);
    const h = await runCli(['--help'], { env: sb.env });
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/template/);
  });

  it('list prints Helmfile\'s table, labels sorted with the automatic ones', async () => {
    const r = await runCli(['-f', file, '-e', 'prod', 'list'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split('\t').map((c) => c.trim()));
    expect(lines[0]).toEqual(['NAME', 'NAMESPACE', 'ENABLED', 'INSTALLED', 'LABELS', 'CHART', 'VERSION']);
    // Sorted by namespace, then name (Helmfile >= 1.2, pkg/app/app.go ListReleases).
    expect(lines.slice(1).map((l) => l.slice(0, 6))).toEqual([
      ['backend', 'apps', 'true', 'true', 'chart:app,demo:helmsync,name:backend,namespace:apps,tier:app', './charts/app'],
      ['frontend', 'apps', 'true', 'true', 'chart:app,demo:helmsync,name:frontend,namespace:apps,tier:web', './charts/app'],
      ['database', 'data', 'true', 'true', 'chart:app,demo:helmsync,name:database,namespace:data,tier:data', './charts/app'],
    ]);
  });

  it('list --output json', async () => {
    const r = await runCli(['-f', file, '-e', 'dev', 'list', '--output', 'json'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; namespace: string; installed: boolean }[];
    expect(rows.map((x) => `${x.namespace}/${x.name}`)).toEqual(['apps/backend', 'apps/frontend', 'data/database']);
  });

  it('list shows releases whose condition is false with ENABLED=false; selectors list only enabled matches (as Helmfile)', async () => {
    const f = join(repoRoot, 'fixtures', 'compat', 'conditions', 'helmfile.yaml');
    const r = await runCli(['-f', f, 'list'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'NAME   \tNAMESPACE\tENABLED\tINSTALLED\tLABELS                             \tCHART        \tVERSION',
        'literal\ta        \tfalse  \ttrue     \tchart:demo,name:literal,namespace:a\t./charts/demo',
        'off    \ta        \tfalse  \ttrue     \tchart:demo,name:off,namespace:a    \t./charts/demo',
        'alpha  \tb        \ttrue   \tfalse    \tchart:demo,name:alpha,namespace:b  \t./charts/demo',
        'zeta   \tb        \ttrue   \ttrue     \tchart:demo,name:zeta,namespace:b   \t./charts/demo',
        '',
      ].join('\n'),
    );
    const j = await runCli(['-f', f, 'list', '--output', 'json'], { env: sb.env });
    expect((JSON.parse(j.stdout) as { name: string; enabled: boolean }[]).map((x) => [x.name, x.enabled])).toEqual([
      ['literal', false],
      ['off', false],
      ['alpha', true],
      ['zeta', true],
    ]);
    const sel = await runCli(['-f', f, 'list', '-l', 'namespace=a'], { env: sb.env });
    expect(sel.exitCode).toBe(3);
    const b = await runCli(['-f', f, 'list', '-l', 'namespace=b', '--output', 'json'], { env: sb.env });
    expect((JSON.parse(b.stdout) as { name: string }[]).map((x) => x.name)).toEqual(['alpha', 'zeta']);
  });

  it('show-dag groups releases by needs', async () => {
    const r = await runCli(['-f', file, '-e', 'prod', 'show-dag'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t').map((c) => c.trim()));
    expect(rows).toEqual([
      ['GROUP', 'RELEASE', 'DEPENDENCIES'],
      ['1', 'data/database'],
      ['2', 'apps/backend', 'data/database'],
      ['3', 'apps/frontend', 'apps/backend'],
    ]);
  });

  it('build prints one document per state file with its source and rendered releases', async () => {
    const r = await runCli(['-f', file, '-e', 'prod', 'build'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith(`---\n#  Source: ${file}\n\n`)).toBe(true);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs).toHaveLength(1);
    const releases = docs[0]!.releases as { name: string; namespace: string; labels: Record<string, string> }[];
    expect(releases.map((x) => x.name)).toEqual(['database', 'backend', 'frontend']);
    expect(releases[1]!.labels).toEqual({ chart: 'app', demo: 'helmsync', name: 'backend', namespace: 'apps', tier: 'app' });
    // Helmfile chdirs into the file's directory: filepath is the base name (snapshot kubedog_tracking).
    expect(docs[0]!.filepath).toBe('helmfile.yaml.gotmpl');
  });

  it('build --embed-values replaces values files with their rendered content, in order', async () => {
    const r = await runCli(['-f', file, '-e', 'prod', '-l', 'name=backend', 'build', '--embed-values'], { env: sb.env });
    expect(r.exitCode).toBe(0);
    const doc = parseAllDocuments(r.stdout)[0]!.toJS() as { releases: { name: string; values: unknown[] }[] };
    expect(doc.releases.map((x) => x.name)).toEqual(['backend']);
    expect(doc.releases[0]!.values).toEqual([
      { config: { team: 'platform' }, resources: { requests: { cpu: '50m' } } },
      { config: { component: 'backend', environment: 'prod', logLevel: 'info', publicUrl: 'https://api.example.com' } },
      { replicas: 3 },
    ]);
  });

  it('write-values writes the merged values of each release', async () => {
    const out = join(sb.dir, 'vals');
    const r = await runCli(['-f', file, '-e', 'prod', '-l', 'name=backend', 'write-values', '--output-file-template', `${out}/{{ .Release.Name }}.yaml`], { env: sb.env });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(out, 'backend.yaml'))).toBe(true);
    expect(parse(readFileSync(join(out, 'backend.yaml'), 'utf8'))).toEqual({
      config: { team: 'platform', component: 'backend', environment: 'prod', logLevel: 'info', publicUrl: 'https://api.example.com' },
      resources: { requests: { cpu: '50m' } },
      replicas: 3,
    });
  });

  it('lint runs helm lint on each release', async () => {
    const { helm } = toolset(4);
    const r = await runCli(['-f', file, '-e', 'dev', 'lint', '--helm-binary', helm], { env: sb.env });
    expect(r.stderr).toMatch(/Linting release=database/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });
});
