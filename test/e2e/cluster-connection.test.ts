/**
 * A cluster that cannot be talked to gives ONE line naming the context and
 * the server, plus a hint (kubectl's repeated discovery errors only with
 * --debug); an unknown context is refused before kubectl runs; transient read
 * failures (a 500 from the API server) are retried; an environment's
 * kubeContext: refuses writes through another --kube-context. BUILT CLI,
 * real helm and kubectl of both majors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { kubeconfigFor } from '../support/cluster.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('error:'));
}

describe.each(HELM_MAJORS)('cluster connection problems with helm %i', (major) => {
  let e: ClusterEnv;
  let deadConfig: string;
  let port: number;
  beforeAll(async () => {
    e = await setUp(major);
    port = await closedPort();
    deadConfig = join(e.sb.dir, 'dead-kubeconfig');
    // The emulator's kubeconfig with the server moved to a closed port and the context renamed.
    writeFileSync(deadConfig, kubeconfigFor(`http://127.0.0.1:${port}`).replace(/emulator/g, 'staging-eu'), { mode: 0o600 });
  }, 60_000);
  afterAll(async () => {
    await e?.stop();
  });
  beforeEach(() => e.cluster.reset());

  it.each([['diff'], ['status'], ['sync'], ['destroy']])('%s against an unreachable server: one line with context and server, exit 1', async (cmd) => {
    const r = await e.cli([cmd], { env: { KUBECONFIG: deadConfig } });
    expect(r.exitCode).toBe(1);
    expect(errorLines(r.stderr)).toEqual([`error: cannot reach the cluster of context "staging-eu" (http://127.0.0.1:${port}): connection refused`]);
    expect(r.stderr).toMatch(/^hint: check that the cluster is up .*kubectl --context staging-eu cluster-info/m);
    expect(r.stderr).not.toMatch(/memcache|Unhandled Error/);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('--debug adds what kubectl printed', async () => {
    const r = await e.cli(['status', '--debug'], { env: { KUBECONFIG: deadConfig } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('cannot reach the cluster of context "staging-eu"');
    expect(r.stderr).toMatch(/caused by: [\s\S]*connection refused/);
  });

  it('an unknown --kube-context is refused before kubectl runs, listing the contexts', async () => {
    const before = e.cluster.requests.length;
    const r = await e.cli(['--kube-context', 'prod', 'diff']);
    expect(r.exitCode).toBe(1);
    expect(errorLines(r.stderr)).toEqual([`error: kube context "prod" does not exist in ${e.cluster.kubeconfigPath}`]);
    expect(r.stderr).toMatch(/^hint: contexts in the kubeconfig: emulator;/m);
    expect(e.cluster.requests.length).toBe(before);
  });

  it('no kubeconfig at all: says so instead of localhost:8080 noise', async () => {
    const r = await e.cli(['status'], { env: { KUBECONFIG: join(e.sb.dir, 'absent') } });
    expect(r.exitCode).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['error: no kubeconfig: kubectl fell back to localhost:8080 (connection refused)']);
  });

  it('a 500 from the API server on the release read is retried, and the run succeeds', async () => {
    expect((await e.cli(['sync'])).exitCode).toBe(0);
    e.cluster.setFault({ errorRate: 1, times: 1, match: { method: 'GET', path: /\/secrets(\?|$)/ } });
    const from = e.cluster.requests.length;
    const r = await e.cli(['diff', '--detailed-exitcode']);
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.exitCode).toBe(0);
    const secretReads = e.cluster.requests.slice(from).filter((q) => q.method === 'GET' && /\/secrets$/.test(q.path)).map((q) => q.status);
    // The injected 500, the retry, then diff's second read (with the live objects).
    expect(secretReads).toEqual([500, 200, 200]);
  }, 120_000);

  it("an environment's kubeContext: refuses a disagreeing --kube-context before any write", async () => {
    e.write(
      'guarded.yaml',
      ['environments:', '  prod:', '    kubeContext: emulator', '---', 'releases:', '  - name: g', '    namespace: guarded', '    chart: ./charts/demo', ''].join('\n'),
    );
    const before = e.cluster.requests.length;
    const r = await e.cli(['-f', 'guarded.yaml', '-e', 'prod', '--kube-context', 'other', 'sync']);
    expect(r.exitCode).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['error: guarded.yaml: environment "prod" writes to kube context "emulator", not to --kube-context "other" (environment prod)']);
    expect(e.cluster.requests.length).toBe(before);
    // diff only reads: the flag is not refused there (the context itself then decides).
    const d = await e.cli(['-f', 'guarded.yaml', '-e', 'prod', '--kube-context', 'emulator', 'sync']);
    expect(d.exitCode).toBe(0);
    expect(e.cluster.releases('guarded').map((x) => x.info.status)).toEqual(['deployed']);
  }, 120_000);
});
