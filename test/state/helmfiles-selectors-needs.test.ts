import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadState, type LoadOptions } from '../../src/state/index.js';
import { CORPUS_DIR, fieldRenderer, identityRenderer, testDeps, treeLoader } from './support.js';

const { load, loadError } = treeLoader({ renderer: identityRenderer });

/** Loads a corpus case input in place (read-only). */
function corpus(caseDir: string, file: string, opts: Partial<LoadOptions> = {}) {
  const cwd = join(CORPUS_DIR, caseDir);
  return loadState({ file, renderer: fieldRenderer(), ...opts }, testDeps(cwd));
}

const names = (rs: { name: string }[]) => rs.map((r) => r.name);

describe('selectors', () => {
  const files = {
    'helmfile.yaml': [
      'releases:',
      '- {name: a, chart: c, labels: {tier: fe, app: x}}',
      '- {name: b, chart: c, labels: {tier: be, app: x}}',
      '- {name: c, chart: c, labels: {tier: be}}',
      '',
    ].join('\n'),
  };

  it('ANDs terms within one -l and ORs several -l', async () => {
    expect(names((await load(files, { selectors: ['tier=be,app=x'] })).state.selected)).toEqual(['b']);
    expect(names((await load(files, { selectors: ['tier=fe', 'name=c'] })).state.selected)).toEqual(['a', 'c']);
  });

  it('supports k!=v, where a missing label counts as different', async () => {
    expect(names((await load(files, { selectors: ['app!=x'] })).state.selected)).toEqual(['c']);
  });

  it('matches the automatic name label', async () => {
    expect(names((await load(files, { selectors: ['name=a'] })).state.selected)).toEqual(['a']);
  });

  it('fails with exit code 3 when nothing matches, unless allowed', async () => {
    const e = await loadError(files, { selectors: ['tier=db'] });
    expect(e.exitCode).toBe(3);
    const { state } = await load(files, { selectors: ['tier=db'], allowNoMatchingRelease: true });
    expect(state.selected).toEqual([]);
    expect(state.releases.every((r) => !r.matched)).toBe(true);
  });

  it('rejects a malformed selector', async () => {
    const e = await loadError(files, { selectors: ['tier'] });
    expect(e.message).toBe('malformed label: tier. Expected label in form k=v or k!=v');
  });
});

describe('needs', () => {
  const files = {
    'helmfile.yaml': [
      'releases:',
      '- {name: db, namespace: data, chart: c}',
      '- {name: cache, namespace: data, chart: c}',
      '- {name: api, namespace: app, chart: c, needs: [data/db, data/cache]}',
      '- {name: web, namespace: app, chart: c, needs: [api]}',
      '',
    ].join('\n'),
  };

  it('orders selected releases in waves, file order within a wave', async () => {
    const { state } = await load(files);
    const f = state.files[0];
    expect(f?.waves.map(names)).toEqual([['db', 'cache'], ['api'], ['web']]);
    expect(names(f?.selected ?? [])).toEqual(['db', 'cache', 'api', 'web']);
    expect(state.releases[3]?.needs).toEqual(['app/api']);
    expect(state.releases[3]?.spec.needs).toEqual(['app/api']);
  });

  it('leaves needs out by default, adds direct or transitive ones on request', async () => {
    expect(names((await load(files, { selectors: ['name=web'] })).state.selected)).toEqual(['web']);
    expect(names((await load(files, { selectors: ['name=web'], includeNeeds: true })).state.selected)).toEqual(['api', 'web']);
    expect(names((await load(files, { selectors: ['name=web'], includeTransitiveNeeds: true })).state.selected)).toEqual(['db', 'cache', 'api', 'web']);
  });

  it('spells out a cycle', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- {name: a, chart: c, needs: [b]}\n- {name: b, chart: c, needs: [a]}\n' });
    expect(e.message).toBe('needs cycle: a → b → a');
  });

  it('reports a need that matches no release, with a suggestion', async () => {
    const e = await loadError({ 'helmfile.yaml': 'releases:\n- {name: api, chart: c}\n- {name: web, chart: c, needs: [apii]}\n' });
    expect(e.message).toMatch(/release "web" depends on "apii" which does not match any release/);
    expect(e.hint).toBe('did you mean "api"?');
    expect(e.location?.line).toBe(3);
  });
});

describe('templates and inherit', () => {
  it('applies defaultInherit and inherit[].except (issue 2599, corpus input)', async () => {
    const state = await corpus('integration__issue-2599-default-inherit', 'test/integration/test-cases/issue-2599-default-inherit/input/helmfile.yaml');
    const [app1, app2] = state.releases;
    expect(app1?.namespace).toBe('default-ns');
    expect(app1?.labels.managed).toBe('true');
    expect(app1?.spec.values).toEqual(['common.yaml']);
    expect(app2?.labels.managed).toBeUndefined();
    expect(app2?.spec.values).toEqual(['common.yaml']);
    expect(app2?.spec.inherit).toBeUndefined();
  });

  it('fails for an inexistent template', async () => {
    const e = await loadError({ 'helmfile.yaml': 'defaultInherit: nonexistent\nreleases:\n- name: app1\n  chart: c\n' });
    expect(e.message).toBe('release "app1" tried to inherit inexistent release template "nonexistent"');
  });

  it('concatenates lists template-first and keeps template scalars (mergo without override)', async () => {
    const { state } = await load({
      'helmfile.yaml': 'templates:\n  t:\n    chart: tc\n    values: [t.yaml]\n    set: [{name: a, value: t}]\nreleases:\n- name: r\n  chart: rc\n  values: [r.yaml]\n  inherit: [{template: t}]\n',
    });
    const r = state.releases[0];
    expect(r?.spec.values).toEqual(['t.yaml', 'r.yaml']);
    expect(r?.chart).toBe('tc');
  });

  it('detects inheritance cycles', async () => {
    const e = await loadError({ 'helmfile.yaml': 'templates:\n  a: {inherit: [{template: b}]}\n  b: {inherit: [{template: a}]}\nreleases:\n- {name: r, chart: c, inherit: [{template: a}]}\n' });
    expect(e.message).toMatch(/cyclic inheritance detected: a->b->a/);
  });
});

describe('sub-helmfiles', () => {
  it('loads sub-helmfiles before the parent, with paths relative to the parent', async () => {
    const { state } = await load({
      'helmfile.yaml': 'helmfiles:\n- sub/one.yaml\n- path: sub/two.yaml\nreleases:\n- {name: parent, chart: c}\n',
      'sub/one.yaml': 'releases:\n- {name: one, chart: c}\n',
      'sub/two.yaml': 'releases:\n- {name: two, chart: c}\n',
    });
    expect(state.files.map((f) => f.path)).toEqual(['sub/one.yaml', 'sub/two.yaml', 'helmfile.yaml']);
    expect(names(state.selected)).toEqual(['one', 'two', 'parent']);
    expect(state.files[2]?.children).toEqual([0, 1]);
    expect(state.files[0]?.parent).toBe(2);
  });

  it('helmfiles[].selectors apply together with the CLI selectors (issue 2544, corpus input)', async () => {
    const f = 'test/integration/test-cases/issue-2544/input/helmfile.yaml';
    expect(names((await corpus('integration__issue-2544', f, { selectors: ['app=b'] })).selected)).toEqual(['release-b']);
    expect(names((await corpus('integration__issue-2544', f)).selected)).toEqual(['release-a', 'release-b', 'release-c']);
    expect(names((await corpus('integration__issue-2544', f, { selectors: ['app=a'] })).selected)).toEqual(['release-a']);
  });

  it('passes helmfiles[].values to the child, replacing its arrays (issue 2451)', async () => {
    const { state } = await load({
      'helmfile.yaml': 'helmfiles:\n- path: child.yaml\n  values:\n  - list:\n    - name: override1\n',
      'child.yaml': 'values:\n- defaults.yaml\n',
      'defaults.yaml': 'list:\n- name: default1\n- name: default2\n',
    });
    expect(state.files[0]?.environment.values).toEqual({ list: [{ name: 'override1' }] });
  });

  it('inherits the parent environment with inherits: [environments], transitively (corpus input)', async () => {
    const dir = 'test/integration/test-cases/inherits-subhelmfile/input';
    for (const f of ['helmfile-env.yaml', 'helmfile-transitive.yaml']) {
      const state = await corpus('integration__inherits-subhelmfile', `${dir}/${f}`);
      const leaf = state.files[0];
      expect(leaf?.environment.values).toEqual({ inheritedvalue: 'from-parent-env' });
      const vals = leaf?.releases[0]?.spec.values?.[0] as { templates: string[] };
      expect(vals.templates[0]).toContain('from-parent-env');
    }
  });

  it('rejects an unknown inherits key (corpus input)', async () => {
    const dir = 'test/integration/test-cases/inherits-subhelmfile/input';
    await expect(corpus('integration__inherits-subhelmfile', `${dir}/helmfile-bad-key.yaml`)).rejects.toThrow(/invalid inherits entry "bogusKey"/);
  });

  it('passes repositories down with inherits: [repositories]', async () => {
    const { state } = await load({
      'helmfile.yaml': 'repositories:\n- {name: incubator, url: "https://example.invalid/incubator"}\nhelmfiles:\n- path: child.yaml\n  inherits: [repositories]\n',
      'child.yaml': 'releases:\n- {name: r, chart: incubator/raw}\n',
    });
    expect(state.files[0]?.repositories.map((r) => r.name)).toEqual(['incubator']);
  });

  it('skips a sub-helmfile that does not define the environment and got no values', async () => {
    const { state } = await load(
      {
        'helmfile.yaml': 'environments:\n  test: {}\nhelmfiles:\n- prod.yaml\n- path: novals.yaml\n- path: vals.yaml\n  values: [{x: 1}]\n',
        'prod.yaml': 'environments:\n  prod: {}\n---\nreleases:\n- {name: p, chart: c}\n',
        'novals.yaml': 'releases:\n- {name: n, chart: c}\n',
        'vals.yaml': 'releases:\n- {name: v, chart: c}\n',
      },
      { environment: 'test' },
    );
    expect(state.files.map((f) => f.path)).toEqual(['vals.yaml', 'helmfile.yaml']);
  });

  it('warns on a missing sub-helmfile by default', async () => {
    const { state, deps } = await load({ 'helmfile.yaml': 'helmfiles:\n- missing.yaml\nreleases:\n- {name: r, chart: c}\n' });
    expect(names(state.releases)).toEqual(['r']);
    expect(deps.logs.some((l) => l.level === 'warn' && l.msg.includes('missing.yaml'))).toBe(true);
  });
});

describe('several root files (helmfile.d)', () => {
  it('skips files that do not define the environment when another one does', async () => {
    const { state } = await load(
      {
        'helmfile.d/a.yaml.gotmpl': 'environments:\n  prod: {}\n---\nreleases:\n- {name: a, chart: c}\n',
        'helmfile.d/b.yaml.gotmpl': 'environments:\n  dev:\n    values: [{x: 1}]\n---\nreleases:\n- {name: b, chart: c, labels: {x: "{{ .Values.x }}"}}\n',
      },
      { environment: 'prod', renderer: fieldRenderer() },
    );
    expect(names(state.releases)).toEqual(['a']);
  });

  it('fails when no file defines the environment', async () => {
    const e = await loadError(
      {
        'helmfile.d/a.yaml': 'environments:\n  dev: {}\n---\nreleases:\n- {name: a, chart: c}\n',
        'helmfile.d/b.yaml': 'environments:\n  qa: {}\n---\nreleases:\n- {name: b, chart: c}\n',
      },
      { environment: 'prod' },
    );
    expect(e.message).toMatch(/environment "prod" is not defined in any of helmfile.d\/a.yaml, helmfile.d\/b.yaml/);
    expect(e.hint).toBe('defined environments: dev, qa');
  });

  it('treats --skip-needs=false like --include-needs', async () => {
    const { state } = await load({ 'helmfile.yaml': 'releases:\n- {name: a, chart: c}\n- {name: b, chart: c, needs: [a]}\n' }, { selectors: ['name=b'], skipNeeds: false });
    expect(names(state.selected)).toEqual(['a', 'b']);
  });
});

describe('needs under --namespace', () => {
  it('resolves needs by the declared namespaces, then reports the overridden ids', async () => {
    const { state } = await load({ 'helmfile.yaml': 'releases:\n- {name: db, namespace: data, chart: c}\n- {name: api, namespace: app, chart: c, needs: [data/db]}\n' }, { namespace: 'ovr' });
    expect(state.releases.map((r) => r.id)).toEqual(['ovr/db', 'ovr/api']);
    expect(state.releases[1]?.needs).toEqual(['ovr/db']);
    expect(state.files[0]?.waves.map(names)).toEqual([['db'], ['api']]);
  });
});

describe('Helmfile selector details', () => {
  it('rejects empty values and odd characters like Helmfile', async () => {
    for (const bad of ['name=', 'name!=', 'a b=c']) {
      const e = await loadError({ 'helmfile.yaml': 'releases:\n- {name: a, chart: c}\n' }, { selectors: [bad] });
      expect(e.message).toBe(`malformed label: ${bad}. Expected label in form k=v or k!=v`);
    }
  });

  it('selects by the dir of the defining state file, by prefix', async () => {
    const files = {
      'helmfile.yaml': 'helmfiles:\n- apps/web/helmfile.yaml\n- infra/helmfile.yaml\nreleases:\n- {name: root, chart: c}\n',
      'apps/web/helmfile.yaml': 'releases:\n- {name: web, chart: c, labels: {dir: spoofed}}\n',
      'infra/helmfile.yaml': 'releases:\n- {name: db, chart: c}\n',
    };
    expect(names((await load(files, { selectors: ['dir=apps'] })).state.selected)).toEqual(['web']);
    expect(names((await load(files, { selectors: ['dir!=apps/web'] })).state.selected)).toEqual(['db', 'root']);
    expect(names((await load(files, { selectors: ['dir=spoofed'], allowNoMatchingRelease: true })).state.selected)).toEqual([]);
    const e = await loadError(files, { selectors: ['dir=../x'] });
    expect(e.message).toMatch(/escapes the root helmfile directory/);
  });

  it('skips a sub-helmfile whose own selectors conflict with the ones in force, and uses its own otherwise', async () => {
    const files = {
      'helmfile.yaml': 'helmfiles:\n- path: sub.yaml\n  selectors: [tier=be]\n',
      'sub.yaml': 'releases:\n- {name: api, chart: c, labels: {tier: be, app: x}}\n- {name: ui, chart: c, labels: {tier: fe, app: x}}\n',
    };
    expect(names((await load(files)).state.selected)).toEqual(['api']);
    expect(names((await load(files, { selectors: ['app=x'] })).state.selected)).toEqual(['api']);
    const { state, deps } = await load(files, { selectors: ['tier=fe'], allowNoMatchingRelease: true });
    expect(state.files.map((f) => f.path)).toEqual(['helmfile.yaml']);
    expect(deps.logs.some((l) => l.msg.includes('skipping sub.yaml'))).toBe(true);
  });
});
