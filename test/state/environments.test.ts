import { describe, expect, it } from '@jest/globals';
import { loadState } from '../../src/state/index.js';
import { UserError } from '../../src/errors/index.js';
import { loadFrom, realDeps, writeTree } from '../charts/helpers.js';
import { fieldRenderer, identityRenderer, testDeps, treeLoader } from './support.js';

const { load, loadError, tree } = treeLoader({ renderer: identityRenderer });

const values = (s: { files: { environment: { values: unknown } }[] }) => s.files[s.files.length - 1]?.environment.values;

describe('environments and state values', () => {
  it('layers top-level values under environment values, files and inline maps in order', async () => {
    const { state } = await load({
      'helmfile.yaml': 'values:\n- defaults.yaml\n- {b: inline}\nenvironments:\n  prod:\n    values:\n    - prod.yaml\n    - {c: 3}\n',
      'defaults.yaml': 'a: 1\nb: 1\nc: 1\n',
      'prod.yaml': 'c: 2\nd: 2\n',
    }, { environment: 'prod' });
    expect(values(state)).toEqual({ a: 1, b: 'inline', c: 3, d: 2 });
    expect(state.files[0]?.environment.name).toBe('prod');
  });

  it('fails for an undefined environment and lists the defined ones', async () => {
    const e = await loadError({ 'helmfile.yaml': 'environments:\n  dev: {}\n  prod: {}\n' }, { environment: 'stage' });
    expect(e.message).toBe('environment "stage" is not defined');
    expect(e.hint).toBe('defined environments: dev, prod');
    expect(e.environment).toBe('stage');
  });

  it('implies the default environment', async () => {
    const { state } = await load({ 'helmfile.yaml': 'values:\n- {a: 1}\n' });
    expect(values(state)).toEqual({ a: 1 });
  });

  it('fails on a missing environment values file, or warns with missingFileHandler: Warn', async () => {
    const e = await loadError({ 'helmfile.yaml': 'environments:\n  default:\n    values:\n    - nope.yaml\n' });
    expect(e.message).toMatch(/file nope.yaml does not exist/);
    const { state, deps } = await load({ 'helmfile.yaml': 'environments:\n  default:\n    missingFileHandler: Warn\n    values:\n    - nope.yaml\n    - {a: 1}\n' });
    expect(values(state)).toEqual({ a: 1 });
    expect(deps.logs.some((l) => l.level === 'warn' && l.msg.includes('nope.yaml'))).toBe(true);
  });

  it('mergeStrategy fallback lets the first file win', async () => {
    const { state } = await load({
      'helmfile.yaml': 'environments:\n  default:\n    mergeStrategy: fallback\n    values:\n    - {a: first}\n    - {a: second, b: second}\n',
    });
    expect(values(state)).toEqual({ a: 'first', b: 'second' });
  });

  it('expands globs in values entries, sorted', async () => {
    const { state } = await load({
      'helmfile.yaml': 'environments:\n  default:\n    values:\n    - env/*.yaml\n',
      'env/b.yaml': 'x: b\n',
      'env/a.yaml': 'x: a\ny: a\n',
    });
    expect(values(state)).toEqual({ x: 'b', y: 'a' });
  });

  it('environment arrays replace top-level arrays (issue 2353)', async () => {
    const { state } = await load({
      'helmfile.yaml': 'values:\n- defaults.yaml\nenvironments:\n  default:\n    values:\n    - overrides.yaml\n',
      'defaults.yaml': 'myList: [default1, default2, default3]\nnested:\n  innerArray: [innerA, innerB, innerC]\n',
      'overrides.yaml': 'myList: [override1, override2]\nnested:\n  innerArray: [outerX, outerY]\n',
    });
    expect(values(state)).toEqual({ myList: ['override1', 'override2'], nested: { innerArray: ['outerX', 'outerY'] } });
  });

  it('--state-values-set merges into arrays index by index (issue 2281)', async () => {
    const { state } = await load(
      {
        'helmfile.yaml': [
          'values:',
          '  - top:',
          '      array: [thing1, thing2]',
          '      complexArray:',
          '        - {thing: a thing, anotherThing: another thing}',
          '        - {thing: second thing, anotherThing: a second other thing}',
          '',
        ].join('\n'),
      },
      { stateValuesSet: ['top.array[0]=cmdlinething1', 'top.complexArray[1].anotherThing=cmdline'] },
    );
    expect(values(state)).toEqual({
      top: {
        array: ['cmdlinething1', 'thing2'],
        complexArray: [
          { thing: 'a thing', anotherThing: 'another thing' },
          { thing: 'second thing', anotherThing: 'cmdline' },
        ],
      },
    });
  });

  it('--state-values-set types values; --state-values-set-string keeps strings', async () => {
    const { state } = await load({ 'helmfile.yaml': 'values:\n- {}\n' }, { stateValuesSet: ['a=1,b=true,c=x\\,y'], stateValuesSetString: ['e=2'] });
    expect(values(state)).toEqual({ a: 1, b: true, c: 'x,y', e: '2' });
  });

  it('--state-values-file replaces arrays and wins over environment values', async () => {
    const { state } = await load(
      {
        'helmfile.yaml': 'values:\n- {l: [1, 2, 3], k: base}\nenvironments:\n  default:\n    values:\n    - {k: env}\n',
        'cli.yaml': 'l: [9]\nk: cli\n',
      },
      { stateValuesFiles: ['cli.yaml'] },
    );
    expect(values(state)).toEqual({ l: [9], k: 'cli' });
  });

  it('resolves --state-values-file against the state file directory, then the working directory', async () => {
    const root = tree({
      'sub/helmfile.yaml': 'values:\n- {a: base}\n',
      'sub/vals.yaml': 'a: from-state-dir\n',
      'cwd-only.yaml': 'b: from-cwd\n',
    });
    const state = await loadState({ file: 'sub/helmfile.yaml', stateValuesFiles: ['vals.yaml', 'cwd-only.yaml'], renderer: identityRenderer }, testDeps(root));
    expect(values(state)).toEqual({ a: 'from-state-dir', b: 'from-cwd' });
  });

  it('rejects a malformed --state-values-set', async () => {
    const e = await loadError({ 'helmfile.yaml': 'values:\n- {}\n' }, { stateValuesSet: ['novalue'] });
    expect(e.message).toBe('invalid assignment "novalue": expected <key>=<value>');
  });

  it('merges environments from bases, concatenating their values lists', async () => {
    const { state } = await load({
      'bases/env.yaml': 'environments:\n  default:\n    values:\n    - {a: base, b: base}\n',
      'helmfile.yaml': 'bases:\n- bases/env.yaml\nenvironments:\n  default:\n    values:\n    - {b: own}\n',
    });
    expect(values(state)).toEqual({ a: 'base', b: 'own' });
  });

  it('refuses bases of bases', async () => {
    const e = await loadError({
      'b2.yaml': 'values:\n- {a: 1}\n',
      'b1.yaml': 'bases:\n- b2.yaml\n',
      'helmfile.yaml': 'bases:\n- b1.yaml\n',
    });
    expect(e.message).toMatch(/nested `base` helmfile is unsupported/);
  });

  it('resolves base-relative paths against the including file directory (issue 2424)', async () => {
    const renderer = fieldRenderer();
    const { state } = await load({
      'bases/templates.yaml': 'templates:\n  default:\n    missingFileHandler: Error\n    values:\n    - ../config/{{ .Release.Namespace }}/values.yaml\n',
      'helmfile.d/01-app.yaml': 'bases:\n- ../bases/templates.yaml\n---\nreleases:\n- name: test-app\n  chart: c\n  namespace: default\n  inherit:\n  - template: default\n',
    }, { renderer });
    const r = state.releases[0];
    expect(r?.baseDir.endsWith('/helmfile.d')).toBe(true);
    // A plain-YAML base keeps the expression; the release pass renders it with the release's namespace.
    expect(r?.spec.values).toEqual(['../config/default/values.yaml']);
    expect(r?.spec.missingFileHandler).toBe('Error');
  });
});

describe('an undefined environment in a .gotmpl file (issue 13, defect 3)', () => {
  const file = [
    'environments:',
    '  dev:',
    '    values: [{region: eu}]',
    '  prod:',
    '    values: [{region: us}]',
    '---',
    'releases:',
    '  - name: app',
    '    chart: ./c',
    '    values:',
    '      - region: {{ .Values.region }}',
    '',
  ].join('\n');

  it('says the environment is not defined and lists the defined ones, not the template error it causes', async () => {
    const dir = writeTree({ 'helmfile.yaml.gotmpl': file });
    const e = await loadFrom(dir, realDeps({ HOME: dir }, dir).deps, { environment: 'staging' }).then(
      () => undefined,
      (x: unknown) => x as UserError,
    );
    expect(e).toBeInstanceOf(UserError);
    expect(e!.message).toBe('environment "staging" is not defined');
    expect(e!.environment).toBe('staging');
    expect(e!.location).toEqual({ file: 'helmfile.yaml.gotmpl' });
    expect(e!.hint).toMatch(/^defined environments: dev, prod \(rendering the next part failed without it: .*map has no entry for key "region"\)$/);
  });

  it('a sub-helmfile without the environment is skipped, as Helmfile skips it', async () => {
    const dir = writeTree({
      'helmfile.yaml': 'environments:\n  staging: {}\n---\nhelmfiles:\n  - sub.yaml.gotmpl\nreleases:\n  - name: top\n    chart: ./c\n',
      'sub.yaml.gotmpl': file,
    });
    const state = await loadFrom(dir, realDeps({ HOME: dir }, dir).deps, { environment: 'staging' });
    expect(state.releases.map((r) => r.name)).toEqual(['top']);
  });
});
