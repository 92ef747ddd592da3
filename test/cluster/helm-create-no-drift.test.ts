/**
 * The chart `helm create` generates (the starting point of most real charts:
 * probes, empty securityContext/resources maps, a ServiceAccount, optional
 * Ingress and HPA) installed by real helm: right after the install there is
 * neither a change nor drift; after `kubectl set image` there is exactly that drift.
 * Against the real control plane (its defaulting, managedFields and controllers;
 * the emulator under HELMSYNC_TEST_CLUSTER=emulator), a fresh namespace per helm major.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaRunner } from '../../src/process/runner.js';
import { observeReleases } from '../../src/cluster/observe.js';
import { computeReleaseDiff } from '../../src/diff/release-diff.js';
import { renderDiffText } from '../../src/diff/render-text.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { sharedTestCluster, type TestCluster } from '../support/test-cluster.js';

describe.each(HELM_MAJORS)('helm create chart with helm %i', (major) => {
  const { helm, kubectl } = toolset(major);
  let cluster: TestCluster;
  let ns = 'web';
  let dir: string;
  const set = ['--set', 'ingress.enabled=true', '--set', 'autoscaling.enabled=true'];

  beforeAll(async () => {
    cluster = await sharedTestCluster();
    ns = await cluster.namespace(`web-h${major}`);
    dir = mkdtempSync(join(tmpdir(), 'helmsync-create-'));
    execFileSync(helm, ['create', join(dir, 'starter')], { env: cluster.env });
    const r = await cluster.exec(helm, ['install', 'app', join(dir, 'starter'), '-n', ns, ...set]);
    if (r.code !== 0) throw new Error(r.stderr);
  }, 180_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function diff() {
    const desired = execFileSync(helm, ['template', 'app', join(dir, 'starter'), '-n', ns, ...set], { env: cluster.env, encoding: 'utf8' });
    const release = { name: 'app', namespace: ns };
    const observed = (await observeReleases([{ id: `${ns}/app`, release, desiredManifest: desired }], { runner: new ExecaRunner(), kubectl, env: cluster.env, readLive: true })).get(`${ns}/app`)!;
    return computeReleaseDiff({ release, desiredManifest: desired, stored: observed.record, live: observed.live });
  }

  it('shows no change and no drift right after the install', async () => {
    const d = await diff();
    expect(renderDiffText([d])).toBe(`Comparing release=${ns}/app: no changes\n`);
    expect(d.summary.unchanged).toBeGreaterThanOrEqual(5);
  });

  it('shows the image set by hand as drift', async () => {
    const r = await cluster.exec(kubectl, ['set', 'image', 'deployment/app-starter', 'starter=nginx:hacked', '-n', ns]);
    expect(r.stderr).toBe('');
    const d = await diff();
    expect(d.resources.map((x) => [x.id, x.drift?.fields.map((f) => `${f.path}: ${String(f.before)} → ${String(f.after)}`)])).toEqual([
      [`apps/Deployment/${ns}/app-starter`, [expect.stringMatching(/^\/spec\/template\/spec\/containers\/0\/image: nginx:hacked → nginx:/)]],
    ]);
  });
});
