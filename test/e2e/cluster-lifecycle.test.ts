/**
 * diff → sync → change → diff → apply → drift → diff → sync → status → destroy,
 * through the BUILT CLI against the real control plane (test/support/real-cluster.ts;
 * the emulator under HELMSYNC_TEST_CLUSTER=emulator) with real helm 3 and helm 4.
 * The steps build on each other, so they run in order; both helm majors share the file's
 * one cluster, one after the other (each ends with destroy).
 * Expected values come from the fixture (fixtures/e2e-cluster) and the cluster
 * state, never from helmsync's own output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { HELM_MAJORS } from '../support/binaries.js';
import type { CliResult } from '../support/cli.js';
import { setUpShared, type SharedClusterEnv } from './cluster-support.js';

/** The demo chart's `checksum/config` annotation: `sha256sum | trunc 12` of the message. */
const checksum = (message: string) => createHash('sha256').update(message).digest('hex').slice(0, 12);

const SENTINEL = 'SENTINEL-7f3a9c2e-secret';
const SENTINEL2 = 'SENTINEL-0b1d5e8f-rotated';

interface JsonDiff {
  hasChanges: boolean;
  releases: {
    release: { name: string; namespace: string };
    hasChanges: boolean;
    resources: { id: string; change: string; fields: { path: string }[]; drift?: { state: string; fields: { path: string; before?: unknown; after?: unknown }[] } }[];
  }[];
}

describe.each(HELM_MAJORS)('cluster lifecycle with helm %i', (major) => {
  let e: SharedClusterEnv;
  /** Every output of every command, to prove the sentinel never leaks. */
  const outputs: string[] = [];
  const cli = async (args: string[]): Promise<CliResult> => {
    const r = await e.cli(args);
    outputs.push(r.all);
    return r;
  };

  beforeAll(async () => {
    e = await setUpShared(major);
  }, 180_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('sync installs every release in needs order, with prepare/presync/postsync/cleanup hooks', async () => {
    const r = await cli(['sync']);
    expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect((await e.revisions())).toEqual({ 'data/db': 1, 'apps/web': 1, 'apps/widgets': 1 });
    expect(r.stdout).toMatch(/UPDATED RELEASES:/);
    expect(e.read('hooks.log').trim().split('\n')).toEqual(['prepare widgets', 'presync widgets', 'postsync widgets', 'cleanup widgets']);
    // web needs db: db's install finished before web's started.
    const log = r.stderr.split('\n');
    expect(log.findIndex((l) => /install data\/db: done/.test(l))).toBeLessThan(log.findIndex((l) => /install apps\/web: started/.test(l)));
    expect((await e.cluster.get('example.helmsync.dev/v1', 'Widget', 'apps', 'widgets'))?.spec).toEqual({ size: 1, color: 'blue', parts: ['a', 'b'] });
  }, 90_000);

  it('diff --detailed-exitcode right after sync exits 0 and prints nothing', async () => {
    const r = await cli(['diff', '--detailed-exitcode']);
    expect({ code: r.exitCode, stdout: r.stdout }).toEqual({ code: 0, stdout: '' });
  }, 60_000);

  it('a changed value: exit 2 and the diff shows exactly that change', async () => {
    e.write('values/web.yaml', 'message: web changed\n');
    const r = await cli(['diff', '--detailed-exitcode', '--context', '1']);
    expect(r.exitCode).toBe(2);
    const changed = r.stdout.split('\n').filter((l) => /^[-+] /.test(l));
    // The ConfigMap value, and the checksum annotation the chart derives from it.
    expect(changed).toEqual([
      '-   message: web says hello',
      '+   message: web changed',
      `-         checksum/config: ${checksum('web says hello')}`,
      `+         checksum/config: ${checksum('web changed')}`,
    ]);
    expect(r.stdout).not.toMatch(/data\/db|apps\/widgets/);
    // --context 1: one line around each change, not whole objects.
    expect(r.stdout).not.toContain('apiVersion:');
    const suppressed = await cli(['diff', '--suppress', 'ConfigMap', '--suppress', 'Deployment', '--detailed-exitcode']);
    expect({ code: suppressed.exitCode, stdout: suppressed.stdout }).toEqual({ code: 0, stdout: '' });

    const j = await cli(['diff', '--output', 'json']);
    expect(j.exitCode).toBe(0);
    const doc = JSON.parse(j.stdout) as JsonDiff;
    expect(doc.releases.filter((d) => d.hasChanges).map((d) => `${d.release.namespace}/${d.release.name}`)).toEqual(['apps/web']);
    const web = doc.releases.find((d) => d.release.name === 'web')!;
    expect(web.resources.map((x) => [x.id, x.change, x.fields.map((f) => f.path)])).toEqual([
      ['/ConfigMap/apps/web', 'changed', ['/data/message']],
      ['apps/Deployment/apps/web', 'changed', ['/spec/template/metadata/annotations/checksum~1config']],
    ]);
  }, 60_000);

  it('apply upgrades only the changed release', async () => {
    const r = await cli(['apply', '--detailed-exitcode']);
    expect({ code: r.exitCode, err: r.exitCode === 2 ? '' : r.stderr }).toEqual({ code: 2, err: '' });
    expect((await e.revisions())).toEqual({ 'data/db': 1, 'apps/web': 2, 'apps/widgets': 1 });
    expect((await e.cluster.get('v1', 'ConfigMap', 'apps', 'web'))?.data).toEqual({ message: 'web changed' });
  }, 90_000);

  it('a manual kubectl edit (Deployment and custom resource) or delete is reported as drift', async () => {
    expect((await e.kubectl_(['scale', 'deployment', 'web', '-n', 'apps', '--replicas=3'])).code).toBe(0);
    expect((await e.kubectl_(['patch', 'widgets.example.helmsync.dev', 'widgets', '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"color":"red"}}'])).code).toBe(0);
    expect((await e.kubectl_(['delete', 'configmap', 'db', '-n', 'data'])).code).toBe(0);
    const r = await cli(['diff', '--detailed-exitcode']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/data, db, ConfigMap \(v1\) is missing from the cluster \(drift\)/);
    expect(r.stdout).toMatch(/apps, web, Deployment \(apps\/v1\) has drifted/);
    expect(r.stdout).toMatch(/^- {3}replicas: 3$/m);
    expect(r.stdout).toMatch(/^- {3}color: red$/m);
    const j = JSON.parse((await cli(['diff', '--output', 'json'])).stdout) as JsonDiff;
    const drift = j.releases.flatMap((d) => d.resources.filter((x) => x.drift?.state === 'changed').map((x) => [x.id, x.change, x.drift!.fields.map((f) => [f.path, f.before, f.after])]));
    expect(drift).toEqual([
      // Releases in run order: widgets comes before web (web waits for db).
      ['example.helmsync.dev/Widget/apps/widgets', 'unchanged', [['/spec/color', 'red', 'blue']]],
      ['apps/Deployment/apps/web', 'unchanged', [['/spec/replicas', 3, 1]]],
    ]);
  }, 60_000);

  it('ignoreDiffs in helmDefaults drops the drifted fields from the diff and the exit code', async () => {
    const rules = [
      '  ignoreDiffs:',
      '    - {kind: Deployment, group: apps, jsonPointers: [/spec/replicas]}',
      '    - {kind: Widget, name: widgets, jsonPointers: [/spec/color]}',
      '',
    ].join('\n');
    e.write('ignoring.yaml', e.read('helmfile.yaml').replace('helmDefaults:\n', `helmDefaults:\n${rules}`));
    // db (its ConfigMap deleted by hand) is left out: a missing object is not a field to ignore.
    const r = await cli(['-f', 'ignoring.yaml', '-l', 'name!=db', 'diff', '--detailed-exitcode']);
    expect({ code: r.exitCode, stdout: r.stdout, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stdout: '', err: '' });
  }, 60_000);

  it('sync heals the drift diff reported', async () => {
    const r = await cli(['sync']);
    expect({ code: r.exitCode, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect((await e.cluster.get('apps/v1', 'Deployment', 'apps', 'web'))?.spec.replicas).toBe(1);
    expect((await e.cluster.get('example.helmsync.dev/v1', 'Widget', 'apps', 'widgets'))?.spec.color).toBe('blue');
    expect((await e.cluster.get('v1', 'ConfigMap', 'data', 'db'))?.data).toEqual({ message: 'db says hello' });
    const d = await cli(['diff', '--detailed-exitcode']);
    expect({ code: d.exitCode, stdout: d.stdout }).toEqual({ code: 0, stdout: '' });
  }, 90_000);

  it('secret values are masked in text, JSON and Markdown unless --show-secrets', async () => {
    const live = (await e.cluster.get('v1', 'Secret', 'data', 'db'))!;
    expect(Buffer.from(live.data.password, 'base64').toString()).toBe(SENTINEL);
    e.write('values/db.yaml', `message: db says hello\npassword: ${SENTINEL2}\n`);
    for (const output of ['text', 'json', 'markdown']) {
      const r = await cli(['diff', '--output', output, '--detailed-exitcode']);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toMatch(/secret: \d+ bytes/);
    }
    const shown = await e.cli(['diff', '--show-secrets']);
    expect(shown.stdout).toContain(SENTINEL);
    expect(shown.stdout).toContain(SENTINEL2);
    const s = await cli(['diff', '--suppress-secrets', '--detailed-exitcode']);
    expect({ code: s.exitCode, stdout: s.stdout }).toEqual({ code: 0, stdout: '' });
    const a = await cli(['apply']);
    expect(a.exitCode).toBe(0);
    expect(Buffer.from((await e.cluster.get('v1', 'Secret', 'data', 'db'))!.data.password, 'base64').toString()).toBe(SENTINEL2);
  }, 120_000);

  it('status prints a table and JSON of the stored releases', async () => {
    const r = await cli(['status']);
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t').map((c) => c.trim()));
    expect(rows[0]).toEqual(['NAME', 'NAMESPACE', 'REVISION', 'STATUS', 'CHART', 'UPDATED']);
    const rev = (await e.revisions());
    expect(rows.slice(1).map((x) => x.slice(0, 5))).toEqual([
      ['db', 'data', String(rev['data/db']), 'deployed', 'demo-0.1.0'],
      ['widgets', 'apps', String(rev['apps/widgets']), 'deployed', 'crds-0.1.0'],
      ['web', 'apps', String(rev['apps/web']), 'deployed', 'demo-0.1.0'],
    ]);
    const j = (JSON.parse((await cli(['status', '--output', 'json'])).stdout) as { releases: { name: string; revision: number; status: string }[] }).releases;
    expect(j.map((x) => [x.name, x.revision, x.status])).toEqual([
      ['db', rev['data/db'], 'deployed'],
      ['widgets', rev['apps/widgets'], 'deployed'],
      ['web', rev['apps/web'], 'deployed'],
    ]);
  }, 60_000);

  it('destroy removes every release and its objects, with preuninstall/postuninstall hooks', async () => {
    const r = await cli(['destroy']);
    expect({ code: r.exitCode, err: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(r.stdout).toMatch(/DELETED RELEASES:/);
    expect(e.read('hooks.log').trim().split('\n').slice(-2)).toEqual(['preuninstall widgets', 'postuninstall widgets']);
    // web (needs db) was uninstalled before db.
    expect(r.stderr.indexOf('uninstall apps/web: done')).toBeLessThan(r.stderr.indexOf('uninstall data/db: started'));
    expect((await e.cluster.releases())).toEqual([]);
    expect((await e.cluster.list('apps/v1', 'Deployment'))).toEqual([]);
    expect((await e.cluster.list('v1', 'ConfigMap')).filter((c) => c.metadata.namespace !== 'kube-system' && c.metadata.name !== 'kube-root-ca.crt')).toEqual([]);
    expect((await e.cluster.list('example.helmsync.dev/v1', 'Widget'))).toEqual([]);
    const s = (JSON.parse((await cli(['status', '--output', 'json'])).stdout) as { releases: { status: string }[] }).releases;
    expect(s.map((x) => x.status)).toEqual(['not installed', 'not installed', 'not installed']);
  }, 60_000);

  it('no command printed the secret values (text, JSON, Markdown, logs)', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const o of outputs) {
      expect(o).not.toContain(SENTINEL);
      expect(o).not.toContain(SENTINEL2);
      expect(o).not.toContain(Buffer.from(SENTINEL).toString('base64'));
    }
  });
});
