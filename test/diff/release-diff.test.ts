import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors/index.js';
import { computeReleaseDiff, liveTargets } from '../../src/diff/release-diff.js';
import type { JsonObject } from '../../src/diff/manifest.js';
import { helmTemplate } from './helm-template.js';
import { liveFrom, storedFrom } from './fixtures.js';

const release = { name: 'demo', namespace: 'demo' };
const desiredOf = (set: Record<string, string | number | boolean> = {}) => helmTemplate({ release: 'demo', namespace: 'demo', set });

describe('computeReleaseDiff: desired vs stored', () => {
  it('reports nothing when desired renders what helm stored', () => {
    const d = computeReleaseDiff({ release, desiredManifest: desiredOf(), stored: storedFrom() });
    expect(d.hasChanges).toBe(false);
    expect(d.resources).toEqual([]);
    expect(d.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 4, drifted: 0, suppressed: 0 });
    expect(d.stored).toEqual({ revision: 1, status: 'deployed', chart: 'webapp', chartVersion: '0.1.0', appVersion: '1.0' });
  });

  it('lists changed fields as JSON pointers', () => {
    const d = computeReleaseDiff({ release, desiredManifest: desiredOf({ replicaCount: 3, message: 'bye' }), stored: storedFrom() });
    expect(d.hasChanges).toBe(true);
    expect(d.resources.map((r) => [r.id, r.change])).toEqual([
      ['/ConfigMap/demo/demo-config', 'changed'],
      ['apps/Deployment/demo/demo', 'changed'],
    ]);
    const dep = d.resources[1]!;
    expect(dep.fields.map((f) => f.path)).toEqual(['/spec/replicas', '/spec/template/metadata/annotations/checksum~1config']);
    expect(dep.fields[0]).toEqual({ path: '/spec/replicas', op: 'replace', before: 1, after: 3 });
    expect(dep.source).toBe('webapp/templates/deployment.yaml');
    expect(d.resources[0]!.fields).toEqual([{ path: '/data/message', op: 'replace', before: 'hello', after: 'bye' }]);
  });

  it('reports added and removed objects, custom resources included', () => {
    const d = computeReleaseDiff({ release, desiredManifest: desiredOf({ 'service.enabled': false, 'widget.enabled': true }), stored: storedFrom() });
    expect(d.resources.map((r) => [r.id, r.change])).toEqual([
      ['/Service/demo/demo', 'removed'],
      ['example.com/Widget/demo/demo-widget', 'added'],
    ]);
    expect(d.resources[1]!.afterText).toContain('size: 3');
    expect(d.resources[1]!.beforeText).toBe('');
    expect(d.summary).toMatchObject({ added: 1, removed: 1, unchanged: 3 });
  });

  it('treats a release that is not installed as all added, and an uninstall as all removed', () => {
    const install = computeReleaseDiff({ release, desiredManifest: desiredOf() });
    expect(install.resources.every((r) => r.change === 'added')).toBe(true);
    expect(install.summary.added).toBe(4);
    expect(install.stored).toBeUndefined();
    const uninstall = computeReleaseDiff({ release, stored: storedFrom() });
    expect(uninstall.desired).toBe(false);
    expect(uninstall.summary.removed).toBe(4);
    expect(uninstall.hasChanges).toBe(true);
    const gone = computeReleaseDiff({ release, stored: { ...storedFrom(), status: 'uninstalled' } });
    expect(gone.hasChanges).toBe(false);
  });

  it('compares hooks with the stored hooks, leaves test hooks out unless asked, and skips hooks with noHooks', () => {
    const stored = storedFrom({ 'hooks.enabled': true });
    const desired = desiredOf({ 'hooks.enabled': true, 'hooks.note': 'changed-note', 'service.port': 8080 });
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored });
    const ids = d.resources.map((r) => r.id);
    expect(ids).toContain('/ConfigMap/demo/demo-hook');
    expect(d.resources.find((r) => r.id === '/ConfigMap/demo/demo-hook')!.hook).toBe('pre-install,pre-upgrade');
    expect(ids).not.toContain('/Pod/demo/demo-test');
    const withTests = computeReleaseDiff({ release, desiredManifest: desired, stored }, { includeTests: true });
    expect(withTests.resources.map((r) => r.id)).toContain('/Pod/demo/demo-test');
    const noHooks = computeReleaseDiff({ release, desiredManifest: desired, stored }, { noHooks: true });
    expect(noHooks.resources.map((r) => r.id)).toEqual(['/Service/demo/demo']);
  });

  it('refuses a chart that renders the same object twice', () => {
    const one = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
    expect(() => computeReleaseDiff({ release, desiredManifest: `${one}---\n${one}` })).toThrow(UserError);
  });
});

describe('ignoreDiffs and --suppress', () => {
  const stored = storedFrom();
  const desired = desiredOf({ replicaCount: 5 });

  it('ignored fields neither show nor count as a change', () => {
    const rules = [{ kind: 'deployment', jsonPointers: ['/spec/replicas'] }];
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored }, { ignoreDiffs: rules });
    expect(d.hasChanges).toBe(false);
    expect(d.resources).toEqual([]);
  });

  it('records which rule hid something when other fields still changed', () => {
    const rules = [{ kind: 'Deployment', group: 'apps', name: 'demo', jsonPointers: ['/spec/replicas'] }];
    const d = computeReleaseDiff({ release, desiredManifest: desiredOf({ replicaCount: 5, 'image.tag': '1.28' }), stored }, { ignoreDiffs: rules });
    const dep = d.resources[0]!;
    expect(dep.fields.map((f) => f.path)).toEqual(['/spec/template/spec/containers/0/image']);
    expect(dep.ignored).toEqual(['/spec/replicas']);
    expect(dep.beforeText).not.toContain('replicas');
  });

  it('wildcard segments match any key or index; rules for other objects do not apply', () => {
    const img = desiredOf({ 'image.tag': '1.28' });
    const d1 = computeReleaseDiff({ release, desiredManifest: img, stored }, { ignoreDiffs: [{ kind: 'Deployment', jsonPointers: ['/spec/template/spec/containers/*/image'] }] });
    expect(d1.hasChanges).toBe(false);
    const d2 = computeReleaseDiff({ release, desiredManifest: img, stored }, { ignoreDiffs: [{ kind: 'Deployment', name: 'other', jsonPointers: ['/spec/template/spec/containers/*/image'] }] });
    expect(d2.hasChanges).toBe(true);
  });

  it('suppressOutputLineRegex drops matching lines; an object with nothing else changed is unchanged', () => {
    const bumped = desiredOf({ 'image.tag': '1.28' });
    const d = computeReleaseDiff({ release, desiredManifest: bumped, stored }, { suppressOutputLineRegex: ['image: nginx:'] });
    expect(d.hasChanges).toBe(false);
    const both = computeReleaseDiff({ release, desiredManifest: desiredOf({ 'image.tag': '1.28', replicaCount: 4 }), stored }, { suppressOutputLineRegex: ['image: nginx:'] });
    expect(both.resources[0]!.afterText).toContain('replicas: 4');
    expect(both.resources[0]!.afterText).not.toContain('image:');
    const base = desiredOf();
    const live = liveFrom(base);
    ((live.get('apps/Deployment/demo/demo') as JsonObject & { spec: { template: { spec: { containers: JsonObject[] } } } }).spec.template.spec.containers[0]!).image = 'nginx:other';
    expect(computeReleaseDiff({ release, desiredManifest: base, stored, live }).hasChanges).toBe(true);
    expect(computeReleaseDiff({ release, desiredManifest: base, stored, live }, { suppressOutputLineRegex: ['image: nginx:'] }).hasChanges).toBe(false);
  });

  it('suppressed kinds stay in the data but do not count', () => {
    const d = computeReleaseDiff({ release, desiredManifest: desiredOf({ message: 'bye' }), stored }, { suppressKinds: ['configmap', 'Deployment'] });
    expect(d.hasChanges).toBe(false);
    expect(d.summary.suppressed).toBe(2);
    expect(d.resources.every((r) => r.suppressed)).toBe(true);
  });
});

describe('drift of live objects from desired', () => {
  const desired = desiredOf();
  const stored = storedFrom();

  it('ignores status, server metadata, helm annotations and server defaults', () => {
    const live = liveFrom(desired);
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored, live });
    expect(d.hasChanges).toBe(false);
    expect(d.summary.drifted).toBe(0);
  });

  it('reports a live field changed by hand, with the live value as before', () => {
    const live = liveFrom(desired);
    const dep = live.get('apps/Deployment/demo/demo') as JsonObject & { spec: JsonObject };
    dep.spec.replicas = 4;
    const cm = live.get('/ConfigMap/demo/demo-config') as JsonObject & { data: JsonObject };
    cm.data.message = 'edited';
    cm.data.extra = 'added by someone';
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored, live });
    expect(d.hasChanges).toBe(true);
    expect(d.summary.drifted).toBe(2);
    const r = d.resources.find((x) => x.id === 'apps/Deployment/demo/demo')!;
    expect(r.change).toBe('unchanged');
    expect(r.drift!.state).toBe('changed');
    expect(r.drift!.fields).toEqual([{ path: '/spec/replicas', op: 'replace', before: 4, after: 1 }]);
    expect(r.drift!.liveText).toContain('replicas: 4');
    expect(r.drift!.liveText).not.toContain('uid');
    // A key someone added live is not drift: only desired fields are compared.
    expect(d.resources.find((x) => x.id === '/ConfigMap/demo/demo-config')!.drift!.fields.map((f) => f.path)).toEqual(['/data/message']);
  });

  it('reports a deleted object as missing, and drift counts only when asked', () => {
    const live = liveFrom(desired);
    live.set('/Service/demo/demo', null);
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored, live });
    expect(d.resources.map((r) => [r.id, r.drift?.state])).toEqual([['/Service/demo/demo', 'missing']]);
    expect(d.hasChanges).toBe(true);
    expect(computeReleaseDiff({ release, desiredManifest: desired, stored, live }, { driftCountsAsChange: false }).hasChanges).toBe(false);
  });

  it('matches named list elements by name and compares quantities canonically', () => {
    const withRes = desired.replace('image: "nginx:1.27"', 'image: "nginx:1.27"\n          resources:\n            limits: {cpu: 0.5, memory: 1024Mi}');
    const live = liveFrom(withRes);
    const dep = live.get('apps/Deployment/demo/demo') as JsonObject & { spec: { template: { spec: { containers: JsonObject[] } } } };
    const c = dep.spec.template.spec.containers;
    c[0]!.resources = { limits: { cpu: '500m', memory: '1Gi' } };
    c.unshift({ name: 'istio-proxy', image: 'proxy' }); // injected sidecar, first in the list
    const d = computeReleaseDiff({ release, desiredManifest: withRes, stored: { ...stored, manifest: withRes }, live });
    expect(d.resources).toEqual([]);
  });

  it('zero values the server omits (empty string, false, 0, {}) are not drift', () => {
    const withZeros = desired.replace('              containerPort: 80', '              containerPort: 80\n              hostPort: 0').replace("          env:\n", "          env:\n            - name: EMPTY\n              value: \"\"\n").replace('      containers:', '      hostNetwork: false\n      nodeSelector: {}\n      containers:');
    expect(withZeros).toContain('hostNetwork: false');
    expect(withZeros).toContain('value: ""');
    const live = liveFrom(desired);
    const dep = live.get('apps/Deployment/demo/demo') as JsonObject & { spec: { template: { spec: { containers: { env: JsonObject[] }[] } } } };
    dep.spec.template.spec.containers[0]!.env.unshift({ name: 'EMPTY' });
    const d = computeReleaseDiff({ release, desiredManifest: withZeros, stored: { ...stored, manifest: withZeros }, live });
    expect(d.resources).toEqual([]);
  });

  it('folds a desired Secret stringData into data before comparing', () => {
    const live = liveFrom(desired);
    const sec = live.get('/Secret/demo/demo-credentials') as JsonObject & { data: JsonObject };
    expect(sec.data.username).toBe(Buffer.from('admin').toString('base64'));
    expect(computeReleaseDiff({ release, desiredManifest: desired, stored, live }).resources).toEqual([]);
    sec.data.username = Buffer.from('root').toString('base64');
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored, live });
    expect(d.resources[0]!.drift!.fields).toEqual([{ path: '/data/username', op: 'replace', before: '<secret: 4 bytes>', after: '<secret: 5 bytes, changed>', masked: true }]);
    expect(d.resources[0]!.containsSecrets).toBe(true);
  });

  it('a pending upgrade is a change, not drift; a live edit on top of it is drift', () => {
    const live = liveFrom(desired); // live = what helm applied (replicas 1, nginx:1.27)
    const next = desiredOf({ replicaCount: 3 });
    const d = computeReleaseDiff({ release, desiredManifest: next, stored, live });
    const dep = d.resources.find((r) => r.id === 'apps/Deployment/demo/demo')!;
    expect(dep.change).toBe('changed');
    expect(dep.drift!.state).toBe('in-sync');
    expect(d.summary.drifted).toBe(0);
    const c = (live.get('apps/Deployment/demo/demo') as JsonObject & { spec: { template: { spec: { containers: JsonObject[] } } } }).spec.template.spec.containers;
    c[0]!.image = 'nginx:hacked';
    const d2 = computeReleaseDiff({ release, desiredManifest: next, stored, live });
    const dep2 = d2.resources.find((r) => r.id === 'apps/Deployment/demo/demo')!;
    expect(dep2.drift!.fields).toEqual([{ path: '/spec/template/spec/containers/0/image', op: 'replace', before: 'nginx:hacked', after: 'nginx:1.27' }]);
    expect(dep2.drift!.liveText).toContain('replicas: 3');
  });

  it('objects not installed yet are not "missing"; one that already exists live is compared', () => {
    const none = new Map([...liveFrom(desired).keys()].map((k) => [k, null]));
    const fresh = computeReleaseDiff({ release, desiredManifest: desired, live: none });
    expect(fresh.resources.every((r) => r.change === 'added' && r.drift === undefined)).toBe(true);
    expect(fresh.summary.drifted).toBe(0);
    const existing = liveFrom(desired);
    (existing.get('/ConfigMap/demo/demo-config') as JsonObject & { data: JsonObject }).data.message = 'someone else';
    const clash = computeReleaseDiff({ release, desiredManifest: desired, live: existing });
    expect(clash.resources.find((r) => r.key.kind === 'ConfigMap')!.drift!.fields).toEqual([{ path: '/data/message', op: 'replace', before: 'someone else', after: 'hello' }]);
  });

  it('ignore rules apply to drift too', () => {
    const live = liveFrom(desired);
    (live.get('apps/Deployment/demo/demo') as JsonObject & { spec: JsonObject }).spec.replicas = 7;
    const d = computeReleaseDiff({ release, desiredManifest: desired, stored, live }, { ignoreDiffs: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] });
    expect(d.hasChanges).toBe(false);
  });

  it('names the live objects to read: desired objects except hooks', () => {
    const keys = liveTargets(desiredOf({ 'hooks.enabled': true }), release).map((k) => `${k.kind}/${k.name}`);
    expect(keys.sort()).toEqual(['ConfigMap/demo-config', 'Deployment/demo', 'Secret/demo-credentials', 'Service/demo']);
  });
});
