import { parse } from 'yaml';
import { buildDocument } from '../../src/app/build-yaml.js';
import type { LoadedStateFile, Release } from '../../src/state/types.js';

function release(over: Partial<Release>): Release {
  return {
    id: 'ns/a', name: 'a', namespace: 'ns', chart: 'repo/c', version: '1.0.0', kubeContext: '', installed: true,
    labels: { name: 'a', namespace: 'ns', chart: 'c' }, needs: [], spec: { name: 'a', chart: 'repo/c', version: '1.0.0' },
    source: { file: 'helmfile.yaml', absFile: '/w/helmfile.yaml', line: 1 }, baseDir: '/w', fileIndex: 0, index: 0, ...over,
  } as Release;
}

const file = {
  path: 'helmfile.yaml', filePath: 'helmfile.yaml', absPath: '/w/helmfile.yaml', dir: '/w',
  spec: { repositories: [{ name: 'repo', url: 'https://r' }] },
  environment: { name: 'default', kubeContext: '', values: { b: 1, a: { z: 1, y: 2 } } },
} as unknown as LoadedStateFile;

describe('buildDocument', () => {
  it("prints Helmfile's header, struct field order and sorted maps", () => {
    const text = buildDocument(file, [release({})]);
    expect(text.startsWith('---\n#  Source: /w/helmfile.yaml\n\nfilepath: helmfile.yaml\nhelmBinary: helm\nkustomizeBinary: kustomize\nrepositories:\n')).toBe(true);
    // chart, version before name, namespace, labels (ReleaseSpec order); labels sorted.
    expect(text).toContain('releases:\n  - chart: repo/c\n    version: 1.0.0\n    name: a\n    namespace: ns\n    labels:\n      chart: c\n      name: a\n      namespace: ns\n');
    expect(text).toContain('templates: {}\nrenderedvalues:\n  a:\n    y: 2\n    z: 1\n  b: 1\n');
  });

  it('keeps labels with an empty namespace and indents sequences the go-yaml v2 way when asked', () => {
    const text = buildDocument(file, [release({ namespace: '', labels: { name: 'a', namespace: '' } })], { yamlV2: true });
    expect(text).toContain('releases:\n- chart: repo/c\n');
    expect(text).toContain('  labels:\n    name: a\n    namespace: ""\n');
    expect(parse(text.split('\n').slice(3).join('\n')).releases[0].namespace).toBeUndefined();
  });
});
