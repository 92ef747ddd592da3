import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { buildReleaseValues, loadState } from '../../src/state/index.js';
import { UserError } from '../../src/errors/index.js';
import { CORPUS_DIR, testDeps, treeLoader } from '../state/support.js';

const { load: setup } = treeLoader();

describe('buildReleaseValues', () => {
  it('orders valuesTemplate, template values, own values; inline maps become 0600 temp files removed by cleanup', async () => {
    const { state, deps, root } = await setup({
      'helmfile.yaml': [
        'templates:',
        '  t:',
        '    values: [t.yaml]',
        'releases:',
        '- name: web',
        '  namespace: prod',
        '  chart: c',
        '  inherit: [{template: t}]',
        '  valuesTemplate:',
        '  - {rel: "{{ .Release.Name }}-{{ .Release.Namespace }}"}',
        '  values:',
        '  - own.yaml',
        '  - {inline: 1, list: [a]}',
        '',
      ].join('\n'),
      't.yaml': 'fromTemplate: true\ninline: 0\n',
      'own.yaml': 'own: yes\n',
    });
    const release = state.releases[0];
    if (!release) throw new Error('no release');
    const v = await buildReleaseValues(release, state, deps);
    expect(v.files).toHaveLength(4);
    expect(v.files[1]).toBe(join(root, 't.yaml'));
    expect(v.files[2]).toBe(join(root, 'own.yaml'));
    expect(fs.readFileSync(v.files[0] as string, 'utf8')).toBe('rel: web-prod\n');
    expect(fs.statSync(v.files[3] as string).mode & 0o777).toBe(0o600);
    expect(v.merged).toEqual({ rel: 'web-prod', fromTemplate: true, inline: 1, own: 'yes', list: ['a'] });
    v.cleanup();
    expect(fs.existsSync(v.files[0] as string)).toBe(false);
    expect(fs.existsSync(v.files[1] as string)).toBe(true);
  });

  it('renders .gotmpl values files with release data and state values', async () => {
    const { state, deps } = await setup({
      'helmfile.yaml': 'values:\n- {replicas: 3}\nreleases:\n- name: api\n  namespace: ns1\n  chart: c\n  values:\n  - values.yaml.gotmpl\n',
      'values.yaml.gotmpl': 'name: {{ .Release.Name }}\nns: {{ .Release.Namespace }}\nreplicas: {{ .Values.replicas }}\nenv: {{ .Environment.Name }}\n',
    });
    const v = await buildReleaseValues(state.releases[0]!, state, deps);
    expect(fs.readFileSync(v.files[0] as string, 'utf8')).toBe('name: api\nns: ns1\nreplicas: 3\nenv: default\n');
    expect(v.merged).toEqual({ name: 'api', ns: 'ns1', replicas: 3, env: 'default' });
    v.cleanup();
  });

  it('fails on a missing values file by default and skips it with missingFileHandler: Warn', async () => {
    const a = await setup({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  values: [nope.yaml]\n' });
    await expect(buildReleaseValues(a.state.releases[0]!, a.state, a.deps)).rejects.toThrow(UserError);
    const b = await setup({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  missingFileHandler: Warn\n  values: [nope.yaml, {x: 1}]\n' });
    const v = await buildReleaseValues(b.state.releases[0]!, b.state, b.deps);
    expect(v.files).toHaveLength(1);
    expect(b.deps.logs.some((l) => l.level === 'warn')).toBe(true);
    v.cleanup();
  });

  it('builds set flags: setTemplate first, escapes, files absolute, lists, setString, env', async () => {
    const { state, deps, root } = await setup(
      {
        'helmfile.yaml': [
          'releases:',
          '- name: a',
          '  chart: c',
          '  setTemplate: [{name: who, value: "{{ .Release.Name }}"}]',
          '  set:',
          '  - {name: x, value: "a,b"}',
          '  - {name: cfg, file: conf.txt}',
          '  - {name: l, values: [p, q]}',
          '  - {name: v, value: 1.10}',
          '  setString: [{name: s, value: "007"}]',
          '  env: [{name: fromEnv, value: MY_VAR}]',
          '',
        ].join('\n'),
      },
      {},
      { MY_VAR: 'hello' },
    );
    const v = await buildReleaseValues(state.releases[0]!, state, deps, { merge: false });
    expect(v.sets).toEqual([
      { flag: '--set', arg: 'who=a' },
      { flag: '--set', arg: 'x=a\\,b' },
      { flag: '--set-file', arg: `cfg=${join(root, 'conf.txt')}` },
      { flag: '--set', arg: 'l={p,q}' },
      { flag: '--set', arg: 'v=1.10' },
      { flag: '--set-string', arg: 's=007' },
      { flag: '--set', arg: 'fromEnv=hello' },
    ]);
    v.cleanup();
  });

  it('lists secrets separately, after values (as written with decryptSecrets: false; test/secrets decrypts)', async () => {
    const { state, deps, root } = await setup({
      'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  values: [{a: 1}]\n  secrets: [secrets.yaml]\n',
      'secrets.yaml': 'sops: {}\n',
    });
    const v = await buildReleaseValues(state.releases[0]!, state, deps, { decryptSecrets: false });
    expect(v.secrets).toEqual([join(root, 'secrets.yaml')]);
    expect(v.files).toHaveLength(1);
    v.cleanup();
  });

  it('applies null as key removal in merged (helm semantics)', async () => {
    const { state, deps } = await setup({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  values: [{a: 1, b: {c: 2, d: 3}}, {b: {c: null}}]\n' });
    const v = await buildReleaseValues(state.releases[0]!, state, deps);
    expect(v.merged).toEqual({ a: 1, b: { d: 3 } });
    v.cleanup();
  });

  it('resolves release-template values paths per release (issue-2424, corpus input)', async () => {
    const cwd = join(CORPUS_DIR, 'integration__issue-2424-sequential-values-paths');
    const deps = testDeps(cwd);
    const state = await loadState({ file: 'test/integration/test-cases/issue-2424-sequential-values-paths/input/helmfile.d' }, deps);
    const v = await buildReleaseValues(state.releases[0]!, state, deps);
    expect(v.files).toEqual([join(cwd, 'test/integration/test-cases/issue-2424-sequential-values-paths/input/config/default/values.yaml')]);
    expect(JSON.stringify(v.merged)).toContain('app-configmap-2424');
    v.cleanup();
  });

  it('renders a values .gotmpl with the state file helpers (include-template-func, corpus input)', async () => {
    const cwd = join(CORPUS_DIR, 'integration__include-template-func');
    const deps = testDeps(cwd);
    const state = await loadState({ file: 'test/integration/test-cases/include-template-func/input/helmfile.yaml.gotmpl' }, deps);
    const parent = state.releases.find((r) => r.name === 'include')!;
    const v = await buildReleaseValues(parent, state, deps);
    expect(fs.readFileSync(v.files[0] as string, 'utf8')).toContain('name: include');
    v.cleanup();
  });
});
