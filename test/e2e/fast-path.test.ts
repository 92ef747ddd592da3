/**
 * The fast path (issue 11) through the BUILT CLI against the API emulator with
 * real helm 3 and helm 4: helm and kubectl are wrapped by counting shims (a
 * node script that logs its argv and runs the real binary), so the tests count
 * the processes a run really starts.
 * - sync stores the inputs digest as the release label helmsync.dev/inputs, tied to the revision;
 * - a no-op diff/apply starts 0 helm and 2 kubectl processes and changes nothing;
 * - a fast-path diff equals the full one (--no-fast-path), drift included;
 * - a changed values file, chart file, --set and chart version each defeat it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { runCli, type CliResult } from '../support/cli.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

function shim(path: string, real: string, log: string): void {
  writeFileSync(
    path,
    [
      '#!/usr/bin/env node',
      "const { spawnSync } = require('node:child_process');",
      `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify([${JSON.stringify(path.split('/').pop())}, ...process.argv.slice(2)]) + '\\n');`,
      `const r = spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });`,
      'process.exit(r.status ?? 1);',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
}

describe.each(HELM_MAJORS)('fast path with helm %i', (major) => {
  let e: ClusterEnv;
  let log: string;
  let helmShim: string;
  let kubectlShim: string;

  /** Runs the CLI through the shims; returns the result and the argv of every helm/kubectl process it started. */
  const counted = async (args: string[]): Promise<CliResult & { calls: string[][] }> => {
    rmSync(log, { force: true });
    const r = await runCli([...args, '--helm-binary', helmShim, '--kubectl-binary', kubectlShim], { cwd: e.dir, env: { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath } });
    let calls: string[][] = [];
    try {
      calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]);
    } catch {
      calls = [];
    }
    return { ...r, calls };
  };
  const count = (calls: string[][], bin: string) => calls.filter((c) => c[0] === bin).length;
  const templates = (calls: string[][]) => calls.filter((c) => c[0] === 'helm' && c[1] === 'template').map((c) => c[2]);
  const inputsLabels = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const s of e.cluster.list('v1', 'Secret')) {
      const l = s.metadata?.labels ?? {};
      if (l.owner === 'helm' && l.status === 'deployed') out[`${s.metadata.namespace}/${l.name}`] = l['helmsync.dev/inputs'];
    }
    return out;
  };

  beforeAll(async () => {
    e = await setUp(major);
    log = join(e.sb.dir, 'calls.log');
    mkdirSync(join(e.sb.dir, 'shims'));
    helmShim = join(e.sb.dir, 'shims', 'helm');
    kubectlShim = join(e.sb.dir, 'shims', 'kubectl');
    shim(helmShim, e.helm, log);
    shim(kubectlShim, e.kubectl, log);
    // Through the shims: this first run asks `helm version` once; later runs take it from the cache.
    const r = await counted(['sync']);
    expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(r.calls.filter((c) => c[0] === 'helm' && c[1] === 'version')).toHaveLength(1);
  }, 90_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('sync stores the inputs digest for the revision it made, as a release label helm keeps', async () => {
    const labels = inputsLabels();
    expect(Object.keys(labels).sort()).toEqual(['apps/web', 'apps/widgets', 'data/db']);
    // Revision 1 of the demo chart has none: its hook tells an install from an upgrade, and diff renders as an upgrade.
    expect(labels['apps/widgets']).toMatch(/^[0-9a-f]{40}\.r1$/);
    expect(labels['data/db']).toBeUndefined();
    const list = await e.cluster.exec(e.helm, ['get', 'metadata', 'widgets', '-n', 'apps', '-o', 'json'], { env: { ...e.cluster.env } });
    if (list.code === 0 && /labels/.test(list.stdout)) expect(JSON.parse(list.stdout).labels['helmsync.dev/inputs']).toBe(labels['apps/widgets']);
    // A second sync upgrades every release: revision 2 carries the digest of every release.
    const r = await counted(['sync']);
    expect(r.exitCode).toBe(0);
    expect(r.calls.filter((c) => c[0] === 'helm' && c[1] === 'version')).toHaveLength(0);
    const after = inputsLabels();
    for (const id of ['apps/web', 'apps/widgets', 'data/db']) expect(after[id]).toMatch(/^[0-9a-f]{40}\.r2$/);
    expect(after['apps/widgets']!.slice(0, 40)).toBe(labels['apps/widgets']!.slice(0, 40));
  }, 90_000);

  it('a no-op diff and a no-op apply start no helm and two kubectl processes', async () => {
    const d = await counted(['diff', '--detailed-exitcode', '--debug']);
    expect({ code: d.exitCode, stdout: d.stdout }).toEqual({ code: 0, stdout: '' });
    expect(d.stderr).toMatch(/release apps\/web: inputs unchanged since revision 2: not rendered/);
    expect({ helm: count(d.calls, 'helm'), kubectl: d.calls.filter((c) => c[0] === 'kubectl').map((c) => c.slice(1, 3).join(' ')) }).toEqual({
      helm: 0,
      kubectl: ['get secrets', 'get --filename'],
    });
    const before = e.revisions();
    const a = await counted(['apply', '--detailed-exitcode']);
    expect(a.exitCode).toBe(0);
    expect({ helm: count(a.calls, 'helm'), kubectl: count(a.calls, 'kubectl') }).toEqual({ helm: 0, kubectl: 2 });
    expect(e.revisions()).toEqual(before);
    // --no-fast-path renders every release.
    const full = await counted(['diff', '--detailed-exitcode', '--no-fast-path']);
    expect(full.exitCode).toBe(0);
    expect(templates(full.calls).sort()).toEqual(['db', 'web', 'widgets']);
  }, 90_000);

  it('a fast-path diff equals the full one, drift included; apply heals the drift', async () => {
    const k = await e.kubectl_(['-n', 'apps', 'scale', 'deployment', 'web', '--replicas', '3']);
    expect(k.code).toBe(0);
    const fast = await counted(['diff', '--output', 'json', '--detailed-exitcode']);
    const full = await counted(['diff', '--output', 'json', '--detailed-exitcode', '--no-fast-path']);
    expect(templates(fast.calls)).toEqual([]);
    expect(templates(full.calls).length).toBe(3);
    expect({ code: fast.exitCode, out: JSON.parse(fast.stdout) }).toEqual({ code: full.exitCode, out: JSON.parse(full.stdout) });
    expect(fast.exitCode).toBe(2);
    const web = (JSON.parse(fast.stdout) as { releases: { release: { name: string }; resources: { drift?: { state: string } }[] }[] }).releases.find((r) => r.release.name === 'web')!;
    expect(web.resources.some((x) => x.drift?.state === 'changed')).toBe(true);
    // apply renders only the drifted release, upgrades it, and the next diff is a no-op again.
    const a = await counted(['apply']);
    expect(a.exitCode).toBe(0);
    expect(templates(a.calls)).toEqual(['web']);
    expect(e.revisions()['apps/web']).toBe(3);
    expect(inputsLabels()['apps/web']).toMatch(/\.r3$/);
    const again = await counted(['diff', '--detailed-exitcode']);
    expect({ code: again.exitCode, helm: count(again.calls, 'helm') }).toEqual({ code: 0, helm: 0 });
  }, 120_000);

  it('a changed values file, chart file, --set and chart version each defeat the fast path', async () => {
    const values = e.read('values/web.yaml');
    e.write('values/web.yaml', 'message: web changed\n');
    const v = await counted(['diff', '--detailed-exitcode']);
    expect({ code: v.exitCode, rendered: templates(v.calls) }).toEqual({ code: 2, rendered: ['web'] });
    e.write('values/web.yaml', values);

    const cm = e.read('charts/demo/templates/configmap.yaml');
    e.write('charts/demo/templates/configmap.yaml', `${cm}\n  extra: "1"\n`);
    const c = await counted(['diff', '--detailed-exitcode']);
    expect({ code: c.exitCode, rendered: templates(c.calls).sort() }).toEqual({ code: 2, rendered: ['db', 'web'] });
    e.write('charts/demo/templates/configmap.yaml', cm);

    const s = await counted(['diff', '--detailed-exitcode', '--set', 'message=from-set']);
    expect(templates(s.calls).sort()).toEqual(['db', 'web', 'widgets']);
    expect(s.exitCode).toBe(2);

    const chartYaml = e.read('charts/demo/Chart.yaml');
    e.write('charts/demo/Chart.yaml', chartYaml.replace('version: 0.1.0', 'version: 0.1.1'));
    const n = await counted(['diff', '--detailed-exitcode']);
    expect({ code: n.exitCode, rendered: templates(n.calls).sort() }).toEqual({ code: 2, rendered: ['db', 'web'] });
    e.write('charts/demo/Chart.yaml', chartYaml);

    const back = await counted(['diff', '--detailed-exitcode']);
    expect({ code: back.exitCode, helm: count(back.calls, 'helm') }).toEqual({ code: 0, helm: 0 });
  }, 120_000);

  it('a chart whose templates call lookup always renders, and --debug says why', async () => {
    e.write('charts/crds/templates/lookup.yaml', '{{- if false }}{{ lookup "v1" "ConfigMap" "apps" "x" }}{{- end }}\n');
    const d = await counted(['diff', '--detailed-exitcode', '--debug']);
    expect(d.exitCode).toBe(0);
    expect(templates(d.calls)).toEqual(['widgets']);
    expect(d.stderr).toMatch(/release apps\/widgets: chart \.\/charts\/crds calls lookup, so it is rendered on every run/);
    rmSync(join(e.dir, 'charts/crds/templates/lookup.yaml'));
  }, 90_000);
});
