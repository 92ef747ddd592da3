/**
 * `npm run cluster -- --real`: the real control plane (issue 9) answers as a
 * v1.34 server, authenticates tokens, authorizes with RBAC, signs
 * service-account tokens, schedules pods onto the fake Node, and leaves no
 * process behind on SIGTERM. Expected values come from the Kubernetes API
 * (kubectl's and the server's own answers), not from helmsync.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolset } from '../support/binaries.js';
import { repoRoot } from '../support/cli.js';
import { alive, freePort, REAL_CLUSTER_VERSION } from '../support/real-cluster.js';

const { kubectl } = toolset(4);

describe('npm run cluster -- --real', () => {
  let child: ChildProcess;
  let dir: string;
  let kubeconfig: string;
  let port: number;
  let stderr = '';
  const k = (args: string[], env: Record<string, string> = {}): { code: number; out: string } => {
    try {
      return { code: 0, out: execFileSync(kubectl, args, { env: { PATH: process.env.PATH!, HOME: dir, KUBECONFIG: kubeconfig, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (e) {
      const err = e as { status: number; stderr: string; stdout: string };
      return { code: err.status, out: `${err.stdout}${err.stderr}` };
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helmsync-realcli-'));
    kubeconfig = join(dir, 'kubeconfig');
    port = await freePort();
    child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['test/emulator/cli.ts', '--real', '--port', String(port), '--kubeconfig', kubeconfig], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready\n')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`cluster exited ${code}: ${stderr}`)));
    });
  }, 180_000);
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`kubectl version reports a v${REAL_CLUSTER_VERSION} server on the requested port`, () => {
    const r = k(['version', '-o', 'json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out) as { serverVersion: { gitVersion: string; major: string; minor: string } };
    expect(v.serverVersion).toMatchObject({ gitVersion: `v${REAL_CLUSTER_VERSION}`, major: '1', minor: REAL_CLUSTER_VERSION.split('.')[1] });
    expect(k(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}']).out).toBe(`https://127.0.0.1:${port}`);
  });

  it('has the default ServiceAccount and one Ready fake Node without taints', () => {
    expect(k(['get', 'serviceaccount', 'default', '-n', 'default', '-o', 'name']).out.trim()).toBe('serviceaccount/default');
    const nodes = JSON.parse(k(['get', 'nodes', '-o', 'json']).out) as { items: { spec: { taints?: unknown[] }; status: { conditions: { type: string; status: string }[] } }[] };
    expect(nodes.items).toHaveLength(1);
    expect(nodes.items[0]!.spec.taints ?? []).toEqual([]);
    expect(nodes.items[0]!.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('schedules a Deployment and kwok makes its pods Running and Ready; a Job completes', () => {
    expect(k(['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '-n', 'default']).code).toBe(0);
    const w = k(['rollout', 'status', 'deployment/web', '-n', 'default', '--timeout=60s']);
    expect(w).toMatchObject({ code: 0 });
    const pods = JSON.parse(k(['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'json']).out) as { items: { spec: { nodeName: string }; status: { phase: string } }[] };
    expect(pods.items.map((p) => [p.spec.nodeName, p.status.phase])).toEqual([
      ['kwok-node-0', 'Running'],
      ['kwok-node-0', 'Running'],
    ]);
    expect(k(['create', 'job', 'once', '--image=busybox', '-n', 'default']).code).toBe(0);
    expect(k(['wait', '--for=condition=complete', 'job/once', '-n', 'default', '--timeout=60s']).code).toBe(0);
  }, 90_000);

  it('token auth and RBAC: an unknown token is refused; a signed ServiceAccount token authenticates but may not read secrets', () => {
    const token = k(['create', 'token', 'default', '-n', 'default']).out.trim();
    expect(token.split('.')).toHaveLength(3);
    const server = `https://127.0.0.1:${port}`;
    const asSa = k(['--server', server, '--token', token, '--insecure-skip-tls-verify', '--kubeconfig', '/dev/null', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(asSa).toEqual({ code: 0, out: 'system:serviceaccount:default:default' });
    const denied = k(['--server', server, '--token', token, '--insecure-skip-tls-verify', '--kubeconfig', '/dev/null', 'get', 'secrets', '-n', 'default']);
    expect(denied.code).not.toBe(0);
    expect(denied.out).toMatch(/forbidden/i);
    const badToken = k(['--server', server, '--token', 'not-a-token', '--insecure-skip-tls-verify', '--kubeconfig', '/dev/null', 'get', 'secrets', '-n', 'default']);
    expect(badToken.code).not.toBe(0);
    expect(badToken.out).toMatch(/Unauthorized/);
  });

  it('SIGTERM stops every component: no process is left', async () => {
    const pids = [...stderr.matchAll(/^(\S+) started \(pid (\d+)\)$/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(pids.map(([n]) => n)).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
    expect(pids.every(([, p]) => alive(p))).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(pids.filter(([, p]) => alive(p))).toEqual([]);
  }, 30_000);
});
