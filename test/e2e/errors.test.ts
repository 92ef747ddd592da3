/**
 * Broken releases files give ONE clear error (file:line where it applies) and
 * exit 1; nothing matching the selectors exits 3 (Helmfile's exit codes).
 * Runs the built CLI; helm is never reached for these.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { runCli, sandbox, type Sandbox } from '../support/cli.js';

const chart = `apiVersion: v2\nname: c\nversion: 0.1.0\n`;

function tree(sb: Sandbox, files: Record<string, string>): string {
  const root = join(sb.dir, 'case');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  mkdirSync(join(root, 'c', 'templates'), { recursive: true });
  writeFileSync(join(root, 'c', 'Chart.yaml'), chart);
  writeFileSync(join(root, 'c', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n');
  return root;
}

/** Exactly one `error:` line, and it says where. */
function expectOneError(stderr: string, ...patterns: RegExp[]): void {
  const errorLines = stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(errorLines).toHaveLength(1);
  for (const p of patterns) expect(stderr).toMatch(p);
  expect(stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace without --debug
}

describe('helmsync errors', () => {
  const { helm } = toolset(4);
  let sb: Sandbox;
  beforeEach(() => (sb = sandbox()));
  afterEach(() => sb.cleanup());

  const template = (cwd: string, ...extra: string[]) => runCli([...extra, 'template', '--helm-binary', helm], { cwd, env: sb.env });

  it('malformed YAML: file:line and exit 1', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  values: [a: b\n' });
    const r = await template(cwd);
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /helmfile\.yaml:\d+/);
    expect(r.stdout).toBe('');
  });

  it('unknown key: names the key and its line', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  vaules:\n  - x.yaml\n' });
    const r = await template(cwd);
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /helmfile\.yaml:4/, /vaules/);
  });

  it('wrong type: names the field and its line', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  labels:\n  - tier\n' });
    const r = await template(cwd);
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /helmfile\.yaml:[45]/, /labels/);
  });

  it('undefined environment: exit 1 and the environment name', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'environments:\n  dev: {}\n---\nreleases:\n- name: a\n  chart: ./c\n' });
    const r = await template(cwd, '-e', 'qa');
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /"?qa"?/, /not defined/);
  });

  it('missing values file: exit 1 and the missing path', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  values:\n  - missing.yaml\n' });
    const r = await template(cwd);
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /missing\.yaml/);
  });

  it('needs cycle: exit 1 and the releases involved', async () => {
    const cwd = tree(sb, {
      'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  needs: [b]\n- name: b\n  chart: ./c\n  needs: [a]\n',
    });
    const r = await template(cwd);
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /cycl/i, /\ba\b/, /\bb\b/);
  });

  it('missing local chart: file:line, the release and where it looked', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n- name: b\n  chart: ./nochart\n' });
    const r = await template(cwd);
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /helmfile\.yaml:5:/, /nochart/, /release b/); // the chart: line
    expect(r.stdout).toBe('');
  });

  it('no release matches the selector: exit 3', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n' });
    const r = await template(cwd, '-l', 'name=zzz');
    expect(r.exitCode).toBe(3);
  });

  it('unknown flag: exit 1 and a pointer to --help', async () => {
    const r = await runCli(['template', '--no-such-flag'], { env: sb.env });
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /no-such-flag/, /--help/);
  });

  it('unknown command: exit 1 (not oclif\'s 2, which means "changes") with a suggestion', async () => {
    const r = await runCli(['-f', 'x.yaml', 'templat'], { env: sb.env });
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /unknown command "templat"/, /did you mean "template"/);
  });

  it('a missing helm binary is a user error with a hint, exit 1', async () => {
    const cwd = tree(sb, { 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n' });
    const r = await runCli(['template', '--helm-binary', join(sb.dir, 'no-helm')], { cwd, env: sb.env });
    expect(r.exitCode).toBe(1);
    expectOneError(r.stderr, /no-helm/, /hint:/);
  });
});

describe('helmsync template hooks', () => {
  const { helm } = toolset(3);
  let sb: Sandbox;
  beforeEach(() => (sb = sandbox()));
  afterEach(() => sb.cleanup());

  it('runs prepare and cleanup hooks per release, templated, in the releases file directory', async () => {
    const cwd = tree(sb, {
      'helmfile.yaml.gotmpl': [
        'releases:',
        '- name: a',
        '  chart: ./c',
        '  hooks:',
        '  - events: [prepare, cleanup]',
        '    showlogs: true',
        '    command: sh',
        `    args: [-c, 'echo "{{\`{{ .Event.Name }}\`}} {{\`{{ .Release.Name }}\`}}" >> hooks.log']`,
        '',
      ].join('\n'),
    });
    const r = await runCli(['template', '--helm-binary', helm], { cwd, env: sb.env });
    expect(r.exitCode).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(cwd, 'hooks.log'), 'utf8')).toBe('prepare a\ncleanup a\n');
    expect(r.stdout).toContain('name: a');
  });

  it('a failing prepare hook stops before rendering, exit 1', async () => {
    const cwd = tree(sb, {
      'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  hooks:\n  - events: [prepare]\n    command: "false"\n',
    });
    const r = await runCli(['template', '--helm-binary', helm], { cwd, env: sb.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/false/);
  });
});
