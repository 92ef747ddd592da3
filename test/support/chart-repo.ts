/**
 * A real HTTP chart repository for tests: charts packaged with the real
 * `helm package`, the index written by the real `helm repo index`, served by a
 * node http server on 127.0.0.1 (port 0). Records every request so tests can
 * prove "one index read per run".
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** fixtures/charts-src */
export const CHARTS_SRC = join(root, 'fixtures', 'charts-src');

/** Versions the `demo` chart is published at: releases, prereleases, odd spellings Helm accepts. */
export const DEMO_VERSIONS = [
  '0.1.0',
  '0.2.0',
  '0.2.3',
  '1.0.0',
  '1.2.0',
  '1.2.5',
  '1.3.0-beta.1',
  '1.3.0',
  '1.10.0',
  '2.0.0-rc.1',
  '2.0.0',
  '2.1.0-alpha.1',
];

/** A fresh set of isolated helm/kube homes under a new temp dir. */
export function isolatedHelmEnv(prefix = 'helmsync-test-'): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    HOME: join(dir, 'home'),
    HELM_CONFIG_HOME: join(dir, 'helm', 'config'),
    HELM_CACHE_HOME: join(dir, 'helm', 'cache'),
    HELM_DATA_HOME: join(dir, 'helm', 'data'),
    KUBECONFIG: join(dir, 'kubeconfig'),
    XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
    XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
    XDG_DATA_HOME: join(dir, 'xdg', 'data'),
  };
  for (const p of [env.HOME, env.HELM_CONFIG_HOME, env.HELM_CACHE_HOME, env.HELM_DATA_HOME]) mkdirSync(p, { recursive: true });
  return { dir, env };
}

/** Runs helm synchronously with the given env; throws with stderr on failure. */
export function helmSync(helm: string, args: string[], env: Record<string, string>, cwd?: string, input?: string): string {
  try {
    return execFileSync(helm, args, { env: { ...process.env, ...env }, cwd, encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

/**
 * Runs helm without blocking the event loop — required whenever helm talks to
 * a server living in this same process (the chart repository below).
 */
export function helmAsync(helm: string, args: string[], env: Record<string, string>, cwd?: string, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = execFile(helm, args, { env: { ...process.env, ...env }, cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
    else child.stdin?.end();
  });
}

/**
 * Packages `chartDir` once per version into `outDir` with `helm package --version`.
 * Returns the .tgz paths.
 */
export function packageChart(helm: string, env: Record<string, string>, chartDir: string, versions: readonly string[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const name = /^name:\s*(\S+)/m.exec(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))![1]!;
  return versions.map((v) => {
    helmSync(helm, ['package', chartDir, '--version', v, '--destination', outDir], env);
    const tgz = join(outDir, `${name}-${v}.tgz`);
    if (!existsSync(tgz)) throw new Error(`helm package did not write ${tgz}`);
    return tgz;
  });
}

export interface ChartRepoOptions {
  /** Directory with .tgz files; `helm repo index` is run on it after the server starts. */
  dir: string;
  helm: string;
  env: Record<string, string>;
  /** Require HTTP basic auth with these credentials. */
  auth?: { username: string; password: string };
  /** Index with absolute URLs (`--url`) instead of relative ones. Default true. */
  absoluteUrls?: boolean;
  /** Serve chart archives from a second server (another host:port), to test passCredentials. */
  chartsElsewhere?: boolean;
  /** A fixed port (the Helmfile corpus cases hard-code theirs); default 0 = any free port. */
  port?: number;
  /** Host name used in the repository URL (the server always binds 127.0.0.1). Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with these PEM files; `clientCa` makes the server demand a client certificate. */
  tls?: { cert: string; key: string; clientCa?: string };
}

export interface ChartRepoServer {
  /** Repository URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  dir: string;
  /** Paths requested so far, in order (both servers). */
  requests: string[];
  /** Authorization headers seen, by path. */
  authHeaders: Map<string, string | undefined>;
  /** How many times index.yaml was fetched. */
  indexReads(): number;
  close(): Promise<void>;
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      res(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

/** Starts a repository serving `opts.dir` and indexes it with the real helm. */
export async function startChartRepo(opts: ChartRepoOptions): Promise<ChartRepoServer> {
  const requests: string[] = [];
  const authHeaders = new Map<string, string | undefined>();
  const expected = opts.auth ? 'Basic ' + Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64') : undefined;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(path);
    authHeaders.set(path, req.headers.authorization);
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' });
      res.end('unauthorized');
      return;
    }
    const file = join(opts.dir, path.replace(/^\/+/, ''));
    if (!file.startsWith(opts.dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip' });
    res.end(readFileSync(file));
  };
  const server: Server = opts.tls
    ? (createHttpsServer(
        {
          cert: readFileSync(opts.tls.cert),
          key: readFileSync(opts.tls.key),
          ...(opts.tls.clientCa ? { ca: readFileSync(opts.tls.clientCa), requestCert: true, rejectUnauthorized: true } : {}),
        },
        handler,
      ) as unknown as Server)
    : createServer(handler);
  const port = await listen(server, opts.port);
  const url = `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}/`;
  let chartsUrl = url;
  let other: Server | undefined;
  if (opts.chartsElsewhere) {
    other = createServer(handler);
    // "localhost" names a different host than 127.0.0.1 for credential purposes.
    chartsUrl = `http://localhost:${await listen(other)}/`;
  }
  const args = ['repo', 'index', opts.dir];
  if (opts.absoluteUrls !== false || opts.chartsElsewhere) args.push('--url', chartsUrl);
  helmSync(opts.helm, args, opts.env);
  return {
    url,
    dir: opts.dir,
    requests,
    authHeaders,
    indexReads: () => requests.filter((p) => p === '/index.yaml').length,
    close: async () => {
      await Promise.all([server, other].filter((s): s is Server => !!s).map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/** PEM files of a throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate (real openssl). */
export interface TestPki {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-pki-'));
  const p = (f: string) => join(dir, f);
  const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '2', '-subj', '/CN=helmsync-test-ca']);
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    writeFileSync(p(`${name}.ext`), ext + '\n');
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=helmsync-test-${name}`]);
    ssl(['x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p(`${name}.crt`), '-days', '2', '-extfile', p(`${name}.ext`)]);
  }
  return { dir, caCert: p('ca.crt'), caKey: p('ca.key'), serverCert: p('server.crt'), serverKey: p('server.key'), clientCert: p('client.crt'), clientKey: p('client.key') };
}

/** Packages demo at DEMO_VERSIONS into a new temp dir and serves it. */
export async function startDemoRepo(helm: string, env: Record<string, string>, extra: Partial<ChartRepoOptions> = {}): Promise<ChartRepoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-repo-'));
  packageChart(helm, env, join(CHARTS_SRC, 'demo'), DEMO_VERSIONS, dir);
  return startChartRepo({ dir, helm, env, ...extra });
}

/** Removes a temp tree quietly. */
export function removeTree(p: string): void {
  rmSync(p, { recursive: true, force: true });
}

