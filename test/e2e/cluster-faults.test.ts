/**
 * Cluster faults (issue 14) through the BUILT CLI against the emulator, under
 * helm 3 and helm 4: with about one request in ten failing (500s, 409
 * conflicts, dropped connections), a `sync` of 20 releases either converges
 * or names every release it left and why; no release is ever left
 * pending-*; once the faults stop, the next run converges and a diff is
 * clean. Two rounds: the first installs, the second upgrades every release.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

const COUNT = 20;
const NAMESPACES = ['faults-a', 'faults-b', 'faults-c'];
const releases = Array.from({ length: COUNT }, (_, i) => ({ name: `r${String(i).padStart(2, '0')}`, namespace: NAMESPACES[i % NAMESPACES.length] }));

function releasesFile(): string {
  const lines = ['releases:'];
  for (const r of releases) lines.push(`  - name: ${r.name}`, `    namespace: ${r.namespace}`, '    chart: ./charts/demo', '    values:', '      - faults-values.yaml');
  return `${lines.join('\n')}\n`;
}

describe.each(HELM_MAJORS)('cluster faults with helm %i', (major) => {
  let e: ClusterEnv;
  beforeAll(async () => {
    e = await setUp(major);
    e.write('faults.yaml', releasesFile());
  }, 60_000);
  afterAll(async () => {
    await e?.stop();
  });

  /** Latest revision of every release: `ns/name` → status. */
  const statuses = (): Record<string, string> => {
    const last: Record<string, { v: number; s: string }> = {};
    for (const r of e.cluster.releases()) {
      const id = `${r.namespace}/${r.name}`;
      if (!last[id] || last[id].v < Number(r.version)) last[id] = { v: Number(r.version), s: String(r.info.status) };
    }
    return Object.fromEntries(Object.entries(last).map(([k, v]) => [k, v.s]));
  };

  it.each(['first', 'second'])('%s round: sync under a 10%% fault rate names what it left, never leaves pending, and the next run converges', async (round) => {
    const message = `round-${round}`;
    e.write('faults-values.yaml', `message: ${message}\n`);
    e.cluster.setFault({ errorRate: 0.06, conflictRate: 0.03, dropRate: 0.02 });
    const faulted = await e.cli(['-f', 'faults.yaml', 'sync']);
    const injected = e.cluster.faultsInjected();
    e.cluster.setFault({});

    expect([0, 1]).toContain(faulted.exitCode);
    const after = statuses();
    // Nothing half-done: every release helm knows is deployed or failed, none pending-* or uninstalling.
    for (const [id, s] of Object.entries(after)) expect(`${id} ${s}`).not.toMatch(/pending|uninstalling/);
    if (faulted.exitCode === 1) {
      const stderr = faulted.stderr;
      const named = releases.filter((r) => new RegExp(`^  ${r.namespace}/${r.name} \\(`, 'm').test(stderr));
      const failedHead = /(\d+) releases? failed:/.exec(stderr);
      if (failedHead) {
        const summary = stderr.slice(failedHead.index);
        // Every release not deployed with this round's message is named in the summary.
        for (const r of releases) {
          const id = `${r.namespace}/${r.name}`;
          const cm = e.cluster.get('v1', 'ConfigMap', r.namespace, `${r.name}-demo`) ?? e.cluster.get('v1', 'ConfigMap', r.namespace, r.name);
          const done = after[id] === 'deployed' && JSON.stringify(cm?.data ?? {}).includes(message);
          if (!done) expect(`${id}: ${summary.includes(`  ${id} (`) ? 'named' : 'not named'}`).toBe(`${id}: named`);
        }
      } else {
        // One error before the first write (a read that failed three times): one message, nothing written.
        // (Progress lines such as helm's "Building dependency" may come first.)
        expect(stderr.trim().split('\n').filter((l) => /^Error: |error/i.test(l)).length).toBeGreaterThan(0);
      }
      const retries = (stderr.match(/; trying again$/gm) ?? []).length;
      const settled = (stderr.match(/helm left revision \d+ pending-/g) ?? []).length;
      process.stdout.write(`cluster-faults helm ${major} ${round}: ${injected} faults injected, exit 1, ${named.length}/${COUNT} left and named, ${retries} helm retries, ${settled} pending revisions settled; ${Object.values(after).filter((s) => s === 'deployed').length} deployed\n`);
    } else {
      process.stdout.write(`cluster-faults helm ${major} ${round}: ${injected} faults injected, converged (exit 0)\n`);
    }
    expect(injected).toBeGreaterThan(0);

    // Faults gone: the next run converges, and then nothing differs.
    const healed = await e.cli(['-f', 'faults.yaml', 'apply']);
    expect({ exit: healed.exitCode, stderr: healed.exitCode === 0 ? '' : healed.stderr }).toEqual({ exit: 0, stderr: '' });
    const final = statuses();
    expect(Object.keys(final).sort()).toEqual(releases.map((r) => `${r.namespace}/${r.name}`).sort());
    expect(Object.values(final).every((s) => s === 'deployed')).toBe(true);
    const diff = await e.cli(['-f', 'faults.yaml', 'diff', '--detailed-exitcode']);
    expect({ exit: diff.exitCode, out: diff.exitCode === 0 ? '' : diff.stdout }).toEqual({ exit: 0, out: '' });
    for (const r of releases) {
      const cms = e.cluster.list('v1', 'ConfigMap', r.namespace).filter((c) => c.metadata?.labels?.['app.kubernetes.io/instance'] === r.name || String(c.metadata?.name).startsWith(r.name));
      expect(`${r.namespace}/${r.name} ${cms.map((c) => JSON.stringify(c.data)).join(',')}`).toContain(message);
    }
  }, 600_000);
});
