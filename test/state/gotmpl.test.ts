/**
 * `.gotmpl` state files through the real Go template engine (src/gotemplate), mostly on
 * the Helmfile corpus inputs, asserting what the corpus expects.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadState, type LoadOptions } from '../../src/state/index.js';
import { UserError } from '../../src/errors/index.js';
import { CORPUS_DIR, testDeps, treeLoader } from './support.js';

const loader = treeLoader();
const load = async (files: Record<string, string>, opts: Partial<LoadOptions> = {}, env: Record<string, string> = {}) => (await loader.load(files, opts, env)).state;

function corpus(caseDir: string, file: string, opts: Partial<LoadOptions> = {}, env: Record<string, string> = {}) {
  return loadState({ file, ...opts }, testDeps(join(CORPUS_DIR, caseDir), env));
}

const names = (rs: { name: string }[]) => rs.map((r) => r.name);
const firstTemplate = (r: { spec: { values?: unknown[] } } | undefined): string =>
  ((r?.spec.values?.[0] as { templates: string[] } | undefined)?.templates[0] ?? '') as string;

describe('.gotmpl state files', () => {
  it('renders release templates in name/namespace/needs after anchors and merge keys (snapshot issue_2098)', async () => {
    const state = await corpus('snapshot__issue_2098_release_template_needs', 'testdata/snapshot/issue_2098_release_template_needs/input.yaml.gotmpl');
    const [shared, rel] = state.releases;
    expect(shared?.name).toBe('default-shared-resources');
    expect(shared?.namespace).toBe('default');
    expect(shared?.labels).toEqual({ chart: 'util', name: 'default-shared-resources', namespace: 'default', service: 'shared-resources' });
    expect(rel?.name).toBe('default-release-resources');
    expect(rel?.spec.needs).toEqual(['default/default-shared-resources']);
    expect(rel?.needs).toEqual(['default/default-shared-resources']);
    expect(state.files[0]?.waves.map(names)).toEqual([['default-shared-resources'], ['default-release-resources']]);
    // `templates:` stay as written after the part pass (the build output shows them so).
    expect(state.files[0]?.spec.templates?.defaults?.name).toBe('default-{{ .Release.Labels.service }}');
    expect(state.files[0]?.spec.environments).toEqual({ default: {} });
  });

  it('keeps escaped release templates inside inline values literal (snapshot kubedog_tracking)', async () => {
    const state = await corpus('snapshot__kubedog_tracking', 'testdata/snapshot/kubedog_tracking/input.yaml.gotmpl');
    expect(names(state.releases)).toEqual(['kubedog-baseline', 'kubedog-with-timeout', 'kubedog-with-logs', 'kubedog-with-whitelist']);
    expect(firstTemplate(state.releases[0])).toContain('name: {{ .Release.Name }}-baseline');
    expect(state.releases[1]?.spec.trackTimeout).toBe(300);
    expect(state.releases[2]?.spec.trackLogs).toBe(true);
    expect(state.releases[3]?.spec.trackKinds).toEqual(['ConfigMap']);
    expect(state.releases[0]?.labels).toEqual({ chart: 'raw-0.1.0', name: 'kubedog-baseline', namespace: '' });
  });

  it('renders each part with the values accumulated so far (issue-2281, with --state-values-set)', async () => {
    const state = await corpus(
      'integration__issue-2281-array-merge',
      'test/integration/test-cases/issue-2281-array-merge/input/helmfile.yaml.gotmpl',
      { stateValuesSet: ['top.array[0]=cmdlinething1', 'top.complexArray[1].anotherThing=cmdline'] },
    );
    const cm = firstTemplate(state.releases[0]);
    expect(cm).toContain('- cmdlinething1\n');
    expect(cm).toContain('- thing2\n');
    expect(cm).toContain('anotherThing: cmdline');
    expect(cm).toContain('anotherThing: another thing');
  });

  it('replaces default arrays with environment arrays (issue-2353)', async () => {
    const state = await corpus('integration__issue-2353-layer-array-replace', 'test/integration/test-cases/issue-2353-layer-array-replace/input/helmfile.yaml.gotmpl');
    const cm = firstTemplate(state.releases[0]);
    expect(cm).toContain('myList: ["override1","override2"]');
    expect(cm).toContain('innerArray: ["outerX","outerY"]');
  });

  it('replaces child arrays with helmfiles[].values (issue-2451)', async () => {
    const state = await corpus('integration__issue-2451-nested-helmfile-array-replace', 'test/integration/test-cases/issue-2451-nested-helmfile-array-replace/input/helmfile.yaml');
    const cm = firstTemplate(state.files[0]?.releases[0]);
    expect(cm).toContain('name: override1');
    expect(cm).not.toContain('default1');
  });

  it('renders environment .gotmpl values with .Environment.Name', async () => {
    const state = await corpus('snapshot__environments_values_gotmpl_with_environment_name', 'testdata/snapshot/environments_values_gotmpl_with_environment_name/input.yaml.gotmpl', { environment: 'test' });
    expect(state.files[0]?.environment.values).toEqual({ envName: 'test' });
    expect(firstTemplate(state.releases[0])).toBe('envName: test\n');
  });

  it('sees CLI state values inside environment .gotmpl values files', async () => {
    const state = await corpus(
      'integration__state-values-set-cli-args-in-environments',
      'test/integration/test-cases/state-values-set-cli-args-in-environments/input/helmfile.yaml.gotmpl',
      { stateValuesSet: ['foo=bar'] },
    );
    expect(firstTemplate(state.releases[0])).toContain('foo: bar');
  });

  it('skips sub-helmfiles without the environment and no values; passes values to the others (snapshot environment_missing_in_subhelmfile)', async () => {
    const state = await corpus('snapshot__environment_missing_in_subhelmfile', 'testdata/snapshot/environment_missing_in_subhelmfile/input.yaml.gotmpl', { environment: 'test' });
    expect(names(state.selected)).toEqual(['test', 'no-envs']);
    expect(firstTemplate(state.releases[0])).toBe('subhelmfile: test\nenvName: test\n');
    expect(firstTemplate(state.releases[1])).toBe('envName: test\n');
  });

  it('accepts environments with null specs in their own part (snapshot environments_releases_without_same_yaml_part)', async () => {
    const state = await corpus('snapshot__environments_releases_without_same_yaml_part', 'testdata/snapshot/environments_releases_without_same_yaml_part/input.yaml.gotmpl', { environment: 'prod' });
    expect(firstTemplate(state.releases[0])).toBe('chartVersion: {{ .Chart.Version }}\n');
  });

  it('renders the whole file before selecting, so requiredEnv must hold (issue-1172)', async () => {
    const f = 'test/integration/test-cases/issue-1172-selector-required-env/input/helmfile.yaml.gotmpl';
    await expect(corpus('integration__issue-1172-selector-required-env', f, { selectors: ['tier=label2'] })).rejects.toThrow(/ISSUE_1172_BUZZ/);
    const state = await corpus('integration__issue-1172-selector-required-env', f, { selectors: ['tier=label2'] }, { ISSUE_1172_BUZZ: 'test-buzz-value' });
    expect(names(state.selected)).toEqual(['rel2']);
  });

  it('loads _*.tpl helpers of each state file directory for include (include-template-func)', async () => {
    const state = await corpus('integration__include-template-func', 'test/integration/test-cases/include-template-func/input/helmfile.yaml.gotmpl');
    expect(state.files.map((f) => f.path)).toEqual([
      'test/integration/test-cases/include-template-func/input/nested/helmfile.yaml.gotmpl',
      'test/integration/test-cases/include-template-func/input/helmfile.yaml.gotmpl',
    ]);
    expect(names(state.releases)).toEqual(['nested-include', 'include']);
  });

  it('lets tpl see the _*.tpl helpers too, as helmfile builds its tpl set with them', async () => {
    const state = await load({
      '_helpers.tpl': '{{ define "app.name" }}from-helper{{ end }}',
      'helmfile.yaml.gotmpl': 'releases:\n- name: {{ tpl "{{ include \\"app.name\\" . }}" . }}\n  chart: ./c\n',
    });
    expect(names(state.releases)).toEqual(['from-helper']);
  });

  it('renders release-template values paths from a plain base per release (issue-2424)', async () => {
    for (const seq of [true, false]) {
      const state = await corpus('integration__issue-2424-sequential-values-paths', 'test/integration/test-cases/issue-2424-sequential-values-paths/input/helmfile.d', { sequentialHelmfiles: seq });
      expect(names(state.releases)).toEqual(['test-app-2424', 'test-other-2424']);
      expect(state.releases[0]?.spec.values).toEqual(['../config/default/values.yaml']);
      expect(state.releases[0]?.baseDir.endsWith('/input/helmfile.d')).toBe(true);
    }
  });

  it('points template errors at the file and part', async () => {
    let err: unknown;
    try {
      await load({ 'helmfile.yaml.gotmpl': 'values:\n- {a: 1}\n---\nreleases:\n- name: {{ .Values.nope }}\n  chart: c\n' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const u = err as UserError;
    expect(u.location).toMatchObject({ file: 'helmfile.yaml.gotmpl', part: 2, line: 5 });
    expect(u.message).toMatch(/map has no entry for key "nope"/);
    expect(u.render()).toMatch(/^helmfile.yaml.gotmpl part 2, line 5: /);
  });

  it('leaves {{ }} in a plain .yaml file alone at load time', async () => {
    const state = await load({ 'helmfile.yaml': 'releases:\n- name: a\n  chart: c\n  values:\n  - {x: "{{ .Values.y }}"}\n' });
    expect(state.releases[0]?.spec.values).toEqual([{ x: '{{ .Values.y }}' }]);
  });

  it('renders a plain .yaml file when HELMFILE_RENDER_YAML=true', async () => {
    const state = await load({ 'helmfile.yaml': 'values:\n- {y: 2}\n---\nreleases:\n- name: a{{ .Values.y }}\n  chart: c\n' }, {}, { HELMFILE_RENDER_YAML: 'true' });
    expect(state.releases[0]?.name).toBe('a2');
  });

  it('turns installedTemplate into installed', async () => {
    const state = await load({ 'helmfile.yaml': 'values:\n- {on: false}\n---\nreleases:\n- name: a\n  chart: c\n  installedTemplate: "{{ .Values.on }}"\n' });
    expect(state.releases[0]?.installed).toBe(false);
    expect(state.releases[0]?.spec.installedTemplate).toBeUndefined();
  });
});
