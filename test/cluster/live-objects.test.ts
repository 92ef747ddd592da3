import { describe, expect, it } from '@jest/globals';
import { ExternalCommandError } from '../../src/errors/index.js';
import type { Runner, RunResult } from '../../src/process/runner.js';
import { readLiveObjects } from '../../src/cluster/live-objects.js';
import type { ResourceKey } from '../../src/diff/types.js';

/** A fake kubectl: answers from a table of objects, and with kubectl's real error for unknown types. */
function fakeKubectl(objects: Record<string, unknown>[], unknownTypes: string[] = []) {
  const calls: string[][] = [];
  const runner: Runner = {
    async run(_file, args): Promise<RunResult> {
      calls.push([...args]);
      const refs = args.slice(1, args.indexOf('--namespace'));
      const ns = args[args.indexOf('--namespace') + 1];
      const bad = refs.map((r) => r.split('/')[0]!.split('.')[0]!).find((t) => unknownTypes.includes(t));
      if (bad) return { exitCode: 1, stdout: '', stderr: `error: the server doesn't have a resource type "${bad}"\n`, killed: false };
      const items = objects.filter((o) =>
        refs.some((r) => {
          const meta = o.metadata as { name: string; namespace?: string };
          return r.split('/')[0]!.split('.')[0] === String(o.kind).toLowerCase() && r.split('/')[1] === meta.name && (meta.namespace ?? ns) === ns;
        }),
      );
      return { exitCode: 0, stdout: items.length ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) : '', stderr: '', killed: false };
    },
  };
  return { runner, calls };
}

const cm = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
const key = (kind: string, name: string, namespace: string, apiVersion = 'v1'): ResourceKey => ({ apiVersion, group: apiVersion.includes('/') ? apiVersion.split('/')[0]! : '', kind, namespace, name });

describe('readLiveObjects', () => {
  it('batches per namespace and chunk size, and answers null for what is absent', async () => {
    const { runner, calls } = fakeKubectl([cm('a', 'x'), cm('b', 'x'), cm('c', 'y')]);
    const keys = [key('ConfigMap', 'a', 'x'), key('ConfigMap', 'b', 'x'), key('ConfigMap', 'z', 'x'), key('ConfigMap', 'c', 'y'), key('ConfigMap', 'a', 'x')];
    const live = await readLiveObjects(keys, { runner, kubectl: 'kubectl', batchSize: 2 });
    expect(calls.map((c) => c.join(' '))).toEqual([
      'get configmap/a configmap/b --namespace x --ignore-not-found --output json',
      'get configmap/z --namespace x --ignore-not-found --output json',
      'get configmap/c --namespace y --ignore-not-found --output json',
    ]);
    expect([...live].map(([id, o]) => `${id}=${o ? 'found' : 'null'}`)).toEqual(['/ConfigMap/x/a=found', '/ConfigMap/x/b=found', '/ConfigMap/x/z=null', '/ConfigMap/y/c=found']);
  });

  it('drops a kind the server does not know and retries the rest once', async () => {
    const { runner, calls } = fakeKubectl([cm('a', 'x')], ['widget']);
    const live = await readLiveObjects([key('Widget', 'w', 'x', 'example.com/v1'), key('ConfigMap', 'a', 'x')], { runner, kubectl: 'kubectl' });
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(['get', 'configmap/a', '--namespace', 'x', '--ignore-not-found', '--output', 'json']);
    expect(live.get('example.com/Widget/x/w')).toBeNull();
    expect(live.get('/ConfigMap/x/a')).not.toBeNull();
  });

  it('passes the connection and fails with the command and stderr on other errors', async () => {
    const runner: Runner = { run: async () => ({ exitCode: 1, stdout: '', stderr: 'Unable to connect to the server', killed: false }) };
    const p = readLiveObjects([key('ConfigMap', 'a', 'x')], { runner, kubectl: 'kubectl', connection: { context: 'prod' } });
    await expect(p).rejects.toThrow(ExternalCommandError);
    await expect(p).rejects.toThrow(/kubectl --context prod get configmap\/a .*Unable to connect/s);
  });
});
