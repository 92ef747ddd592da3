import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../src/errors/index.js';
import { getObjectsArgv, releaseStorageArgv, resourceTypeArg } from '../../src/cluster/kubectl-argv.js';
import { decodeHelmPayload, latestRevisions, recordFromStorageObject } from '../../src/cluster/release-payload.js';
import { splitChartLabel, storageForDriver } from '../../src/cluster/release-records.js';

describe('kubectl argv', () => {
  it('reads release storage with helm labels, all namespaces or one', () => {
    expect(releaseStorageArgv({}, { resource: 'secrets', skipSuperseded: true })).toEqual([
      'get', 'secrets', '--all-namespaces', '--selector', 'owner=helm,status!=superseded', '--output', 'json',
    ]);
    expect(releaseStorageArgv({ kubeconfig: '/k', context: 'prod' }, { resource: 'configmaps', namespace: 'web', names: ['b', 'a', 'b'] })).toEqual([
      '--kubeconfig', '/k', '--context', 'prod', 'get', 'configmaps', '--namespace', 'web', '--selector', 'owner=helm,name in (a,b)', '--output', 'json',
    ]);
    // A name that cannot be a label value is filtered after reading instead.
    expect(releaseStorageArgv({}, { resource: 'secrets', names: ['ok', 'not ok'] })).toContain('owner=helm');
  });

  it('qualifies types so kubectl cannot pick another group', () => {
    expect(resourceTypeArg({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('deployment.v1.apps');
    expect(resourceTypeArg({ apiVersion: 'example.com/v1alpha1', kind: 'Widget' })).toBe('widget.v1alpha1.example.com');
    expect(resourceTypeArg({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe('configmap');
    expect(getObjectsArgv({}, 'ns', ['configmap/a', 'deployment.v1.apps/b'])).toEqual([
      'get', 'configmap/a', 'deployment.v1.apps/b', '--namespace', 'ns', '--ignore-not-found', '--output', 'json',
    ]);
  });
});

describe('release payloads', () => {
  const release = { name: 'r', namespace: 'ns', version: 3, info: { status: 'failed' }, chart: { metadata: { name: 'c', version: '1.2.3' } }, config: { a: 1 }, manifest: 'm', hooks: [] };
  const helmEncoded = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');

  it('decodes Secret (double base64) and ConfigMap (single) storage, gzipped or not', () => {
    const fromSecret = recordFromStorageObject({ kind: 'Secret', metadata: { name: 'sh.helm.release.v1.r.v3', namespace: 'ns' }, data: { release: Buffer.from(helmEncoded).toString('base64') } });
    expect(fromSecret).toMatchObject({ name: 'r', namespace: 'ns', revision: 3, status: 'failed', chart: { name: 'c', version: '1.2.3' }, config: { a: 1 }, storage: 'secret' });
    const fromCm = recordFromStorageObject({ kind: 'ConfigMap', metadata: { name: 'x' }, data: { release: helmEncoded } });
    expect(fromCm.storage).toBe('configmap');
    expect(decodeHelmPayload(Buffer.from(JSON.stringify(release)).toString('base64'))).toEqual(release);
  });

  it('rejects objects that are not helm releases with a UserError', () => {
    expect(() => recordFromStorageObject({ kind: 'Secret', metadata: { name: 'x', namespace: 'n' }, data: {} })).toThrow(UserError);
    expect(() => recordFromStorageObject({ kind: 'ConfigMap', metadata: { name: 'x' }, data: { release: 'bm90IGpzb24=' } })).toThrow(/cannot decode/);
  });

  it('keeps the highest revision per release', () => {
    const r = (name: string, revision: number) => ({ ...recordFromStorageObject({ kind: 'ConfigMap', metadata: {}, data: { release: helmEncoded } }), name, revision });
    expect(latestRevisions([r('a', 1), r('a', 3), r('b', 1), r('a', 2)]).map((x) => `${x.name}@${x.revision}`)).toEqual(['a@3', 'b@1']);
  });

  it('splits helm list chart labels and maps HELM_DRIVER', () => {
    expect(splitChartLabel('webapp-0.1.0')).toEqual({ name: 'webapp', version: '0.1.0' });
    expect(splitChartLabel('my-chart2-1.0.0-rc.1')).toEqual({ name: 'my-chart2', version: '1.0.0-rc.1' });
    expect(storageForDriver(undefined)).toBe('secrets');
    expect(storageForDriver('ConfigMap')).toBe('configmaps');
    expect(storageForDriver('sql')).toBe('helm');
    expect(() => storageForDriver('etcd')).toThrow(UserError);
  });
});
