/**
 * `helmsync suspend` / `resume` (issue 10) through the BUILT CLI with real
 * helm 3 and helm 4, on the real control plane (HELMSYNC_TEST_CLUSTER=emulator:
 * the emulator): the mark lands on every stored revision of the selected
 * releases without a new helm revision; reconcile --once, apply and sync
 * leave a suspended release alone (and say so) while the others are
 * reconciled; --ignore-suspend acts on it and the mark stays (helm carries
 * it); helm rollback keeps it; resume lifts it and the next tick catches up.
 * Revisions come from the cluster, expectations from the files.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUpShared, type SharedClusterEnv } from './cluster-support.js';

describe.each(HELM_MAJORS)('suspend and resume with helm %i', (major) => {
  let e: SharedClusterEnv;
  let ns: string;
  const file = (a: string, b: string) =>
    [
      'releases:',
      '  - name: a',
      `    namespace: ${ns}`,
      '    chart: ./charts/demo',
      `    set: [{ name: message, value: ${a} }]`,
      '  - name: b',
      `    namespace: ${ns}`,
      '    chart: ./charts/demo',
      `    needs: [${ns}/a]`,
      `    set: [{ name: message, value: ${b} }]`,
      '',
    ].join('\n');
  const revision = async (name: string) => Math.max(0, ...(await e.cluster.releases(ns)).filter((r) => r.name === name).map((r) => r.version as number));
  /** The suspension mark of each stored revision: revision → label value. */
  const marks = async (name: string) => {
    const out: Record<number, string | undefined> = {};
    for (const s of await e.cluster.list('v1', 'Secret', ns)) {
      const l = s.metadata?.labels ?? {};
      if (l.owner === 'helm' && l.name === name) out[Number(l.version)] = l['helmsync.dev/suspended'];
    }
    return out;
  };
  const message = async (name: string) => (await e.cluster.get('v1', 'ConfigMap', ns, name))?.data?.message;
  const ok = (r: { exitCode: number; stderr: string }, code = 0) => expect({ code: r.exitCode, err: r.exitCode === code ? '' : r.stderr }).toEqual({ code, err: '' });

  beforeAll(async () => {
    e = await setUpShared(major);
    ns = await e.cluster.namespace(`susp${major}`);
    e.write('helmfile.yaml', file('one', 'one'));
    ok(await e.cli(['sync']));
    // A second revision of a, so the mark is shown on every stored one.
    e.write('helmfile.yaml', file('two', 'one'));
    ok(await e.cli(['apply']));
    expect([await revision('a'), await revision('b')]).toEqual([2, 1]);
  }, 300_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('suspend marks every stored revision of the selected release, with no new revision', async () => {
    const r = await e.cli(['suspend', '-l', 'name=a']);
    ok(r);
    expect(r.stdout).toBe(`suspended ${ns}/a (revision 2)\n`);
    expect(await marks('a')).toEqual({ 1: 'true', 2: 'true' });
    expect(await marks('b')).toEqual({ 1: undefined });
    expect(await revision('a')).toBe(2);
    // Visible in helmsync status too.
    const st = await e.cli(['status', '--output', 'json']);
    ok(st);
    const rows = (JSON.parse(st.stdout) as { releases: { name: string; suspended?: boolean; owner?: string }[] }).releases;
    expect(rows.map((x) => [x.name, x.suspended ?? false, typeof x.owner])).toEqual([
      ['a', true, 'string'],
      ['b', false, 'string'],
    ]);
    expect((await e.cli(['status'])).stdout).toMatch(/^a\s+\S+\s+2\s+deployed \(suspended\)/m);
  }, 120_000);

  it('reconcile --once, apply and sync leave the suspended release alone and report it; the others are reconciled', async () => {
    e.write('helmfile.yaml', file('three', 'three'));
    const r = await e.cli(['reconcile', '--once']);
    ok(r, 2);
    expect(r.stderr).toContain(`release ${ns}/a: suspended, left alone (would upgrade); helmsync resume lifts it`);
    expect([await revision('a'), await revision('b')]).toEqual([2, 2]);
    expect([await message('a'), await message('b')]).toEqual(['two', 'three']);
    const ap = await e.cli(['apply', '--detailed-exitcode']);
    ok(ap);
    expect(ap.stderr).toContain(`release ${ns}/a: suspended, left alone (would upgrade)`);
    const sy = await e.cli(['sync']);
    ok(sy);
    expect(sy.stderr).toContain(`release ${ns}/a: suspended, left alone (would upgrade)`);
    expect(await revision('a')).toBe(2);
  }, 180_000);

  it('sync --ignore-suspend acts on it and the mark stays; helm rollback keeps it too', async () => {
    const r = await e.cli(['sync', '--ignore-suspend', '-l', 'name=a']);
    ok(r);
    expect(r.stderr).toContain(`release ${ns}/a: suspended, acted on anyway (--ignore-suspend)`);
    expect(await revision('a')).toBe(3);
    expect(await message('a')).toBe('three');
    expect(await marks('a')).toEqual({ 1: 'true', 2: 'true', 3: 'true' });
    expect((await e.cluster.exec(e.helm, ['rollback', 'a', '1', '-n', ns])).code).toBe(0);
    expect((await marks('a'))[4]).toBe('true');
  }, 180_000);

  it('resume lifts the mark from every revision and the next tick catches up', async () => {
    const r = await e.cli(['resume', '-l', 'name=a']);
    ok(r);
    expect(r.stdout).toBe(`resumed ${ns}/a (revision 4)\n`);
    expect(Object.values(await marks('a')).filter(Boolean)).toEqual([]);
    const tick = await e.cli(['reconcile', '--once']);
    ok(tick, 2);
    expect(tick.stderr).not.toContain('suspended');
    expect(await revision('a')).toBe(5);
    expect(await message('a')).toBe('three');
  }, 180_000);
});
