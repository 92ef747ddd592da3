/**
 * The context guard (issue 14), BUILT CLI with real helm and kubectl of both
 * majors, against TWO emulators in one kubeconfig: "prod" (the context the
 * environment names with kubeContext:) and "laptop" (the kubeconfig's current
 * context). The current context never receives a request when the file names
 * one — writes and reads go to the named context — and every writing command
 * refuses a disagreeing --kube-context before any request to either cluster.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { repoRoot, runCli, sandbox, type Sandbox } from '../support/cli.js';
import { startCluster, type Cluster } from '../support/cluster.js';

const FILE = ['environments:', '  prod:', '    kubeContext: prod', '---', 'releases:', '  - name: g', '    namespace: guarded', '    chart: ./charts/demo', ''].join('\n');

function kubeconfig(prod: string, laptop: string): string {
  const cluster = (name: string, url: string) => [`- name: ${name}`, '  cluster:', `    server: ${url}`];
  const context = (name: string) => [`- name: ${name}`, '  context:', `    cluster: ${name}`, `    user: ${name}`, '    namespace: default'];
  const user = (name: string) => [`- name: ${name}`, '  user:', `    token: ${name}`];
  return ['apiVersion: v1', 'kind: Config', 'clusters:', ...cluster('prod', prod), ...cluster('laptop', laptop), 'contexts:', ...context('prod'), ...context('laptop'), 'current-context: laptop', 'users:', ...user('prod'), ...user('laptop'), ''].join('\n');
}

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));
const writes = (c: Cluster) => c.requests.filter((q) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(q.method));

describe.each(HELM_MAJORS)('context guard with helm %i', (major) => {
  const { helm, kubectl } = toolset(major);
  let prod: Cluster;
  let laptop: Cluster;
  let sb: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli([...args, '--helm-binary', helm, '--kubectl-binary', kubectl], { cwd: dir, env });

  beforeAll(async () => {
    prod = await startCluster({ controllerDelayMs: 30 });
    laptop = await startCluster({ controllerDelayMs: 30 });
    sb = sandbox('helmsync-context-guard-');
    dir = join(sb.dir, 'work');
    mkdirSync(join(dir, 'charts'), { recursive: true });
    cpSync(join(repoRoot, 'fixtures', 'charts', 'demo'), join(dir, 'charts', 'demo'), { recursive: true });
    writeFileSync(join(dir, 'helmfile.yaml'), FILE);
    const kc = join(sb.dir, 'kubeconfig');
    writeFileSync(kc, kubeconfig(prod.url, laptop.url), { mode: 0o600 });
    env = { ...sb.env, KUBECONFIG: kc };
  }, 60_000);
  afterAll(async () => {
    await prod?.stop();
    await laptop?.stop();
    sb?.cleanup();
  });
  beforeEach(() => {
    laptop.reset();
  });

  it('sync, diff, status and destroy go to the named context; the current context gets no request at all', async () => {
    const s = await cli(['-e', 'prod', 'sync']);
    expect({ code: s.exitCode, stderr: s.exitCode ? s.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(prod.releases('guarded').map((r) => r.info.status)).toEqual(['deployed']);
    const d = await cli(['-e', 'prod', 'diff', '--detailed-exitcode']);
    expect(d.exitCode).toBe(0);
    const st = await cli(['-e', 'prod', 'status']);
    expect(st.exitCode).toBe(0);
    const x = await cli(['-e', 'prod', 'destroy']);
    expect(x.exitCode).toBe(0);
    expect(prod.releases('guarded')).toEqual([]);
    expect(laptop.requests).toEqual([]);
  }, 180_000);

  it.each([['sync'], ['apply'], ['destroy'], ['suspend'], ['resume'], ['reconcile', '--once']])(
    '%s with a disagreeing --kube-context is refused before any request to either cluster',
    async (...cmd) => {
      const from = prod.requests.length;
      const r = await cli(['-e', 'prod', '--kube-context', 'laptop', ...cmd]);
      expect(r.exitCode).toBe(1);
      const refusal = 'helmfile.yaml: environment "prod" writes to kube context "prod", not to --kube-context "laptop" (environment prod)';
      // reconcile reports it as the failed tick's reason (the loop's log line), the others as their one error.
      if (cmd[0] === 'reconcile') expect(r.stderr).toContain(`tick 1: failed, nothing was written: ${refusal}`);
      else expect(errorLines(r.stderr)).toEqual([`error: ${refusal}`]);
      expect(r.stderr).toMatch(/^hint: drop --kube-context/m);
      expect(prod.requests.slice(from)).toEqual([]);
      expect(laptop.requests).toEqual([]);
    },
    60_000,
  );

  it('apply --plan with a disagreeing --kube-context is refused before any write', async () => {
    const p = await cli(['-e', 'prod', 'plan', '--out', 'plan.json']);
    expect(p.exitCode).toBe(0);
    const from = writes(prod).length;
    const r = await cli(['-e', 'prod', '--kube-context', 'laptop', 'apply', '--plan', 'plan.json']);
    expect(r.exitCode).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['error: helmfile.yaml: environment "prod" writes to kube context "prod", not to --kube-context "laptop" (environment prod)']);
    expect(writes(prod).length).toBe(from);
    expect(laptop.requests).toEqual([]);
  }, 120_000);

  it('an environment naming a context the kubeconfig lacks is refused before kubectl runs', async () => {
    writeFileSync(join(dir, 'typo.yaml'), FILE.replace('kubeContext: prod', 'kubeContext: prdo'));
    const from = prod.requests.length;
    const r = await cli(['-f', 'typo.yaml', '-e', 'prod', 'sync']);
    expect(r.exitCode).toBe(1);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(errorLines(r.stderr)[0]).toMatch(/kube context "prdo" does not exist/);
    expect(prod.requests.slice(from)).toEqual([]);
    expect(laptop.requests).toEqual([]);
  }, 60_000);
});
