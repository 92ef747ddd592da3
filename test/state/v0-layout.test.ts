/**
 * Helmfile v0-era layouts load as Helmfile v0 read them (one warning per file naming
 * the v1 rule and the migration), and --strict refuses them as Helmfile v1 does. The
 * expected values follow Helmfile v0's desiredStateLoader: every state file rendered,
 * a part with environments rendered twice (first leniently, then with the environment).
 */
import { describe, expect, it } from '@jest/globals';
import { treeLoader } from './support.js';

const { load, loadError } = treeLoader();

const warnings = (deps: { logs: { level: string; msg: string }[] }): string[] => deps.logs.filter((l) => l.level === 'warn').map((l) => l.msg);

describe('v0-era layouts', () => {
  it('renders environments and releases of one part in two passes', async () => {
    const { state, deps } = await load({
      'helmfile.yaml.gotmpl': 'environments:\n  default:\n    values:\n    - env.yaml\nreleases:\n- name: {{ .Values.app }}\n  chart: ./c\n  namespace: {{ .Values.ns | default "none" }}\n',
      'env.yaml': 'app: web\nns: prod\n',
    });
    expect(state.releases.map((r) => r.id)).toEqual(['prod/web']);
    const w = warnings(deps);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/helmfile\.yaml\.gotmpl: Helmfile v0 layout — environments and releases are in one part \(releases: at line 5\)/);
    expect(w[0]).toMatch(/put a line with --- between environments: and releases:/);
    expect(w[0]).toMatch(/--strict makes this an error/);
  });

  it('learns the environment from a first pass that stops at an error (missing keys are zero there)', async () => {
    const { state } = await load({
      'helmfile.yaml.gotmpl': 'environments:\n  default:\n    values:\n    - a.yaml\n    - suffix: {{ .Values.base.name }}-x\nreleases:\n- name: {{ .Values.base.name }}{{ .Values.suffix }}\n  chart: ./c\n',
      'a.yaml': 'base:\n  name: app\n',
    });
    // The first pass stops at .Values.base.name (nil there) with `suffix:` empty, so the
    // second pass sees base.name from a.yaml and suffix null, which Go prints as <no value>.
    expect(state.releases.map((r) => r.name)).toEqual(['app<no value>']);
  });

  it('accepts bases: after environments: and environments: after releases:', async () => {
    const { state, deps } = await load({
      'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  installed: false\nenvironments:\n  default: {}\nbases:\n- base.yaml\n',
      'base.yaml': 'releases:\n- name: b\n  chart: ./c\n',
    });
    expect(state.releases.map((r) => r.name).sort()).toEqual(['a', 'b']);
    expect(warnings(deps)[0]).toMatch(/top-level config key environments must be defined before releases in helmfile\.yaml \(line 5\)/);
  });

  it('renders a plain .yaml that is not valid YAML unrendered, saying to rename it', async () => {
    const { state, deps } = await load({
      'helmfile.yaml': '{{ $ns := "team" }}\nreleases:\n- name: a\n  namespace: {{ $ns }}\n  chart: ./c\n',
    });
    expect(state.releases.map((r) => r.id)).toEqual(['team/a']);
    expect(warnings(deps)[0]).toMatch(/a plain \.yaml state file with Go templates .*rename it to helmfile\.yaml\.gotmpl \(or set HELMFILE_RENDER_YAML=true\)/);
  });

  it('renders a plain .yaml whose templates sit where v1 keeps them literal (environment values, `key: {{ x }}`)', async () => {
    const { state } = await load({
      'helmfile.yaml': 'bases:\n- {{ "envs.yaml" }}\n---\nreleases:\n- name: "{{ .Values.app }}"\n  chart: ./c\n',
      'envs.yaml': 'environments:\n  default:\n    values:\n    - "{{ .Environment.Name }}.yaml"\n',
      'default.yaml': 'app: web\n',
    });
    expect(state.releases.map((r) => r.name)).toEqual(['web']);
  });

  it('leaves a v1 plain .yaml with release templates alone (no warning, templates rendered per release)', async () => {
    const { state, deps } = await load({
      'helmfile.yaml': 'releases:\n- name: a\n  chart: ./c\n  labels:\n    rel: "{{ .Release.Name }}"\n  values:\n  - cfg: |\n      {{ .Release.Name }}\n',
    });
    expect(state.releases[0]?.labels.rel).toBe('a');
    expect(warnings(deps)).toEqual([]);
  });

  it('warns once per file even when a base is read by several parts', async () => {
    const { deps } = await load({
      'helmfile.yaml': 'bases:\n- b.yaml\n---\nbases:\n- b.yaml\n---\nreleases: []\n',
      'b.yaml': 'releases: []\nenvironments:\n  default: {}\n',
    });
    expect(warnings(deps).filter((w) => w.startsWith('b.yaml'))).toHaveLength(1);
  });

  it('says which environment did not load when the second pass then fails', async () => {
    const e = await loadError({
      'helmfile.yaml.gotmpl': 'environments:\n  default:\n    values:\n    - missing.yaml\nreleases:\n- name: {{ .Values.app }}\n  chart: ./c\n',
    });
    expect(e.message).toMatch(/map has no entry for key "app"/);
    expect(e.message).toMatch(/the environment this part declares did not load: .*missing\.yaml/);
  });
});

describe('--strict', () => {
  it('refuses environments and releases in one part with Helmfile v1 error and line', async () => {
    const e = await loadError({ 'helmfile.yaml': 'environments:\n  default: {}\nreleases: []\n' }, { strict: true });
    expect(e.message).toMatch(/environments and releases cannot be defined within the same YAML part/);
    expect(e.location?.line).toBe(3);
  });

  it('refuses a templated plain .yaml that does not parse, saying to rename it or set HELMFILE_RENDER_YAML', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n{{ range list "a" }}\n- name: {{ . }}\n  chart: ./c\n{{ end }}\n' }, { strict: true });
    expect(e.message).toMatch(/helmfile\.yaml is not valid YAML as written and contains Go templates/);
    expect(e.hint).toMatch(/rename it to helmfile\.yaml\.gotmpl, or set HELMFILE_RENDER_YAML=true/);
  });

  it('reads a plain .yaml with v1-literal templates as written', async () => {
    const { state } = await load({ 'helmfile.yaml': 'environments:\n  default:\n    values:\n    - x: "{{ 1 }}"\n---\nreleases:\n- name: a\n  chart: ./c\n' }, { strict: true });
    expect(state.files[0]?.environment.values).toEqual({ x: '{{ 1 }}' });
  });
});

describe('keys Helmfile decodes beyond the documented ones', () => {
  it('accepts filepath: and renderedvalues: (ignored), maps context: and charts:', async () => {
    const { state, deps } = await load({
      'helmfile.yaml': 'filepath: ""\nrenderedvalues: {}\ncontext: kind-x\ncharts:\n- name: old\n  chart: ./c\nreleases:\n- name: new\n  chart: ./c\n',
    });
    expect(state.releases.map((r) => r.name)).toEqual(['old', 'new']);
    expect(state.files[0]?.helmDefaults.kubeContext).toBe('kind-x');
    expect(warnings(deps).join('\n')).toMatch(/charts: is deprecated; rename it to releases:/);
    expect(state.releases[0]?.source.line).toBe(5);
  });
});

describe('template base paths', () => {
  it('renders an environment values .gotmpl with its own directory as the base of readFile', async () => {
    const { state } = await load({
      'helmfile.yaml.gotmpl': 'environments:\n  default:\n    values:\n    - vals/v.yaml.gotmpl\n---\nreleases: []\n',
      'vals/v.yaml.gotmpl': 'x: {{ readFile "data.txt" | trim | quote }}\n',
      'vals/data.txt': 'beside the values file\n',
      'data.txt': 'beside the state file\n',
    });
    expect(state.files[0]?.environment.values).toEqual({ x: 'beside the values file' });
  });
});
