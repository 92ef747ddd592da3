import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors/index.js';
import { parseManifest, resourceId, splitApiVersion } from '../../src/diff/manifest.js';
import { helmTemplate } from './helm-template.js';

describe('parseManifest on real helm template output', () => {
  const text = helmTemplate({ release: 'demo', namespace: 'demo', set: { 'widget.enabled': true, 'hooks.enabled': true } });
  const objs = parseManifest(text, { defaultNamespace: 'demo' });

  it('keys every object by group/kind/namespace/name, defaulting the release namespace', () => {
    expect(objs.map((o) => o.id).sort()).toEqual(
      [
        '/ConfigMap/demo/demo-config',
        '/ConfigMap/demo/demo-hook',
        '/Pod/demo/demo-test',
        '/Secret/demo/demo-credentials',
        '/Service/demo/demo',
        'apps/Deployment/demo/demo',
        'example.com/Widget/demo/demo-widget',
      ].sort(),
    );
    const dep = objs.find((o) => o.key.kind === 'Deployment')!;
    expect(dep.key).toEqual({ apiVersion: 'apps/v1', group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'demo' });
  });

  it('keeps the # Source comment and the hook annotation', () => {
    expect(objs.find((o) => o.key.kind === 'Deployment')!.source).toBe('webapp/templates/deployment.yaml');
    expect(objs.find((o) => o.key.name === 'demo-hook')!.hook).toBe('pre-install,pre-upgrade');
    expect(objs.find((o) => o.key.name === 'demo-test')!.hook).toBe('test');
    expect(objs.find((o) => o.key.name === 'demo-config')!.hook).toBeUndefined();
  });

  it('keeps an explicit namespace', () => {
    const o = parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: other}\n', { defaultNamespace: 'demo' });
    expect(o[0]!.key.namespace).toBe('other');
  });

  it('skips empty and comment-only documents and flattens List kinds', () => {
    const o = parseManifest(
      '---\n# Source: x/templates/empty.yaml\n---\n\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n',
      { defaultNamespace: 'ns' },
    );
    expect(o.map((x) => x.id)).toEqual(['/ConfigMap/ns/a', '/ConfigMap/ns/b']);
  });

  it('rejects invalid YAML and nameless objects with a UserError', () => {
    expect(() => parseManifest('a: [\n', { defaultNamespace: 'ns', origin: 'release ns/r' })).toThrow(UserError);
    expect(() => parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', { defaultNamespace: 'ns' })).toThrow(/metadata.name/);
  });

  it('reads scalars as helm does (go-yaml v2: YAML 1.1 octal and booleans, timestamps stay strings)', () => {
    const [o] = parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: {mode: 0644, hex: 0x1F, b1: yes, b0: no, date: 2001-12-14, time: 1:20, str: "0644"}\n', { defaultNamespace: 'ns' });
    expect(o!.object.x).toEqual({ mode: 420, hex: 31, b1: true, b0: false, date: '2001-12-14', time: '1:20', str: '0644' });
  });

  it('splits apiVersion and builds ids without the version', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('networking.k8s.io/v1')).toEqual({ group: 'networking.k8s.io', version: 'v1' });
    expect(resourceId({ group: 'apps', kind: 'Deployment', namespace: 'n', name: 'x' })).toBe('apps/Deployment/n/x');
  });
});
