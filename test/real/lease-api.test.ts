/**
 * The Lease rules the one-writer lock (src/lock) stands on, asked of the real
 * kube-apiserver 1.34 and of the emulator with the same kubectl requests:
 * both must answer alike (the emulator is a checked double; where they
 * differ the emulator is wrong). A create of an existing Lease is
 * AlreadyExists; a replace at a stale resourceVersion is a Conflict, at the
 * current one it succeeds; a PUT without resourceVersion is refused (no
 * unconditional update of a Lease); a PUT of a missing Lease creates it;
 * MicroTime wants exactly six fractional digits; leaseDurationSeconds > 0
 * and leaseTransitions >= 0; an empty holderIdentity is accepted (release).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { startTestCluster, type TestCluster } from '../support/test-cluster.js';

const kubectl = toolset(4).kubectl;
const BASE = '/apis/coordination.k8s.io/v1/namespaces/default/leases';

function lease(name: string, o: { rv?: string; renew?: string; duration?: number; transitions?: number; holder?: string } = {}): string {
  return JSON.stringify({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, ...(o.rv ? { resourceVersion: o.rv } : {}) },
    spec: {
      holderIdentity: o.holder ?? 'helmsync apply by a@b pid 1 (00)',
      leaseDurationSeconds: o.duration ?? 30,
      acquireTime: '2026-12-02T16:00:00.123456Z',
      renewTime: o.renew ?? '2026-12-02T16:00:00.123456Z',
      ...(o.transitions !== undefined ? { leaseTransitions: o.transitions } : {}),
    },
  });
}

/** The same requests, in order; each answer as exit code and kubectl's last stderr line (or what stdout says). */
async function ask(c: TestCluster): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-lease-api-'));
  const k = async (args: string[], input?: string) => {
    const r = await c.exec(kubectl, ['--kubeconfig', c.kubeconfigPath, ...args], input !== undefined ? { input } : {});
    return { code: r.code, out: r.stdout.trim(), err: r.stderr.trim().split('\n').pop() ?? '' };
  };
  const raw = async (name: string, body: string) => {
    const f = join(dir, `${name}.json`);
    writeFileSync(f, body);
    return k(['replace', '--raw', `${BASE}/${name}`, '-f', f]);
  };
  const rv = async (name: string) => (await k(['get', 'lease', name, '-o', 'jsonpath={.metadata.resourceVersion}'])).out;
  const show = (r: { code: number; out: string; err: string }, pick?: (o: any) => unknown) => (r.code ? `${r.code} ${r.err}` : `0 ${pick ? JSON.stringify(pick(JSON.parse(r.out))) : ''}`);
  const out: Record<string, string> = {};
  try {
    out.create = show(await k(['create', '-f', '-', '-o', 'json'], lease('p1')), (o) => o.spec.holderIdentity);
    out.createAgain = show(await k(['create', '-f', '-'], lease('p1')));
    out.putWithoutRv = show(await raw('p1', lease('p1')));
    out.putStaleRv = show(await k(['replace', '-f', '-'], lease('p1', { rv: '1' })));
    out.putCurrentRv = show(await k(['replace', '-f', '-', '-o', 'json'], lease('p1', { rv: await rv('p1'), renew: '2026-12-02T16:00:10.000000Z' })), (o) => o.spec.renewTime);
    out.microMillis = show(await k(['replace', '-f', '-'], lease('p1', { rv: await rv('p1'), renew: '2026-12-02T16:00:00.123Z' })));
    out.microNone = show(await k(['replace', '-f', '-'], lease('p1', { rv: await rv('p1'), renew: '2026-12-02T16:00:00Z' })));
    out.durationZero = show(await k(['replace', '-f', '-'], lease('p1', { rv: await rv('p1'), duration: 0 })));
    out.transitionsNegative = show(await k(['replace', '-f', '-'], lease('p1', { rv: await rv('p1'), transitions: -1 })));
    out.release = show(await k(['replace', '-f', '-', '-o', 'json'], lease('p1', { rv: await rv('p1'), holder: '', transitions: 2 })), (o) => [o.spec.holderIdentity, o.spec.leaseTransitions]);
    const created = await raw('p2', lease('p2'));
    out.putMissing = show(created, (o) => [o.metadata.name, typeof o.metadata.resourceVersion]);
    out.getMissing = show(await k(['get', 'leases.v1.coordination.k8s.io', 'nope', '-n', 'default', '--ignore-not-found', '-o', 'json']));
    out.createMissingNamespace = show(await k(['create', '-n', 'no-such-ns', '-f', '-'], lease('p3')));
  } finally {
    await k(['delete', 'lease', 'p1', 'p2', '--ignore-not-found']);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

describe('Lease writes: the real API server and the emulator answer alike', () => {
  let real: TestCluster;
  let emulator: TestCluster;
  beforeAll(async () => {
    [real, emulator] = await Promise.all([startTestCluster({ kind: 'real' }), startTestCluster({ kind: 'emulator' })]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([real?.stop(), emulator?.stop()]);
  });

  it('optimistic concurrency, no unconditional update, create on update, MicroTime and validation', async () => {
    const [fromReal, fromEmulator] = [await ask(real), await ask(emulator)];
    expect(fromReal).toEqual({
      create: '0 "helmsync apply by a@b pid 1 (00)"',
      createAgain: '1 Error from server (AlreadyExists): error when creating "STDIN": leases.coordination.k8s.io "p1" already exists',
      putWithoutRv: '1 The leases "p1" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      putStaleRv:
        '1 Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on leases.coordination.k8s.io "p1": the object has been modified; please apply your changes to the latest version and try again',
      putCurrentRv: '0 "2026-12-02T16:00:10.000000Z"',
      microMillis:
        '1 Error from server (BadRequest): error when replacing "STDIN": Lease in version "v1" cannot be handled as a Lease: parsing time "2026-12-02T16:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
      microNone:
        '1 Error from server (BadRequest): error when replacing "STDIN": Lease in version "v1" cannot be handled as a Lease: parsing time "2026-12-02T16:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
      durationZero: '1 The Lease "p1" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      transitionsNegative: '1 The Lease "p1" is invalid: spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
      release: '0 ["",2]',
      putMissing: '0 ["p2","string"]',
      getMissing: '0 ',
      createMissingNamespace: '1 Error from server (NotFound): error when creating "STDIN": namespaces "no-such-ns" not found',
    });
    expect(fromEmulator).toEqual(fromReal);
  }, 120_000);
});
