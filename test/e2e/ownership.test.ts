/**
 * The owner mark (issue 10, "Prune and ownership") through the BUILT CLI with
 * real helm 3 and helm 4, on the real control plane (HELMSYNC_TEST_CLUSTER=emulator:
 * the emulator): every install/upgrade stores `helmsync.dev/owner` (and the
 * needs depth) as helm release labels on the storage Secret; the owner is
 * derived from the file's path relative to its git root and the environment,
 * or `--owner`; helm carries the labels over a plain `helm upgrade`, and a
 * `helm rollback N` takes revision N's. Expected owner values are computed
 * here from the documented rule (sha256 of path NUL environment).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUpShared, type SharedClusterEnv } from './cluster-support.js';

/** The documented rule: `<readable>_<env>_<first 8 hex of sha256(id NUL env)>`. */
const derived = (id: string, env: string, readable: string) =>
  `${readable}_${createHash('sha256').update(`${id}\0${env}`).digest('hex').slice(0, 8)}`;

describe.each(HELM_MAJORS)('owner mark with helm %i', (major) => {
  let e: SharedClusterEnv;
  let ns: string;
  beforeAll(async () => {
    e = await setUpShared(major);
    ns = await e.cluster.namespace(`own${major}`);
    e.write(
      'helmfile.yaml',
      [
        'environments:',
        '  default: {}',
        '  prod: {}',
        '---',
        'releases:',
        `  - name: db`,
        `    namespace: ${ns}`,
        '    chart: ./charts/demo',
        `  - name: web`,
        `    namespace: ${ns}`,
        '    chart: ./charts/demo',
        `    needs: [${ns}/db]`,
        '',
      ].join('\n'),
    );
  }, 180_000);
  afterAll(async () => {
    await e?.stop();
  });

  /** The owner and depth labels of each stored revision of a release: revision → labels (other helmsync labels, inputs and lock, have their own tests). */
  const storage = async (name: string): Promise<Record<number, Record<string, string>>> => {
    const out: Record<number, Record<string, string>> = {};
    for (const s of await e.cluster.list('v1', 'Secret', ns)) {
      const l = (s.metadata?.labels ?? {}) as Record<string, string>;
      if (l.owner !== 'helm' || l.name !== name) continue;
      out[Number(l.version)] = Object.fromEntries(Object.entries(l).filter(([k]) => k === 'helmsync.dev/owner' || k === 'helmsync.dev/depth'));
    }
    return out;
  };

  const noGitOwner = () => derived(join(e.dir, 'helmfile.yaml'), 'default', 'helmfile.yaml_default');

  it('sync marks every release with the owner derived from the file (its absolute path outside a git work tree) and environment, and its needs depth', async () => {
    const r = await e.cli(['sync']);
    expect({ code: r.exitCode, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    const owner = noGitOwner();
    expect(await storage('db')).toEqual({ 1: { 'helmsync.dev/owner': owner, 'helmsync.dev/depth': '0' } });
    expect(await storage('web')).toEqual({ 1: { 'helmsync.dev/owner': owner, 'helmsync.dev/depth': '1' } });
    // helm itself reads them back as the release's labels.
    if (major === 4) {
      const meta = await e.cluster.exec(e.helm, ['get', 'metadata', 'web', '-n', ns, '-o', 'json']);
      expect(JSON.parse(meta.stdout).labels).toMatchObject({ 'helmsync.dev/owner': owner });
    }
  }, 180_000);

  it('in a git work tree the owner comes from the origin (without credentials) and the path relative to the root, whatever directory the clone is in; -e changes it', async () => {
    await execa('git', ['init', '-q', e.dir]);
    await execa('git', ['-C', e.dir, 'remote', 'add', 'origin', 'https://deployer:tok3n-SENTINEL@git.example.com/org/infra.git']);
    mkdirSync(join(e.dir, 'deploy'));
    e.write('deploy/helmfile.yaml', e.read('helmfile.yaml').replace(/\.\/charts\/demo/g, '../charts/demo'));
    // A value change, so apply upgrades db (web has no change: no new revision, the mark stays).
    e.write('deploy/helmfile.yaml', e.read('deploy/helmfile.yaml').replace('    chart: ../charts/demo\n  - name: web', '    chart: ../charts/demo\n    set: [{ name: message, value: moved }]\n  - name: web'));
    const r = await e.cli(['apply', '-f', 'deploy/helmfile.yaml', '-e', 'prod']);
    expect({ code: r.exitCode, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    const owner = derived('git.example.com/org/infra\0deploy/helmfile.yaml', 'prod', 'infra.deploy.helmfile.yaml_prod');
    expect((await storage('db'))[2]).toEqual({ 'helmsync.dev/owner': owner, 'helmsync.dev/depth': '0' });
    expect(r.all).not.toContain('tok3n-SENTINEL');
    expect(Object.keys(await storage('web'))).toEqual(['1']);
  }, 180_000);

  it('--owner NAME is written as given; an owner that cannot be a label value is refused before anything is written', async () => {
    const bad = await e.cli(['sync', '--owner', 'team a!']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/--owner "team a!" cannot be stored as a helm release label value/);
    expect(Object.keys(await storage('web'))).toEqual(['1']);
    const r = await e.cli(['sync', '--owner', 'team-a.prod', '-l', 'name=web']);
    expect({ code: r.exitCode, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect((await storage('web'))[2]).toEqual({ 'helmsync.dev/owner': 'team-a.prod', 'helmsync.dev/depth': '1' });
  }, 180_000);

  it('helm keeps the marks over a plain helm upgrade; helm rollback N takes revision N\'s labels', async () => {
    const up = await e.cluster.exec(e.helm, ['upgrade', 'web', join(e.dir, 'charts', 'demo'), '-n', ns, '--reuse-values']);
    expect(up.code).toBe(0);
    expect((await storage('web'))[3]).toEqual({ 'helmsync.dev/owner': 'team-a.prod', 'helmsync.dev/depth': '1' });
    const rb = await e.cluster.exec(e.helm, ['rollback', 'web', '1', '-n', ns]);
    expect(rb.code).toBe(0);
    expect((await storage('web'))[4]).toEqual({ 'helmsync.dev/owner': noGitOwner(), 'helmsync.dev/depth': '1' });
  }, 180_000);
});
