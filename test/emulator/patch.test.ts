/**
 * Unit tests of the patch types: RFC 7386 merge patch, RFC 6902 JSON patch,
 * and strategic merge patch directives (apimachinery strategicpatch semantics).
 */
import { jsonPatch, mergePatch } from './patch-json.js';
import { strategicMergePatch } from './patch-strategic.js';

describe('merge patch (RFC 7386)', () => {
  it('merges objects, deletes on null and replaces lists', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
  it('replaces the whole document with a non-object patch', () => {
    expect(mergePatch({ a: 1 }, 'x')).toEqual('x');
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { 'a/b': 'x' } }, list: [1, 2, 3] };
  it('adds, removes, replaces, moves, copies with escaped pointers', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'remove', path: '/list/0' },
      { op: 'replace', path: '/metadata/labels/a~1b', value: 'y' },
      { op: 'copy', from: '/metadata/labels/a~1b', path: '/copied' },
      { op: 'move', from: '/copied', path: '/moved' },
      { op: 'test', path: '/moved', value: 'y' },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'a/b': 'y' } }, list: [2, 3, 4], moved: 'y' });
    expect(doc.list).toEqual([1, 2, 3]);
  });
  it('fails a test operation with 422', () => {
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 9 }])).toThrow(/test failed/);
  });
  it('refuses to replace a missing key, as jsonpatch does (T12)', () => {
    expect(() => jsonPatch({ metadata: {} }, [{ op: 'replace', path: '/metadata/managedFields', value: [] }])).toThrow(
      'replace operation does not apply: doc is missing key: /metadata/managedFields',
    );
  });
});

describe('strategic merge patch', () => {
  const dep = {
    spec: {
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27', env: [{ name: 'MESSAGE', value: 'a' }, { name: 'PASSWORD', value: 'b' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    },
    metadata: { finalizers: ['a'] },
  };

  it('merges keyed lists by their merge key and replaces atomic lists', () => {
    const out = strategicMergePatch(dep, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } }, 'Deployment');
    const cs = out.spec.template.spec.containers;
    expect(cs.map((c: any) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28', 'side=busybox']);
    expect(cs[0].env).toHaveLength(2);
  });

  it('honours $setElementOrder when re-adding an env var (helm 3 rollback body)', () => {
    const out = strategicMergePatch(
      dep,
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }],
              containers: [{ '$setElementOrder/env': [{ name: 'EXTRA' }, { name: 'MESSAGE' }, { name: 'PASSWORD' }], env: [{ name: 'EXTRA', value: '1' }], name: 'web' }],
            },
          },
        },
      },
      'Deployment',
    );
    expect(out.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['EXTRA', 'MESSAGE', 'PASSWORD']);
  });

  it('deletes list items and maps with $patch: delete, replaces with $patch: replace', () => {
    const out = strategicMergePatch(
      dep,
      { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }, { name: 'web', env: [{ name: 'MESSAGE', $patch: 'delete' }] }] } }, strategy: { $patch: 'replace', type: 'Recreate' } } },
      'Deployment',
    );
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(out.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['PASSWORD']);
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('applies $retainKeys, $deleteFromPrimitiveList and null deletion', () => {
    const out = strategicMergePatch(
      dep,
      { spec: { replicas: null, strategy: { $retainKeys: ['type'], type: 'Recreate' } }, metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      'Deployment',
    );
    expect(out.spec.replicas).toBeUndefined();
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.metadata.finalizers).toEqual([]);
  });

  it('replaces a list entirely with a {$patch: replace} item', () => {
    const out = strategicMergePatch(dep, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } }, 'Deployment');
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('merges Service ports by port and container ports by containerPort', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } };
    expect(strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, 'Service').spec.ports).toEqual([{ port: 80, targetPort: 9090, protocol: 'TCP' }]);
    const out = strategicMergePatch(dep, { spec: { template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }] } } } }, 'Deployment');
    expect(out.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });
});
