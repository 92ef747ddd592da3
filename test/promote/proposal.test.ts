/**
 * The `promotion:` key (schema and checks with file:line), the proposal (which
 * keys move with which release, only differences) and where each key is
 * written, over real releases files loaded by src/state.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { UserError } from '../../src/errors/index.js';
import { checkDirection, declarationFor, parseKeyPattern, promotionConfig } from '../../src/promote/config.js';
import { planEdits, sharedFiles } from '../../src/promote/edits.js';
import { guardProblems } from '../../src/promote/guard.js';
import { buildProposal } from '../../src/promote/proposal.js';
import { commitMessage, renderProposalTable } from '../../src/promote/report.js';
import { resolve } from 'node:path';
import type { EnvironmentValuesLayer, LoadedState } from '../../src/state/types.js';
import { treeLoader } from '../state/support.js';

const { load, loadError } = treeLoader();

const HELMFILE = `
promotion:
  environments: [dev, staging, prod]
  values:
    - apps.*.imageTag
    - charts.*.version
    - feature.flags
environments:
  dev:
    values: [env/common.yaml, env/dev.yaml]
  staging:
    values: [env/common.yaml, env/staging.yaml]
  prod:
    values: [env/common.yaml, env/prod.yaml, env/prod-extra.yaml.gotmpl]
---
releases:
  - name: web
    namespace: apps
    chart: ./chart
  - name: api
    namespace: apps
    chart: ./chart
`;

const FILES = {
  'helmfile.yaml': HELMFILE,
  'env/common.yaml': 'apps:\n  web:\n    imageTag: "1.0"\n  api:\n    imageTag: "1.0"\nfeature:\n  flags: [a]\n',
  'env/dev.yaml': 'apps:\n  web:\n    imageTag: "2.0"\n  api:\n    imageTag: "2.1"\n  worker:\n    imageTag: "9"\ncharts:\n  demo:\n    version: 0.2.0\nfeature:\n  flags: [a, b]\n',
  'env/staging.yaml': '# staging\napps:\n  web:\n    imageTag: "1.5"\n',
  'env/prod.yaml': '# prod\napps: {}\n',
  'env/prod-extra.yaml.gotmpl': 'apps:\n  api:\n    imageTag: {{ "1.0" | quote }}\n',
};

async function both(files: Record<string, string>, from: string, to: string, selectors?: string[]) {
  const layers: Record<string, EnvironmentValuesLayer[]> = { [from]: [], [to]: [] };
  const t = await load(files, { environment: to, ...(selectors ? { selectors } : {}), traceEnvironmentValues: (l) => layers[to]!.push(l) });
  const { loadState } = await import('../../src/state/load.js');
  const s: LoadedState = await loadState({ environment: from, ...(selectors ? { selectors } : {}), traceEnvironmentValues: (l) => layers[from]!.push(l) }, t.deps);
  return { target: t.state, source: s, root: t.root, deps: t.deps, layers };
}

describe('promotion: in the releases file', () => {
  it('an unknown key gets did-you-mean with file:line', async () => {
    const e = await loadError({ 'helmfile.yaml': 'promotion:\n  environments: [a, b]\n  value: [x]\n' });
    expect(e.render()).toMatch(/^helmfile.yaml:3:3: unknown key "value" in promotion\nhint: did you mean "values"\?/);
  });
  it('a wrong type names the file and line', async () => {
    const e = await loadError({ 'helmfile.yaml': 'promotion:\n  environments: dev\n' });
    expect(e.render()).toMatch(/^helmfile.yaml:2:3: promotion.environments must be a list of strings/);
  });
  it('an environment of the order that is not defined: its line and did-you-mean', async () => {
    const { state } = await load({ 'helmfile.yaml': 'promotion:\n  environments: [dev, prdo]\n  values: [a]\nenvironments:\n  dev: {}\n  prod: {}\n' }, { environment: 'dev' });
    const err = (() => {
      try {
        promotionConfig(declarationFor(state, 0), state, 'helmfile.yaml');
      } catch (e) {
        return e as UserError;
      }
    })()!;
    expect(err.render()).toBe('helmfile.yaml:2:23: promotion.environments: environment "prdo" is not defined\nhint: did you mean "prod"? defined environments: dev, prod');
  });
  it('a file without promotion: says which key to add, with an example', async () => {
    const { state } = await load({ 'helmfile.yaml': 'environments:\n  dev: {}\n' }, { environment: 'dev' });
    expect(() => promotionConfig(declarationFor(state, 0), state, 'helmfile.yaml')).toThrow(/has no promotion: key/);
    try {
      promotionConfig(undefined, state, 'helmfile.yaml');
    } catch (e) {
      expect((e as UserError).hint).toMatch(/promotion:\n {2}environments: \[dev, staging, prod\]/);
    }
  });
  it('key patterns: dots, quoted keys, list indexes; bad ones are refused', () => {
    expect(parseKeyPattern('apps.*.imageTag', { file: 'f' }).map((s) => ('literal' in s ? s.literal : s.text))).toEqual(['apps', '*', 'imageTag']);
    expect(parseKeyPattern('a."b.c"[0].d', { file: 'f' }).map((s) => ('literal' in s ? s.literal : s.text))).toEqual(['a', 'b.c', '0', 'd']);
    expect(() => parseKeyPattern('a..b', { file: 'f', line: 3 })).toThrow(/empty key between dots/);
    expect(() => parseKeyPattern('a.', { file: 'f' })).toThrow(/ends with a dot/);
  });
  it('direction: after the source is fine (skipping too), backwards needs --force, outside the order never', async () => {
    const { state } = await load(FILES, { environment: 'prod' });
    const c = promotionConfig(declarationFor(state, 0), state, 'helmfile.yaml');
    expect(checkDirection(c, 'dev', 'prod', false)).toEqual({ backwards: false });
    expect(() => checkDirection(c, 'prod', 'dev', false)).toThrow(/dev comes before prod/);
    expect(checkDirection(c, 'prod', 'dev', true)).toEqual({ backwards: true });
    expect(() => checkDirection(c, 'qa', 'prod', true)).toThrow(/"qa" is not in promotion.environments \(dev, staging, prod\)/);
  });
});

describe('the proposal', () => {
  it('only differences; a glob matching a release ties the key to it; other keys move with every release', async () => {
    const { source, target } = await both(FILES, 'dev', 'staging');
    const p = buildProposal({ config: promotionConfig(declarationFor(target, 0), target, 'helmfile.yaml'), source, target });
    expect(p.items.map((i) => [i.release ?? '*', i.key, i.value, i.currentSet ? i.current : '(unset)'])).toEqual([
      ['api', 'apps.api.imageTag', '2.1', '1.0'],
      ['web', 'apps.web.imageTag', '2.0', '1.5'],
      // worker is not a release: its key moves with every promotion, as charts.demo.version does.
      ['*', 'apps.worker.imageTag', '9', '(unset)'],
      ['*', 'charts.demo.version', '0.2.0', '(unset)'],
      ['*', 'feature.flags', ['a', 'b'], ['a']],
    ]);
  });
  it('promotion.releases ties keys whose path does not name the release', async () => {
    const files = {
      ...FILES,
      'helmfile.yaml': HELMFILE.replace('    - feature.flags\n', '    - feature.flags\n  releases:\n    web:\n      values: [frontend.bundle]\n'),
      'env/dev.yaml': FILES['env/dev.yaml'] + 'frontend:\n  bundle: b2\n',
    };
    const { source, target } = await both(files, 'dev', 'staging');
    const config = promotionConfig(declarationFor(target, 0), target, 'helmfile.yaml');
    expect(buildProposal({ config, source, target }).items.find((i) => i.key === 'frontend.bundle')?.release).toBe('web');
    expect(buildProposal({ config, source, target, only: ['api'] }).items.map((i) => i.key)).not.toContain('frontend.bundle');
  });
  it('positional releases and -l narrow what moves; a name selected nowhere exits 3', async () => {
    const { source, target } = await both(FILES, 'dev', 'staging');
    const config = promotionConfig(declarationFor(target, 0), target, 'helmfile.yaml');
    expect(buildProposal({ config, source, target, only: ['web'] }).items.map((i) => i.key)).toEqual(['apps.web.imageTag', 'apps.worker.imageTag', 'charts.demo.version', 'feature.flags']);
    const l = await both(FILES, 'dev', 'staging', ['name=api']);
    expect(buildProposal({ config, source: l.source, target: l.target }).items.map((i) => i.key)).toEqual(['apps.api.imageTag', 'apps.worker.imageTag', 'charts.demo.version', 'feature.flags']);
    try {
      buildProposal({ config, source, target, only: ['nope'] });
      throw new Error('no error');
    } catch (e) {
      expect((e as UserError).exitCode).toBe(3);
    }
  });
  it('the table and the commit message list release, key, source value and the target value', async () => {
    const changes = [
      { release: 'web', key: 'apps.web.imageTag', before: '1.5', after: '2.0', file: 'env/staging.yaml', selected: true },
      { key: 'charts.demo.version', before: undefined, after: '0.2.0', file: 'env/staging.yaml', selected: true },
      { release: 'api', key: 'apps.api.imageTag', before: '1.0', after: '2.1', file: 'env/staging.yaml', selected: false },
    ];
    expect(renderProposalTable({ from: 'dev', to: 'staging', changes }, (s) => s)).toBe(
      [
        'RELEASE        \tKEY                \tDEV (PROMOTED)\tSTAGING (NOW)\tFILE',
        'web            \tapps.web.imageTag  \t2.0           \t1.5          \tenv/staging.yaml',
        '(every release)\tcharts.demo.version\t0.2.0         \t(unset)      \tenv/staging.yaml',
        'api            \tapps.api.imageTag  \t2.1           \t1.0          \tenv/staging.yaml',
        '',
      ].join('\n'),
    );
    expect(commitMessage({ from: 'dev', to: 'staging', changes }, (s) => s)).toBe(
      'promote dev -> staging: web, (every release)\n\n- web: apps.web.imageTag 1.5 -> 2.0\n- (every release): charts.demo.version (unset) -> 0.2.0\n',
    );
  });
});

describe('where each key is written', () => {
  it('the last file that sets it; else the last plain file of the target alone; never a file another environment loads', async () => {
    const { source, target, root, deps, layers } = await both(FILES, 'dev', 'staging');
    const config = promotionConfig(declarationFor(target, 0), target, 'helmfile.yaml');
    const p = buildProposal({ config, source, target });
    const plan = planEdits({ items: p.items, target, layers: layers.staging!, sharedWith: sharedFiles(target, layers.dev!, 'dev', resolve), fs: deps.fs });
    // web's tag is set in staging.yaml; api's only in common.yaml, which dev loads too: it goes to staging.yaml, after it.
    expect([...plan.targets.values()].map((t) => t.display)).toEqual(Array(5).fill('env/staging.yaml'));
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]!.absPath).toBe(join(root, 'env/staging.yaml'));
    expect(plan.files[0]!.after).toBe('# staging\napps:\n  web:\n    imageTag: "2.0"\n  api:\n    imageTag: "2.1"\n  worker:\n    imageTag: "9"\ncharts:\n  demo:\n    version: 0.2.0\nfeature:\n  flags:\n    - a\n    - b\n');
  });
  it('a key a .gotmpl values file produces is refused, naming the file and line', async () => {
    const { source, target, deps, layers } = await both(FILES, 'dev', 'prod');
    const p = buildProposal({ config: promotionConfig(declarationFor(target, 0), target, 'helmfile.yaml'), source, target, only: ['api'] });
    try {
      planEdits({ items: p.items, target, layers: layers.prod!, sharedWith: sharedFiles(target, layers.dev!, 'dev', resolve), fs: deps.fs });
      throw new Error('no error');
    } catch (e) {
      expect((e as UserError).render()).toMatch(/^env\/prod-extra.yaml.gotmpl:3: apps.api.imageTag of environment prod is produced by a template/);
    }
  });
  it('a key set only in a shared file, with no file of the target alone after it, is refused', async () => {
    const files = { ...FILES, 'helmfile.yaml': HELMFILE.replace('[env/common.yaml, env/staging.yaml]', '[env/staging.yaml, env/common.yaml]') };
    const { source, target, deps, layers } = await both(files, 'dev', 'staging');
    const p = buildProposal({ config: promotionConfig(declarationFor(target, 0), target, 'helmfile.yaml'), source, target, only: ['api'] });
    expect(() => planEdits({ items: p.items.filter((i) => i.release === 'api'), target, layers: layers.staging!, sharedWith: sharedFiles(target, layers.dev!, 'dev', resolve), fs: deps.fs })).toThrow(
      /apps.api.imageTag of environment staging is set in env\/common.yaml, which dev, prod also load/,
    );
  });
});

describe('the guard', () => {
  const record = (status: string, revision = 1) => ({ name: 'web', namespace: 'apps', revision, status, chart: { name: 'c', version: '1' }, config: {}, manifest: '', hooksManifest: '', labels: {}, storage: 'secret' as const });
  it('deployed and in sync passes; not deployed, failed, pending diff and drift are each a reason', () => {
    const clean = { release: { name: 'web', namespace: 'apps' }, desired: true, resources: [], summary: { added: 0, removed: 0, changed: 0, unchanged: 3, drifted: 0, suppressed: 0 }, hasChanges: false };
    const key = { apiVersion: 'apps/v1', group: 'apps', kind: 'Deployment', namespace: 'apps', name: 'web' };
    const drifted = {
      ...clean,
      hasChanges: true,
      resources: [{ id: 'apps/Deployment/apps/web', key, change: 'unchanged' as const, fields: [], beforeText: '', afterText: '', suppressed: false, ignored: [], containsSecrets: false, drift: { state: 'changed' as const, fields: [{ path: '/spec/replicas', op: 'replace' as const, before: 3, after: 1 }], liveText: '', desiredText: '' } }],
    };
    expect(guardProblems([{ id: 'apps/web', installed: true, record: record('deployed'), diff: clean }], 'dev')).toEqual([]);
    expect(guardProblems([{ id: 'apps/web', installed: true }], 'dev')[0]!.reason).toMatch(/not deployed in dev's cluster/);
    expect(guardProblems([{ id: 'apps/web', installed: true, record: record('failed', 4), diff: clean }], 'dev')[0]!.reason).toBe('revision 4 is failed, not deployed');
    expect(guardProblems([{ id: 'apps/web', installed: true, record: record('deployed'), diff: drifted }], 'dev')[0]!.reason).toBe("drift: Deployment apps/web (/spec/replicas) differs live from dev's file");
  });
});
