/** Builders shared by the diff tests: stored releases and "live" objects from real helm output. */
import { parseManifest, type JsonObject } from '../../src/diff/manifest.js';
import type { StoredRelease } from '../../src/diff/release-diff.js';
import { helmTemplate } from './helm-template.js';

/**
 * What helm stores for a release rendered with `set`: the manifest without
 * hooks, and the hooks apart (helm keeps them in `release.hooks`).
 */
export function storedFrom(set: Record<string, string | number | boolean> = {}, release = 'demo', namespace = 'demo'): StoredRelease {
  const text = helmTemplate({ release, namespace, set });
  const docs = text.split(/^---$/m).filter((d) => d.trim() !== '');
  const isHook = (d: string) => d.includes('helm.sh/hook');
  return {
    revision: 1,
    status: 'deployed',
    chart: { name: 'webapp', version: '0.1.0', appVersion: '1.0' },
    manifest: docs.filter((d) => !isHook(d)).map((d) => `---${d}`).join(''),
    hooksManifest: docs.filter(isHook).map((d) => `---${d}`).join(''),
  };
}

/**
 * A live copy of each desired object with what an API server adds: server
 * metadata, status, defaults, helm's ownership annotations, and a Secret's
 * `stringData` folded into `data`.
 */
export function liveFrom(manifest: string, namespace = 'demo'): Map<string, JsonObject | null> {
  const out = new Map<string, JsonObject | null>();
  for (const o of parseManifest(manifest, { defaultNamespace: namespace })) {
    if (o.hook) continue;
    const live = structuredClone(o.object) as JsonObject & { metadata: JsonObject };
    live.metadata = {
      ...live.metadata,
      namespace,
      uid: '6c1e3a50-0000-4000-8000-000000000001',
      resourceVersion: '1081',
      generation: 2,
      creationTimestamp: '2026-11-26T07:00:00Z',
      managedFields: [{ manager: 'helm', operation: 'Apply', apiVersion: o.key.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} }],
      labels: { ...((live.metadata.labels as JsonObject | undefined) ?? {}), 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: {
        ...((live.metadata.annotations as JsonObject | undefined) ?? {}),
        'meta.helm.sh/release-name': 'demo',
        'meta.helm.sh/release-namespace': namespace,
        'deployment.kubernetes.io/revision': '3',
      },
    };
    if (o.key.kind === 'Secret') {
      const data = { ...((live.data as JsonObject | undefined) ?? {}) };
      for (const [k, v] of Object.entries((live.stringData as JsonObject | undefined) ?? {})) data[k] = Buffer.from(String(v)).toString('base64');
      delete live.stringData;
      live.data = data;
    }
    if (o.key.kind === 'Deployment') {
      const spec = live.spec as JsonObject & { template: { spec: { containers: JsonObject[] } } };
      spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      spec.revisionHistoryLimit = 10;
      for (const c of spec.template.spec.containers) {
        c.imagePullPolicy = 'IfNotPresent';
        c.terminationMessagePath = '/dev/termination-log';
        (c.ports as JsonObject[]).forEach((p) => (p.protocol = 'TCP'));
      }
      live.status = { observedGeneration: 2, replicas: 1, readyReplicas: 1 };
    }
    if (o.key.kind === 'Service') {
      (live.spec as JsonObject).clusterIP = '10.96.0.12';
      ((live.spec as JsonObject).ports as JsonObject[]).forEach((p) => (p.protocol = 'TCP'));
    }
    out.set(o.id, live);
  }
  return out;
}
