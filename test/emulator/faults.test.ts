/**
 * Every fault knob, each seen by a real helm or kubectl: 500s, latency,
 * dropped connections, 409 conflicts, never-ready workloads, failing Jobs,
 * WatchList rejected/ignored (T3), and the progress-deadline annotation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { chart, live, suiteCluster } from './helpers.js';

describe('fault injection', () => {
  const t4 = toolset(4);
  const t3 = toolset(3);
  const suite = suiteCluster({ controllerDelayMs: 50, reset: true });

  const run = (bin: string, ...args: string[]) => suite.cluster.exec(bin, args, { env: suite.env });

  it('errorRate: kubectl sees a 500 InternalError', async () => {
    suite.cluster.setFault({ errorRate: 1, match: { path: '/api/v1/namespaces/default/configmaps' } });
    const r = await run(t4.kubectl, 'get', 'cm');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Internal error occurred: emulator: injected fault');
    expect(suite.cluster.requests.filter((q) => q.status === 500).length).toBeGreaterThan(0);
  });

  it('times: only the first N matching requests fail', async () => {
    suite.cluster.setFault({ errorRate: 1, times: 1, match: { path: '/api/v1/namespaces/default/configmaps' } });
    expect((await run(t4.kubectl, 'get', 'cm')).code).toBe(1);
    expect((await run(t4.kubectl, 'get', 'cm')).code).toBe(0);
  });

  it('latencyMs: kubectl --request-timeout gives up', async () => {
    suite.cluster.setFault({ latencyMs: 1500, match: { path: '/api/v1/namespaces/default/configmaps' } });
    const r = await run(t4.kubectl, 'get', 'cm', '--request-timeout=500ms');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Client\.Timeout|context deadline exceeded|timeout/i);
  });

  it('dropRate: kubectl sees the connection close without an answer', async () => {
    // A POST: client-go retries dropped GETs ten times, a create only once-through.
    suite.cluster.setFault({ dropRate: 1, match: { method: 'POST', path: '/api/v1/namespaces/default/configmaps' } });
    const r = await run(t4.kubectl, 'create', 'configmap', 'dropped');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/EOF|connection reset|unexpected/i);
  });

  it('conflictRate: writes get 409 Conflict', async () => {
    expect((await run(t4.kubectl, 'create', 'configmap', 'c1')).code).toBe(0);
    suite.cluster.setFault({ conflictRate: 1, match: { method: 'PATCH' } });
    const r = await run(t4.kubectl, 'label', 'cm', 'c1', 'a=b');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the object has been modified; please apply your changes to the latest version and try again');
  });

  it('neverReady: helm 4 --wait times out on an otherwise healthy chart', async () => {
    suite.cluster.setFault({ neverReady: true });
    const r = await run(t4.helm, 'install', 'nr', chart('demo'), '-n', 'nr', '--create-namespace', '--wait', '--timeout', '3s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('resource Deployment/nr/nr not ready. status: InProgress');
  });

  it('failJobs: helm 3 hook Job fails', async () => {
    suite.cluster.setFault({ failJobs: true });
    const r = await run(t3.helm, 'install', 'fj', chart('demo'), '-n', 'fj', '--create-namespace', '--set', 'hook.enabled=true', '--timeout', '20s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('job fj-pre-install failed: BackoffLimitExceeded');
  });

  it('watchList=reject: helm 4 falls back to LIST+WATCH and --wait still passes', async () => {
    suite.cluster.setFault({ watchList: 'reject' });
    const r = await run(t4.helm, 'install', 'wr', chart('demo'), '-n', 'wr', '--create-namespace', '--wait', '--timeout', '20s');
    expect(r.code).toBe(0);
    expect(suite.cluster.requests.some((q) => q.method === 'WATCH' && q.status === 422)).toBe(true);
    expect(suite.cluster.requests.some((q) => q.method === 'GET' && q.path.endsWith('/deployments') && q.query.resourceVersion === '0')).toBe(true);
  });

  it('watchList=ignore: helm 4 --wait never syncs and times out with status Unknown', async () => {
    suite.cluster.setFault({ watchList: 'ignore' });
    const r = await run(t4.helm, 'install', 'wi', chart('demo'), '-n', 'wi', '--create-namespace', '--wait', '--timeout', '3s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('status: Unknown');
  });

  it('progress-deadline-exceeded annotation: kubectl rollout status fails fast', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-pd-'));
    const file = join(dir, 'd.yaml');
    writeFileSync(
      file,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
  annotations:
    emulator.helmsync.dev/progress-deadline-exceeded: "true"
spec:
  selector: {matchLabels: {app: slow}}
  template:
    metadata:
      labels: {app: slow}
      annotations: {emulator.helmsync.dev/never-ready: "true"}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`,
    );
    expect((await run(t4.kubectl, 'apply', '-f', file)).code).toBe(0);
    const r = await run(t4.kubectl, 'rollout', 'status', 'deploy/slow', '--timeout=20s');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deployment "slow" exceeded its progress deadline');
    expect(live(suite.cluster, 'apps/v1', 'Deployment', 'default', 'slow').status.conditions.find((c: any) => c.type === 'Progressing').reason).toBe('ProgressDeadlineExceeded');
  });
});
