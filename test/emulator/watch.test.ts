/**
 * The watch protocol over HTTP, without client binaries: WatchList initial
 * events + the `k8s.io/initial-events-end` bookmark (T3), resourceVersion
 * replay, selectors on watches, timeoutSeconds, and the reject mode.
 */
import { request } from 'node:http';
import { startCluster, type Cluster } from '../support/cluster.js';

/** Open a watch and collect event lines until `count` arrived or the stream ended. */
function watch(cluster: Cluster, path: string, count: number, ms = 3000): Promise<{ status: number; events: any[] }> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    const req = request(`${cluster.url}${path}`, { headers: { Accept: 'application/json' } }, (res) => {
      let buf = '';
      const done = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, events });
      };
      const timer = setTimeout(done, ms);
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) events.push(JSON.parse(line));
          if (events.length >= count) return done();
        }
      });
      res.on('end', done);
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}

async function api(cluster: Cluster, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${cluster.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

describe('watch', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ controllerDelayMs: 50 });
    // The namespace controller adds kube-root-ca.crt shortly after start (as a real cluster
    // does); wait for it so the initial-events list below does not race with it.
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${cluster.url}/api/v1/namespaces/default/configmaps/kube-root-ca.crt`);
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  afterAll(async () => cluster.stop());

  const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { a: '1' } });

  it('WatchList sends current objects, then a bookmark marking the end of initial events, then live events', async () => {
    await api(cluster, 'POST', '/api/v1/namespaces/default/configmaps', cm('w1'));
    await api(cluster, 'POST', '/api/v1/namespaces/default/configmaps', cm('w2'));
    const pending = watch(cluster, '/api/v1/namespaces/default/configmaps?allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&watch=true&labelSelector=', 5);
    await new Promise((r) => setTimeout(r, 200));
    await api(cluster, 'POST', '/api/v1/namespaces/default/configmaps', cm('w3'));
    const { status, events } = await pending;
    expect(status).toBe(200);
    const names = events.map((e) => `${e.type}:${e.object.metadata.name ?? ''}`);
    expect(names).toEqual(['ADDED:kube-root-ca.crt', 'ADDED:w1', 'ADDED:w2', 'BOOKMARK:', 'ADDED:w3']);
    expect(events[3].object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String), annotations: { 'k8s.io/initial-events-end': 'true' } } });
  });

  it('replays events after a resourceVersion, filtered by label selector', async () => {
    const created = await api(cluster, 'POST', '/api/v1/namespaces/default/configmaps', cm('r1', { pick: 'yes' }));
    await api(cluster, 'POST', '/api/v1/namespaces/default/configmaps', cm('r2'));
    await api(cluster, 'PUT', '/api/v1/namespaces/default/configmaps/r1', { ...created, data: { a: '2' } });
    await api(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/r1');
    const rv = Number(created.metadata.resourceVersion) - 1;
    const { events } = await watch(cluster, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&labelSelector=pick%3Dyes`, 3);
    expect(events.map((e) => `${e.type}:${e.object.metadata.name}:${e.object.data?.a}`)).toEqual(['ADDED:r1:1', 'MODIFIED:r1:2', 'DELETED:r1:2']);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const t0 = Date.now();
    const { events } = await watch(cluster, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=999999&timeoutSeconds=1', 99, 5000);
    expect(events).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('rejects sendInitialEvents with 422 when the watchList fault says so', async () => {
    cluster.setFault({ watchList: 'reject' });
    const res = await fetch(`${cluster.url}/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toContain('sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled');
    cluster.setFault({});
  });
});
