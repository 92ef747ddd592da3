/**
 * The per-release pieces the cluster commands derive from the loaded state:
 * diff options (ignoreDiffs of the release then helmDefaults, suppressions),
 * the planner's view of a release, and the secret strings masked in logs.
 */
import { describe, expect, it } from '@jest/globals';
import { diffOptionsFor, hasDrift, plannedReleases } from '../../src/app/release-diffs.js';
import { secretStringsOfManifest, type PreparedRun, type RunRelease } from '../../src/app/release-run.js';
import type { ReleaseDiff } from '../../src/diff/types.js';

function runRelease(over: { spec?: Record<string, unknown>; defaults?: Record<string, unknown>; chart?: RunRelease['chart']; chartRef?: string } = {}): RunRelease {
  return {
    id: 'apps/web',
    release: {
      id: 'apps/web',
      name: 'web',
      namespace: 'apps',
      chart: over.chartRef ?? 'repo/web',
      version: '',
      kubeContext: '',
      installed: true,
      enabled: true,
      matched: true,
      labels: {},
      needs: [],
      spec: over.spec ?? {},
      source: { file: 'helmfile.yaml', line: 3, absFile: '/x/helmfile.yaml' },
      baseDir: '/x',
      fileIndex: 0,
      index: 0,
    },
    file: { helmDefaults: over.defaults ?? {} } as unknown as RunRelease['file'],
    needs: ['data/db'],
    defaults: {},
    helmRelease: { name: 'web', chart: 'repo/web' },
    secretValues: ['a-long-secret'],
    ...(over.chart ? { chart: over.chart } : {}),
  };
}

describe('diffOptionsFor', () => {
  it('takes the release rules first, then helmDefaults, and maps --suppress-secrets to the Secret kind', () => {
    const r = runRelease({
      spec: { ignoreDiffs: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }], suppressOutputLineRegex: ['^x'] },
      defaults: { ignoreDiffs: [{ kind: 'Widget', name: 'w', jsonPointers: ['/spec/color'] }] },
    });
    const o = diffOptionsFor(r, { suppress: ['ConfigMap'], suppressSecrets: true, suppressOutputLineRegex: ['^y'] }, 'prod');
    expect(o.ignoreDiffs?.map((x) => [x.kind, x.name, x.jsonPointers])).toEqual([
      ['Deployment', undefined, ['/spec/replicas']],
      ['Widget', 'w', ['/spec/color']],
    ]);
    expect(o.suppressKinds).toEqual(['ConfigMap', 'Secret']);
    expect(o.suppressOutputLineRegex).toEqual(['^x', '^y']);
    expect(o.secretValues).toEqual(['a-long-secret']);
  });

  it('rejects an invalid ignoreDiffs entry with the release and file position', () => {
    const r = runRelease({ spec: { ignoreDiffs: [{ kind: 'Deployment', jsonPointers: ['spec/replicas'] }] } });
    expect(() => diffOptionsFor(r, {}, 'prod')).toThrow(/ignoreDiffs/);
    try {
      diffOptionsFor(r, {}, 'prod');
    } catch (e) {
      expect((e as { render(): string }).render()).toMatch(/^helmfile.yaml:3: ignoreDiffs: /);
      expect((e as { release?: string }).release).toBe('apps/web');
    }
  });
});

describe('plannedReleases', () => {
  const run = (r: RunRelease) => ({ releases: [r] }) as unknown as PreparedRun;

  it('gives the planner the resolved chart name and version of repository charts', () => {
    const r = runRelease({ chartRef: 'repo/web', chart: { ref: '/cache/web-1.2.3.tgz', version: '1.2.3', local: false, hasChartYaml: false } });
    expect(plannedReleases(run(r))).toEqual([{ id: 'apps/web', name: 'web', namespace: 'apps', installed: true, needs: ['data/db'], chart: { name: 'web', version: '1.2.3' } }]);
    const oci = runRelease({ chartRef: 'oci://reg.local/charts/web:1.2.3', chart: { ref: 'oci://reg.local/charts/web', version: '1.2.3', local: false, hasChartYaml: false } });
    expect(plannedReleases(run(oci))[0]!.chart).toEqual({ name: 'web', version: '1.2.3' });
  });

  it('leaves local charts without a version to compare (no spurious upgrades in apply)', () => {
    const r = runRelease({ chartRef: './charts/web', chart: { ref: '/x/charts/web', version: '', local: true, hasChartYaml: true } });
    expect(plannedReleases(run(r))[0]!.chart).toBeUndefined();
  });
});

describe('secretStringsOfManifest', () => {
  it('collects stringData and decoded data values of Secrets, 8 characters or longer', () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: s}',
      'stringData: {password: hunter2-long, short: abc}',
      `data: {token: ${Buffer.from('tok-123456').toString('base64')}}`,
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'data: {note: not-a-secret-value}',
    ].join('\n');
    const got = secretStringsOfManifest(manifest, { release: runRelease().release });
    expect(got.sort()).toEqual(['hunter2-long', 'tok-123456', Buffer.from('tok-123456').toString('base64')].sort());
  });
});

describe('hasDrift', () => {
  it('is true only when a live object has changed fields', () => {
    const d = (state: 'missing' | 'changed' | 'in-sync') => ({ resources: [{ drift: { state } }] }) as unknown as ReleaseDiff;
    expect([hasDrift(d('changed')), hasDrift(d('missing')), hasDrift(d('in-sync')), hasDrift(undefined)]).toEqual([true, false, false, false]);
  });
});
