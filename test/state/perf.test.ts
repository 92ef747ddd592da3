import { afterAll, describe, expect, it } from '@jest/globals';
import { loadState } from '../../src/state/index.js';
import { cleanupTree, identityRenderer, testDeps, tree } from './support.js';

/** A plain-YAML state with `n` releases across 20 environments, some needs and labels. */
function bigState(n: number): string {
  const lines = ['environments:'];
  for (let e = 0; e < 20; e++) lines.push(`  env${e}:`, '    values:', `    - {idx: ${e}, name: env${e}}`);
  lines.push('---', 'templates:', '  base:', '    chart: repo/app', '    values: [{common: true}]', 'releases:');
  for (let i = 0; i < n; i++) {
    lines.push(`- name: rel${i}`, `  namespace: ns${i % 10}`, '  inherit: [{template: base}]', `  labels: {tier: t${i % 5}}`);
    if (i % 3 === 2) lines.push(`  needs: [ns${(i - 1) % 10}/rel${i - 1}]`);
  }
  return lines.join('\n') + '\n';
}

/** The same in a .gotmpl with part templates and a release template per release. */
function bigTemplatedState(n: number): string {
  const lines = ['environments:'];
  for (let e = 0; e < 20; e++) lines.push(`  env${e}:`, '    values:', `    - {idx: ${e}, name: env${e}}`);
  lines.push('---', 'templates:', '  base:', '    chart: repo/{{`{{ .Release.Name }}`}}', '    values: [{common: "{{ .Values.name }}"}]', 'releases:');
  for (let i = 0; i < n; i++) lines.push(`- name: rel${i}`, '  namespace: ns{{ .Values.idx }}', '  inherit: [{template: base}]', `  labels: {tier: t${i % 5}}`);
  return lines.join('\n') + '\n';
}

/** Large states load correctly; their speed is `npm run bench`'s business, not asserted here. */
describe('large states', () => {
  const root = tree({ 'helmfile.yaml': bigState(1000) });
  const troot = tree({ 'helmfile.yaml.gotmpl': bigTemplatedState(1000) });
  afterAll(() => {
    cleanupTree(root);
    cleanupTree(troot);
  });

  it('loads and selects 1,000 releases / 20 environments', async () => {
    const deps = testDeps(root);
    const state = await loadState({ environment: 'env7', selectors: ['tier=t1', 'tier=t2'], includeNeeds: true, renderer: identityRenderer }, deps);
    expect(state.releases).toHaveLength(1000);
    expect(state.selected.length).toBeGreaterThan(400);
    expect(state.files[0]?.environment.values).toEqual({ idx: 7, name: 'env7' });
  });

  it('renders a 1,000-release .gotmpl with release templates', async () => {
    const deps = testDeps(troot);
    const state = await loadState({ environment: 'env7', selectors: ['tier=t1'] }, deps);
    expect(state.releases[3]?.chart).toBe('repo/rel3');
    expect(state.releases[3]?.namespace).toBe('ns7');
    expect(state.selected).toHaveLength(200);
  });
});

