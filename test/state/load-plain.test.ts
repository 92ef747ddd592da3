import { describe, expect, it } from '@jest/globals';
import { loadState } from '../../src/state/index.js';
import { identityRenderer, testDeps, treeLoader } from './support.js';

const { load, loadError, tree } = treeLoader({ renderer: identityRenderer });

describe('file discovery', () => {
  it('reads helmfile.yaml from cwd', async () => {
    const { state } = await load({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n' });
    expect(state.files.map((f) => f.path)).toEqual(['helmfile.yaml']);
    expect(state.releases.map((r) => r.name)).toEqual(['a']);
  });

  it('reads helmfile.d/*.yaml sorted by name', async () => {
    const { state } = await load({
      'helmfile.d/b.yaml': 'releases:\n- name: b\n  chart: c\n',
      'helmfile.d/a.yml': 'releases:\n- name: a\n  chart: c\n',
      'helmfile.d/notes.txt': 'x',
    });
    expect(state.files.map((f) => f.path)).toEqual(['helmfile.d/a.yml', 'helmfile.d/b.yaml']);
  });

  it('fails when helmfile.yaml and helmfile.yaml.gotmpl both exist', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases: []\n', 'helmfile.yaml.gotmpl': 'releases: []\n' });
    expect(e.message).toMatch(/both helmfile.yaml and helmfile.yaml.gotmpl/);
  });

  it('fails when a file and helmfile.d both exist', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases: []\n', 'helmfile.d/a.yaml': 'releases: []\n' });
    expect(e.message).toMatch(/helmfile.d/);
  });

  it('reads the state from stdin with -f -', async () => {
    const root = tree({});
    const state = await loadState({ file: '-', stdin: 'releases:\n- name: s\n  chart: c\n', renderer: identityRenderer }, testDeps(root));
    expect(state.releases[0]?.name).toBe('s');
  });
});

describe('schema validation', () => {
  it('rejects an unknown release key with file:line and the nearest key', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  namepsace: x\n' });
    expect(e.message).toBe('unknown key "namepsace" in releases[0] (name: a)');
    expect(e.location).toMatchObject({ file: 'helmfile.yaml', line: 4, column: 3 });
    expect(e.hint).toBe('did you mean "namespace"?');
  });

  it('rejects an unknown top-level key', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releasess:\n- name: a\n' });
    expect(e.hint).toContain('"releases"');
  });

  it('reports malformed YAML with its line', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: [oops\n' });
    expect(e.message).toMatch(/malformed YAML/);
    expect(e.location?.file).toBe('helmfile.yaml');
    expect(e.location?.line).toBeGreaterThanOrEqual(3);
  });

  it('points at an over-indented key, not the line before it, and shows the line (issue 13, defect 4)', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n  - name: app\n    chart: ./c\n\n     namespace: x\n  - name: b\n    chart: ./c\n' });
    expect(e.location).toMatchObject({ file: 'helmfile.yaml', line: 5, column: 6 });
    expect(e.hint).toBe('line 5 is: "     namespace: x"\nit is indented deeper (5 spaces) than `chart:` on line 3 (4); indent it as the key it belongs with');
  });

  it('shows the offending line of other YAML errors, in a later part at its line in the file', async () => {
    const e = await loadError({ 'helmfile.yaml': 'environments:\n  default: {}\n---\nreleases:\n  - name: app\n    chart: ./c\n   - name: b\n' });
    expect(e.location).toMatchObject({ file: 'helmfile.yaml', line: 7 });
    expect(e.hint).toMatch(/^line 7 is: "   - name: b"/);
  });

  it('rejects a wrong type', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  wait: sometimes\n' });
    expect(e.message).toMatch(/wait must be a boolean/);
    expect(e.location?.line).toBe(4);
  });

  it('keeps the literal text of numbers in string fields (version: 1.10)', async () => {
    const { state } = await load({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  version: 1.10\n' });
    expect(state.releases[0]?.version).toBe('1.10');
  });

  it('fails on an empty file', async () => {
    const e = await loadError({ 'helmfile.yaml': '# nothing\n' });
    expect(e.message).toMatch(/no top-level config keys are found/);
  });

  it('enforces v1 key order and environments/releases in separate parts under --strict', async () => {
    const e1 = await loadError({ 'helmfile.yaml': 'releases: []\nenvironments:\n  default: {}\n' }, { strict: true });
    expect(e1.message).toMatch(/top-level config key environments must be defined before releases/);
    const e2 = await loadError({ 'helmfile.yaml': 'environments:\n  default: {}\nreleases: []\n' }, { strict: true });
    expect(e2.message).toMatch(/environments and releases cannot be defined within the same YAML part/);
  });
});

describe('releases', () => {
  it('adds name, namespace and chart labels, with commonLabels', async () => {
    const { state } = await load({
      'helmfile.yaml': 'commonLabels:\n  team: x\nreleases:\n- name: web\n  namespace: prod\n  chart: stable/nginx\n  labels:\n    tier: fe\n',
    });
    expect(state.releases[0]?.labels).toEqual({ tier: 'fe', team: 'x', name: 'web', namespace: 'prod', chart: 'nginx' });
    expect(state.releases[0]?.id).toBe('prod/web');
  });

  it('applies --namespace over the release namespace, and refuses it with a state namespace:', async () => {
    const { state } = await load({ 'helmfile.yaml': 'releases:\n- name: web\n  namespace: a\n  chart: c\n' }, { namespace: 'ovr' });
    expect(state.releases[0]?.namespace).toBe('ovr');
    const e = await loadError({ 'helmfile.yaml': 'namespace: x\nreleases:\n- name: web\n  chart: c\n' }, { namespace: 'ovr' });
    expect(e.message).toBe('Cannot use option --namespace and set attribute namespace');
  });

  it('takes helmDefaults.kubeContext, then the environment kubeContext', async () => {
    const { state } = await load({
      'helmfile.yaml': 'environments:\n  default:\n    kubeContext: envctx\n---\nreleases:\n- name: a\n  chart: c\n- name: b\n  chart: c\n  kubeContext: own\n',
    });
    expect(state.releases.map((r) => r.kubeContext)).toEqual(['envctx', 'own']);
    expect(state.releases[1]?.id).toBe('own//b');
  });

  it('records the declaring file and line of each release', async () => {
    const { state } = await load({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n- name: b\n  chart: c\n' });
    expect(state.releases.map((r) => r.source.line)).toEqual([2, 4]);
  });

  it('expands YAML anchors and merge keys (issue 493)', async () => {
    const { state } = await load({
      'helmfile.yaml': [
        'templates:',
        '  default_release: &default_release',
        '    namespace: "myNamespace"',
        '  default_labels:',
        '    labels: &default_labels',
        '      project: "myProject"',
        'releases:',
        '  - name: "release1"',
        '    << : *default_release',
        '    labels:',
        '      <<: *default_labels',
        '      app: "myapp"',
        '    chart: "test"',
        '',
      ].join('\n'),
    });
    expect(state.releases[0]?.namespace).toBe('myNamespace');
    expect(state.releases[0]?.labels).toEqual({ project: 'myProject', app: 'myapp', name: 'release1', namespace: 'myNamespace', chart: 'test' });
  });

  it('lets an explicit key replace the merged one (yaml-overwrite)', async () => {
    const { state } = await load({
      'helmfile.yaml': 'templates:\n  t: &t\n    chart: c\n    values:\n    - a.yaml\nreleases:\n- name: x\n  <<: *t\n  values:\n  - b.yaml\n',
      'a.yaml': 'a: 1\n',
      'b.yaml': 'b: 1\n',
    });
    expect(state.releases[0]?.spec.values).toEqual(['b.yaml']);
  });

  it('evaluates condition against state values', async () => {
    const { state } = await load({
      'helmfile.yaml': 'values:\n- db:\n    enabled: false\n  web:\n    enabled: true\nreleases:\n- name: db\n  chart: c\n  condition: db.enabled\n- name: web\n  chart: c\n  condition: web.enabled\n',
    });
    expect(state.releases.map((r) => r.enabled)).toEqual([false, true]);
    expect(state.selected.map((r) => r.name)).toEqual(['web']);
  });

  it('refuses duplicate releases', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n- name: a\n  chart: d\n' });
    expect(e.message).toMatch(/duplicate release "a"/);
    expect(e.location?.line).toBe(4);
  });
});

describe('more error paths', () => {
  it('names a missing base file and where it was looked for', async () => {
    const e = await loadError({ 'helmfile.yaml': 'bases:\n- nope.yaml\n' });
    expect(e.message).toMatch(/base file nope.yaml does not exist/);
    expect(e.location).toMatchObject({ file: 'helmfile.yaml', line: 2 });
  });

  it('expands sub-helmfile globs in sorted order', async () => {
    const { state } = await load({
      'helmfile.yaml': 'helmfiles:\n- apps/*.yaml\n',
      'apps/b.yaml': 'releases:\n- {name: b, chart: c}\n',
      'apps/a.yaml': 'releases:\n- {name: a, chart: c}\n',
    });
    expect(state.files.map((f) => f.path)).toEqual(['apps/a.yaml', 'apps/b.yaml', 'helmfile.yaml']);
  });

  it('reads a sub-helmfile directory like -f DIR', async () => {
    const { state } = await load({
      'helmfile.yaml': 'helmfiles:\n- apps\n',
      'apps/b.yaml': 'releases:\n- {name: b, chart: c}\n',
      'apps/a.yaml.gotmpl': 'releases:\n- {name: a, chart: c}\n',
      'apps/notes.md': 'x',
    });
    expect(state.files.map((f) => f.path)).toEqual(['apps/a.yaml.gotmpl', 'apps/b.yaml', 'helmfile.yaml']);
  });

  it('locates errors in later parts by file line', async () => {
    const e = await loadError({ 'helmfile.yaml': 'values:\n- {a: 1}\n---\nreleases:\n- name: x\n  chart: c\n  bogus: 1\n' });
    expect(e.location).toMatchObject({ file: 'helmfile.yaml', part: 2, line: 7 });
    expect(e.render()).toMatch(/^helmfile.yaml part 2, line 7: unknown key "bogus"/);
  });

  it('rejects an unknown missingFileHandler', async () => {
    const e = await loadError({ 'helmfile.yaml': 'environments:\n  default:\n    missingFileHandler: Ignore\n' });
    expect(e.message).toMatch(/missingFileHandler must be one of Error, Warn, Info, Debug/);
  });

  it('rejects duplicate keys like yaml v3', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- name: a\n  name: b\n  chart: c\n' });
    expect(e.message).toMatch(/malformed YAML/);
    expect(e.location?.line).toBe(3);
  });
});
