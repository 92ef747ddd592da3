/**
 * Which Leases a run takes (src/app/run-lock.ts): one per cluster its
 * releases live on — contexts that name the same server share one — each
 * through its own context, in a fixed order, named after the run's owner
 * mark; nothing is read or written before ensure(), and --no-lock takes none.
 * kubectl is a recording fake here (argv only); the Lease protocol itself is
 * proven against real API servers by test/real/lease-api and test/e2e/writer-lock.
 */
import { describe, expect, it } from '@jest/globals';
import type { PreparedRun } from '../../src/app/release-run.js';
import { runLock } from '../../src/app/run-lock.js';
import type { LockOptions } from '../../src/lock/options.js';
import type { Deps } from '../../src/ports/index.js';
import type { Runner } from '../../src/process/runner.js';

const SERVERS: Record<string, string> = { '': 'https://a:6443', prod: 'https://b:6443', 'prod-admin': 'https://b:6443', eu: 'https://c:6443' };

function fakeRun(contexts: string[]): PreparedRun {
  return {
    kubectl: 'kubectl',
    owner: 'infra.helmfile.yaml_prod_1a2b3c4d',
    state: { environmentName: 'prod' },
    releases: contexts.map((c, i) => ({ id: `r${i}`, release: { name: `r${i}`, namespace: 'apps', ...(c ? { kubeContext: c } : {}) } })),
    kubeTarget: (context: string) => ({ context, server: SERVERS[context], contextExists: true, contexts: [], files: [] }),
  } as unknown as PreparedRun;
}

function fakeDeps(calls: string[][]): Deps {
  const runner: Runner = {
    run: async (_bin, args, opts) => {
      calls.push([...args]);
      if (args.includes('get')) return { exitCode: 0, stdout: '', stderr: '', killed: false };
      const body = JSON.parse(opts?.input ?? '{}');
      return { exitCode: 0, stdout: JSON.stringify({ ...body, metadata: { ...body.metadata, resourceVersion: '1' } }), stderr: '', killed: false };
    },
  };
  const noop = () => {};
  return { runner, clock: { now: () => 0, sleep: (_ms: number, signal?: AbortSignal) => new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))) }, logger: { debug: noop, info: noop, warn: noop, error: noop } } as unknown as Deps;
}

const lock: LockOptions = { namespace: 'locks', timeoutMs: 0, ttlSeconds: 30, holder: { command: 'apply', user: 'u', host: 'h', pid: 1, token: 't' } };
const options = (o: Partial<LockOptions> = {}) => ({ load: {}, kubeconfig: '/kc', lock: { ...lock, ...o } });
const contextOf = (argv: string[]) => (argv.includes('--context') ? argv[argv.indexOf('--context') + 1] : '');

describe('the Leases of a run', () => {
  it('one per cluster: contexts naming the same server share it; each through its own context, in server order', async () => {
    const calls: string[][] = [];
    const l = runLock(fakeRun(['eu', 'prod', 'prod-admin', '', 'prod']), options(), fakeDeps(calls))!;
    expect(calls).toEqual([]);
    expect(await l.ensure()).toBe(true);
    const creates = calls.filter((c) => c.includes('create'));
    expect(creates.map(contextOf)).toEqual(['', 'prod', 'eu']);
    for (const c of calls) expect(c.slice(0, 2)).toEqual(['--kubeconfig', '/kc']);
    const gets = calls.filter((c) => c.includes('get'));
    expect(gets[0]).toEqual(['--kubeconfig', '/kc', 'get', 'leases.v1.coordination.k8s.io', l.name, '--namespace', 'locks', '--ignore-not-found', '--output', 'json']);
    expect(l.name).toMatch(/^helmsync-infra-helmfile-prod-1a2b3c4d-[0-9a-f]{10}$/);
    expect(l.isHeld).toBe(true);
    // Taken once per run.
    expect(await l.ensure()).toBe(false);
    await l.release();
    expect(calls.filter((c) => c.includes('replace')).map(contextOf).sort()).toEqual(['', 'eu', 'prod']);
  });

  it('--no-lock takes none', () => {
    expect(runLock(fakeRun(['']), options({ disabled: true }), fakeDeps([]))).toBeUndefined();
  });
});
