/**
 * Drift of a custom resource (CRD shipped in the chart's crds/) and of a
 * Secret, against objects real helm installed on the real control plane (the
 * emulator under HELMSYNC_TEST_CLUSTER=emulator), a fresh namespace per helm
 * major; the secret value never reaches any renderer.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ExecaRunner } from '../../src/process/runner.js';
import { readReleaseRecords } from '../../src/cluster/release-records.js';
import { readLiveObjects } from '../../src/cluster/live-objects.js';
import { computeReleaseDiff, liveTargets } from '../../src/diff/release-diff.js';
import { renderDiffText } from '../../src/diff/render-text.js';
import { renderDiffJson } from '../../src/diff/render-json.js';
import { renderDiffMarkdown } from '../../src/diff/render-markdown.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { sharedTestCluster, type TestCluster } from '../support/test-cluster.js';
import { chartsDir, helmTemplate } from '../diff/helm-template.js';

const runner = new ExecaRunner();
const SENTINEL = 'SENTINEL-live-7c21e0';

describe.each(HELM_MAJORS)('with helm %i', (major) => {
  const { helm, kubectl } = toolset(major);
  let cluster: TestCluster;
  let ns = 'apps';
  const ok = async (bin: string, args: string[]) => {
    const r = await cluster.exec(bin, args);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    cluster = await sharedTestCluster();
    ns = await cluster.namespace(`apps-h${major}`);
    await ok(helm, ['install', 'w', join(chartsDir, 'widgets'), '-n', ns]);
    await ok(helm, ['install', 'web', join(chartsDir, 'webapp'), '-n', ns, '--set', `password=${SENTINEL}`]);
  }, 180_000);

  async function diffOf(name: string, chart: string, set: Record<string, string> = {}) {
    const release = { name, namespace: ns };
    const desired = helmTemplate({ release: name, namespace: ns, chart, set, major });
    const [stored] = await readReleaseRecords({ runner, kubectl, env: cluster.env, namespaces: [ns], names: [name] });
    const live = await readLiveObjects(liveTargets(desired, release), { runner, kubectl, env: cluster.env });
    return computeReleaseDiff({ release, desiredManifest: desired, stored, live }, { secretValues: [SENTINEL] });
  }

  it('a custom resource edited live drifts on exactly the edited field', async () => {
    expect((await diffOf('w', 'widgets')).hasChanges).toBe(false);
    await ok(kubectl, ['patch', 'widget.v1.example.com', 'w', '-n', ns, '--type=merge', '-p', '{"spec":{"color":"red","extra":1}}']);
    const d = await diffOf('w', 'widgets');
    expect(d.resources.map((r) => [r.id, r.change, r.drift?.fields])).toEqual([
      [`example.com/Widget/${ns}/w`, 'unchanged', [{ path: '/spec/color', op: 'replace', before: 'red', after: 'blue' }]],
    ]);
  });

  it('a Secret edited live drifts, masked in every renderer', async () => {
    expect((await diffOf('web', 'webapp', { password: SENTINEL })).hasChanges).toBe(false);
    const other = Buffer.from(`${SENTINEL}-edited`).toString('base64');
    await ok(kubectl, ['patch', 'secret', 'web-credentials', '-n', ns, '--type=merge', '-p', JSON.stringify({ data: { password: other } })]);
    const d = await diffOf('web', 'webapp', { password: SENTINEL });
    const sec = d.resources.find((r) => r.key.kind === 'Secret')!;
    expect(sec.drift!.fields).toEqual([
      { path: '/data/password', op: 'replace', before: `<secret: ${SENTINEL.length + 7} bytes>`, after: `<secret: ${SENTINEL.length} bytes, changed>`, masked: true },
    ]);
    for (const out of [renderDiffText([d]), renderDiffJson([d]), renderDiffMarkdown([d])]) {
      expect(out).toContain('<secret: ');
      for (const leak of [SENTINEL, Buffer.from(SENTINEL).toString('base64'), other]) expect(out).not.toContain(leak);
    }
  });
});
