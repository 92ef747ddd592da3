/**
 * Pure parts of `reconciler manifests` and of completion: which group/resources
 * a release's rendered manifests need (names as the API server serves them:
 * kubectl api-resources), and how completion reads the words typed so far.
 */
import { describe, expect, it } from '@jest/globals';
import { parseCompletionRequest, selectorCandidates, type CompletionFlag } from '../../src/cli/completion/request.js';
import { resourceOf, targetResources } from '../../src/reconciler/resources.js';

describe('targetResources', () => {
  it('maps kinds to their REST resources, by namespace and cluster-wide', () => {
    expect(['Deployment', 'Ingress', 'NetworkPolicy', 'Endpoints', 'ConfigMap', 'StorageClass', 'IngressClass'].map(resourceOf)).toEqual([
      'deployments', 'ingresses', 'networkpolicies', 'endpoints', 'configmaps', 'storageclasses', 'ingressclasses',
    ]);
    const t = targetResources([
      {
        namespace: 'apps',
        manifests: [
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}',
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: other}',
          'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: c}',
          'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Cluster, names: {kind: Widget, plural: widgetz}}',
          'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}',
        ].join('\n---\n'),
      },
    ]);
    expect(Object.fromEntries([...t.namespaced].map(([k, v]) => [k, [...v].sort()]))).toEqual({ apps: ['apps/deployments'], other: ['/configmaps'] });
    expect([...t.cluster].sort()).toEqual(['apiextensions.k8s.io/customresourcedefinitions', 'example.com/widgetz', 'rbac.authorization.k8s.io/clusterroles']);
  });
});

describe('completion words', () => {
  const globals: CompletionFlag[] = [
    { name: 'file', char: 'f', takesValue: true },
    { name: 'environment', char: 'e', takesValue: true },
    { name: 'selector', char: 'l', takesValue: true },
    { name: 'quiet', char: 'q', takesValue: false },
  ];
  const flagsOf = (c: string | undefined) => (c === 'status' ? [...globals, { name: 'output', takesValue: true, options: ['table', 'json'] }] : globals);
  const parse = (words: string[]) => parseCompletionRequest(words, ['status', 'diff', 'reconciler:manifests'], flagsOf);

  it('finds the command after global flags, the flag under the cursor and the loading flags', () => {
    expect(parse(['-e', 'prod', 'status', '--output', ''])).toMatchObject({ command: 'status', flag: 'output', value: '', environment: 'prod' });
    expect(parse(['reconciler', 'manifests', '-f', 'x.yaml', '-l', 'name=w'])).toMatchObject({ command: 'reconciler:manifests', flag: 'selector', value: 'name=w', file: 'x.yaml' });
    expect(parse(['diff', '--environment=st'])).toMatchObject({ flag: 'environment', value: 'st' });
    expect(parse(['diff', '-q', ''])).not.toHaveProperty('flag');
    expect(parse(['diff', '-e', 'prod', ''])).not.toHaveProperty('flag');
  });

  it('keeps the selector pairs typed before a comma', () => {
    expect(selectorCandidates('tier=web,name=', ['name=api', 'name=web', 'tier=web'])).toEqual(['tier=web,name=api', 'tier=web,name=web']);
  });
});
