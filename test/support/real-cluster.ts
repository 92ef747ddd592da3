/**
 * A real Kubernetes control plane on 127.0.0.1 for tests and `npm run cluster
 * -- --real`: etcd, kube-apiserver (token auth, RBAC, service-account keys),
 * kube-controller-manager, kube-scheduler and kwok (one fake Node without
 * taints; pods become Running/Ready, Job and helm hook/test pods Succeeded),
 * built by `npm run cluster:build` into ~/.cache/helmsync/.
 *
 * Every component runs in its own process group; `stop()` (and this process's
 * exit) ends each group, so nothing is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
// @ts-expect-error plain ESM module shared with the build script
import { clusterBinaries, missingClusterBinaries, KUBERNETES_VERSION } from '../../scripts/cluster-versions.mjs';

export interface RealControlPlaneOptions {
  /** kube-apiserver's port; a free one when 0 or absent. */
  port?: number;
  /** Folder for data, keys and logs; a temp dir (removed on stop) when absent. */
  dir?: string;
  /** Seconds to wait for the whole control plane; default 120. */
  timeoutSeconds?: number;
  /** Progress lines (component started, readyz answered, …). */
  log?: (line: string) => void;
}

export interface RealControlPlane {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** The bearer token of the `admin` user (group system:masters). */
  token: string;
  /** PEM bundle the server certificate verifies against. */
  caPath: string;
  /** Kubeconfig text (admin token, the server's CA) with `namespace` as the context's namespace. */
  kubeconfig(namespace?: string): string;
  /** Process ids of the components (each the leader of its own process group). */
  pids: Record<string, number>;
  /** Authenticated JSON request to the API server. */
  api(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export const REAL_CLUSTER_VERSION: string = KUBERNETES_VERSION;

/** Missing binaries of the real control plane, as `name (path)`; empty when it can start. */
export function missingRealClusterBinaries(): string[] {
  return missingClusterBinaries() as string[];
}

export { freePort } from './ports.js';

const live = new Set<ChildProcess>();
let exitHook = false;
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function fakeNode(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    // No taints: chart pods must schedule here.
    spec: {},
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'fake', kubeProxyVersion: 'fake' },
    },
  };
}

/**
 * Start the real control plane and resolve once it is ready (readyz, Node Ready, default ServiceAccount).
 * A component that lost its port to another process between the choice and its bind is started again
 * on fresh ports (three tries).
 */
export async function startRealControlPlane(opts: RealControlPlaneOptions = {}): Promise<RealControlPlane> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test(String((err as Error).message))) throw err;
      if (opts.dir) rmSync(join(opts.dir, 'etcd'), { recursive: true, force: true });
      (opts.log ?? (() => {}))(`real control plane: a port was taken before its bind; starting again (${attempt + 1}/3)`);
    }
  }
}

async function startOnce(opts: RealControlPlaneOptions): Promise<RealControlPlane> {
  const missing = missingRealClusterBinaries();
  if (missing.length) throw new Error(`the real control plane is not built (missing ${missing.join(', ')}); run npm run cluster:build`);
  const bins = clusterBinaries();
  const log = opts.log ?? (() => {});
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'helmsync-realcp-'));
  mkdirSync(join(dir, 'pki'), { recursive: true });
  const deadline = Date.now() + (opts.timeoutSeconds ?? 120) * 1000;
  const [etcdPort, peerPort, port] = [await freePort(), await freePort(), opts.port || (await freePort())];
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin,"system:masters"\n`, { mode: 0o600 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  writeFileSync(join(dir, 'sa.key'), privateKey, { mode: 0o600 });
  const url = `https://127.0.0.1:${port}`;
  const caPath = join(dir, 'pki', 'apiserver.crt');
  const kubeconfig = (namespace = 'default', insecure = false): string =>
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: real',
      '  cluster:',
      `    server: ${url}`,
      insecure ? '    insecure-skip-tls-verify: true' : `    certificate-authority-data: ${Buffer.from(readFileSync(caPath)).toString('base64')}`,
      'contexts:',
      '- name: real',
      '  context:',
      '    cluster: real',
      '    user: admin',
      `    namespace: ${namespace}`,
      'current-context: real',
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${token}`,
      '',
    ].join('\n');

  const procs: { name: string; child: ChildProcess; logPath: string }[] = [];
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const c of live) killGroup(c, 'SIGKILL');
    });
  }
  const tail = (p: string): string => {
    try {
      return readFileSync(p, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  };
  const start = (name: string, bin: string, args: string[]): void => {
    const logPath = join(dir, `${name}.log`);
    const fd = openSync(logPath, 'a');
    const child = spawn(bin, args, { cwd: dir, detached: true, stdio: ['ignore', fd, fd], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } });
    closeSync(fd);
    live.add(child);
    child.on('exit', () => live.delete(child));
    procs.push({ name, child, logPath });
    log(`${name} started (pid ${child.pid})`);
  };
  const exited = (): string | undefined => {
    const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    return dead && `${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}); last lines of ${dead.logPath}:\n${tail(dead.logPath)}`;
  };

  const api = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = request(
        `${url}${path}`,
        {
          method,
          rejectUnauthorized: false,
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(data ? { 'Content-Type': contentType, 'Content-Length': data.length } : {}) },
          timeout: 10_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // plain text (readyz)
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(data);
    });

  const waitFor = async (what: string, probe: () => Promise<boolean>): Promise<void> => {
    for (;;) {
      const dead = exited();
      if (dead) throw new Error(`real control plane: ${dead}`);
      if (await probe().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`real control plane: timed out waiting for ${what} (logs in ${dir})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const stop = async (): Promise<void> => {
    for (const p of [...procs].reverse()) killGroup(p.child, 'SIGTERM');
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            const t = setTimeout(() => killGroup(p.child, 'SIGKILL'), 5_000);
            p.child.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
          }),
      ),
    );
    // A component may have left children in its group: end the group for sure.
    for (const p of procs) {
      try {
        process.kill(-p.child.pid!, 'SIGKILL');
      } catch {
        // group empty
      }
    }
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };

  const t0 = Date.now();
  try {
    start('etcd', bins.etcd, [
      '--name=default',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    start('kube-apiserver', bins.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${join(dir, 'pki')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.key')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--endpoint-reconciler-type=none',
      '--profiling=false',
      '--v=0',
    ]);
    await waitFor('kube-apiserver /readyz', async () => (await api('GET', '/readyz')).status === 200);
    log(`kube-apiserver ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const kcPath = join(dir, 'components.kubeconfig');
    writeFileSync(kcPath, kubeconfig('default', false), { mode: 0o600 });
    start('kube-controller-manager', bins.kubeControllerManager, [
      `--kubeconfig=${kcPath}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      `--root-ca-file=${caPath}`,
      `--service-account-private-key-file=${join(dir, 'sa.key')}`,
      '--use-service-account-credentials=false',
      '--profiling=false',
    ]);
    start('kube-scheduler', bins.kubeScheduler, [`--kubeconfig=${kcPath}`, '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=0', '--profiling=false']);
    start('kwok', bins.kwok, [
      `--kubeconfig=${kcPath}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--cidr=10.0.0.0/24',
      '--node-ip=10.0.0.1',
      '--node-lease-duration-seconds=40',
      `--config=${bins.kwokStages}`,
      '--server-address=',
    ]);
    const node = 'kwok-node-0';
    await waitFor('the fake Node to be created', async () => {
      const r = await api('POST', '/api/v1/nodes', fakeNode(node));
      return r.status === 201 || r.status === 409;
    });
    await waitFor('the fake Node to be Ready', async () => {
      const r = await api('GET', `/api/v1/nodes/${node}`);
      return (r.body?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    });
    await waitFor('the default ServiceAccount', async () => (await api('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200);
    log(`control plane ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    token,
    caPath,
    kubeconfig: (ns) => kubeconfig(ns),
    pids: Object.fromEntries(procs.map((p) => [p.name, p.child.pid!])),
    api,
    stop,
  };
}

/** True when `pid` is still a live process. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
