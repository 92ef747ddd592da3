/**
 * Unit tests of the protobuf request decoder. Messages are encoded here by
 * hand from the field numbers of k8s.io/api generated.proto (reference §4
 * MUST 4), independently of the decoder; real helm/kubectl bodies are covered
 * by the lifecycle and kubectl suites (release Secrets, `create namespace`).
 */
import { decodeProtobuf, isProtobuf } from './protobuf.js';

const varint = (n: number): Buffer => {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
};
const tag = (no: number, wire: number): Buffer => varint((no << 3) | wire);
const bytes = (no: number, b: Buffer | string): Buffer => {
  const buf = typeof b === 'string' ? Buffer.from(b) : b;
  return Buffer.concat([tag(no, 2), varint(buf.length), buf]);
};
const int = (no: number, n: number): Buffer => Buffer.concat([tag(no, 0), varint(n)]);
const msg = (...parts: Buffer[]): Buffer => Buffer.concat(parts);
const entry = (no: number, k: string, v: Buffer | string): Buffer => bytes(no, msg(bytes(1, k), bytes(2, v)));
const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
  Buffer.concat([Buffer.from('k8s\0', 'binary'), bytes(1, msg(bytes(1, apiVersion), bytes(2, kind))), bytes(2, raw), bytes(3, ''), bytes(4, '')]);

describe('protobuf request decoding', () => {
  it('decodes a helm release Secret with ObjectMeta, labels, data and type', () => {
    const meta = msg(bytes(1, 'sh.helm.release.v1.demo.v1'), bytes(2, ''), bytes(3, 'demo'), bytes(6, ''), int(7, 0), bytes(8, msg(int(1, 0), int(2, 0))), entry(11, 'owner', 'helm'), entry(11, 'status', 'deployed'));
    const secret = msg(bytes(1, meta), entry(2, 'release', Buffer.from([0x1f, 0x8b, 0x08])), bytes(3, 'helm.sh/release.v1'));
    const body = envelope('v1', 'Secret', secret);
    expect(isProtobuf(body)).toBe(true);
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sh.helm.release.v1.demo.v1', namespace: 'demo', labels: { owner: 'helm', status: 'deployed' } },
      data: { release: 'H4sI' },
      type: 'helm.sh/release.v1',
    });
  });

  it('decodes Namespace, ConfigMap and DeleteOptions', () => {
    expect(decodeProtobuf(envelope('v1', 'Namespace', msg(bytes(1, bytes(1, 'kt')), bytes(2, Buffer.alloc(0)), bytes(3, Buffer.alloc(0)))))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kt' },
      spec: {},
      status: {},
    });
    expect(decodeProtobuf(envelope('v1', 'ConfigMap', msg(bytes(1, bytes(1, 'c')), entry(2, 'k', 'v'), entry(3, 'b', Buffer.from('hi')))))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { k: 'v' },
      binaryData: { b: 'aGk=' },
    });
    expect(decodeProtobuf(envelope('meta.k8s.io/v1', 'DeleteOptions', msg(int(1, 30), bytes(2, msg(bytes(1, 'uid-1'))), bytes(4, 'Background'), bytes(5, 'All'))))).toEqual({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 30,
      preconditions: { uid: 'uid-1' },
      propagationPolicy: 'Background',
      dryRun: ['All'],
    });
  });

  it('answers 415 for kinds it cannot decode, naming the kind', () => {
    expect(() => decodeProtobuf(envelope('networking.k8s.io/v1', 'Ingress', Buffer.alloc(0)))).toThrow(/protobuf decoding of kind "Ingress"/);
  });

  it('decodes schema-table kinds and refuses unknown field numbers', () => {
    const spec = msg(int(1, 2), bytes(2, entry(1, 'app', 'd')), bytes(4, Buffer.alloc(0)), bytes(98, ''));
    expect(decodeProtobuf(envelope('apps/v1', 'Deployment', msg(bytes(1, bytes(1, 'd')), bytes(2, spec), bytes(3, Buffer.alloc(0)))))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'd' } }, strategy: {} },
    });
    expect(() => decodeProtobuf(envelope('apps/v1', 'Deployment', msg(bytes(2, int(99, 1)))))).toThrow(/field 99 of DeploymentSpec/);
  });
});
