/**
 * Unit tests of server-side apply over the Api (no HTTP): ownership per
 * manager, FieldsV1, conflicts in apimachinery's wording (T11), force,
 * removal of fields a manager stopped applying, co-ownership, and writable
 * managedFields (T12).
 */
import { Api } from './api.js';
import { decodeFieldsV1, encodeFieldsV1, fieldSetOf, pathString } from './fieldset.js';
import { Registry } from './registry.js';
import { ApiError } from './status.js';
import { Store } from './store.js';

function setup() {
  const registry = new Registry();
  const store = new Store(registry);
  const api = new Api(store, registry);
  api.seed();
  const cm = registry.find('', 'v1', 'configmaps')!;
  const dep = registry.find('apps', 'v1', 'deployments')!;
  return { api, store, cm, dep };
}

const deployment = (replicas: number, env: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', labels: { app: 'd', ...extra } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'd' } },
    template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'web', image: 'nginx', env: env.map((name) => ({ name, value: name })) }] } },
  },
});

describe('server-side apply', () => {
  it('creates on first apply (201) and renders FieldsV1 with keyed list items', () => {
    const { api, dep } = setup();
    const r = api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['A']), { fieldManager: 'helm' });
    expect(r.code).toBe(201);
    const mf = r.object.metadata.managedFields;
    expect(mf).toHaveLength(1);
    expect(mf[0]).toMatchObject({ manager: 'helm', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    const web = mf[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'];
    expect(web['.']).toEqual({});
    expect(web['f:env']['k:{"name":"A"}']).toEqual({ '.': {}, 'f:name': {}, 'f:value': {} });
    expect(mf[0].fieldsV1['f:metadata']['f:name']).toBeUndefined();
    // metav1.LabelSelector is atomic: one leaf, not its labels.
    expect(mf[0].fieldsV1['f:spec']['f:selector']).toEqual({});
  });

  it('removes fields the manager no longer applies, keeping defaults and others', () => {
    const { api, dep } = setup();
    api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['EXTRA', 'A'], { extra: 'yes' }), { fieldManager: 'helm' });
    const r = api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(2, ['A']), { fieldManager: 'helm' });
    expect(r.object.metadata.labels).toEqual({ app: 'd' });
    expect(r.object.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['A']);
    expect(r.object.spec.template.spec.containers[0].terminationMessagePath).toBe('/dev/termination-log');
    expect(r.object.metadata.generation).toBe(2);
  });

  it('re-adding an item follows the applied order', () => {
    const { api, dep } = setup();
    api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['M', 'P']), { fieldManager: 'helm' });
    const r = api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['E', 'M', 'P']), { fieldManager: 'helm' });
    expect(r.object.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['E', 'M', 'P']);
  });

  it('conflicts with an updater of the scale subresource, in apimachinery wording; force steals', () => {
    const { api, dep } = setup();
    api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['A']), { fieldManager: 'helm' });
    api.patch(dep, 'default', 'd', 'application/merge-patch+json', { spec: { replicas: 5 } }, { fieldManager: 'kubectl' }, 'scale');
    let err: ApiError | undefined;
    try {
      api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['A']), { fieldManager: 'helm' });
    } catch (e) {
      err = e as ApiError;
    }
    expect(err?.code).toBe(409);
    expect(err?.message).toMatch(/^Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.replicas$/);
    expect(err?.toStatus().details.causes).toEqual([{ reason: 'FieldManagerConflict', message: expect.stringMatching(/^conflict with "kubectl" with subresource "scale"/), field: '.spec.replicas' }]);
    const forced = api.patch(dep, 'default', 'd', 'application/apply-patch+yaml', deployment(1, ['A']), { fieldManager: 'helm', force: true });
    expect(forced.object.spec.replicas).toBe(1);
    expect(forced.object.metadata.managedFields.map((m: any) => m.manager)).toEqual(['helm']);
  });

  it('groups several conflicts per manager', () => {
    const { api, cm } = setup();
    api.create(cm, 'default', { metadata: { name: 'c' }, data: { a: '1', b: '2' } }, { fieldManager: 'kubectl-client-side-apply' });
    try {
      api.patch(cm, 'default', 'c', 'application/apply-patch+yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x', b: 'y' } }, { fieldManager: 'kubectl' });
      throw new Error('expected a conflict');
    } catch (e) {
      expect((e as Error).message).toMatch(/^Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using v1 at \S+Z:\n- \.data\.a\n- \.data\.b$/);
    }
  });

  it('shares ownership when values agree; the field survives one manager dropping it', () => {
    const { api, cm } = setup();
    const body = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
    api.patch(cm, 'default', 'c', 'application/apply-patch+yaml', body({ a: '1', b: '2' }), { fieldManager: 'one' });
    api.patch(cm, 'default', 'c', 'application/apply-patch+yaml', body({ a: '1' }), { fieldManager: 'two' });
    const r = api.patch(cm, 'default', 'c', 'application/apply-patch+yaml', body({ c: '3' }), { fieldManager: 'one' });
    expect(r.object.data).toEqual({ a: '1', c: '3' });
  });

  it('dryRun=All computes but stores nothing and keeps the resourceVersion', () => {
    const { api, cm, store } = setup();
    const created = api.create(cm, 'default', { metadata: { name: 'c' }, data: { a: '1' } }, { fieldManager: 'm' });
    const rv = store.rv;
    const r = api.patch(cm, 'default', 'c', 'application/apply-patch+yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } }, { fieldManager: 'm', dryRun: true });
    expect(r.object.data).toEqual({ a: '1', b: '2' });
    expect(r.object.metadata.resourceVersion).toBe(created.object.metadata.resourceVersion);
    expect(store.rv).toBe(rv);
    expect(store.get(cm, 'default', 'c')!.obj.data).toEqual({ a: '1' });
  });

  it('managedFields are writable through JSON patch, with a resourceVersion precondition (T12)', () => {
    const { api, cm } = setup();
    const created = api.create(cm, 'default', { metadata: { name: 'c' }, data: { a: '1' } }, { fieldManager: 'kubectl-client-side-apply' });
    const entry = { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } };
    const stale = [{ op: 'replace', path: '/metadata/managedFields', value: [entry] }, { op: 'replace', path: '/metadata/resourceVersion', value: '1' }];
    expect(() => api.patch(cm, 'default', 'c', 'application/json-patch+json', stale, { fieldManager: 'kubectl' })).toThrow(/the object has been modified/);
    const ok = [{ op: 'replace', path: '/metadata/managedFields', value: [entry] }, { op: 'replace', path: '/metadata/resourceVersion', value: created.object.metadata.resourceVersion }];
    const r = api.patch(cm, 'default', 'c', 'application/json-patch+json', ok, { fieldManager: 'kubectl' });
    expect(r.object.metadata.managedFields).toEqual([entry]);
  });
});

describe('FieldsV1', () => {
  it('round-trips through encode/decode and prints conflict paths', () => {
    const set = fieldSetOf(
      { metadata: { name: 'x', labels: { a: '1' }, finalizers: ['f'] }, spec: { ports: [{ port: 80, protocol: 'TCP' }], selector: { a: '1' } } },
      { kind: 'Service' },
    );
    expect(decodeFieldsV1(encodeFieldsV1(set))).toEqual(set);
    expect(encodeFieldsV1(set)).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"f"': {} }, 'f:labels': { 'f:a': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } }, 'f:selector': {} },
    });
    expect(pathString(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).toBe('.spec.template.spec.containers[name="web"].image');
  });
});
