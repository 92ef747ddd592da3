/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8)
 * with its own config (filesystem storage in a temp dir, plain HTTP on
 * 127.0.0.1:<free port>), optionally behind htpasswd basic auth. Charts are
 * pushed with the real `helm push --plain-http`. `.ci/run` installs the binary.
 */
import { freePort } from './ports.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmAsync, makeTestPki, type TestPki } from './chart-repo.js';

/** The user and password the auth-enabled registry accepts. */
export const OCI_TEST_USER = 'tester';
export const OCI_TEST_PASSWORD = 'helmsync-pass';
// bcrypt of OCI_TEST_PASSWORD (cost 4, so tests stay fast); the registry checks it, not us.
const HTPASSWD = `${OCI_TEST_USER}:$2b$04$QTRCHZIuVKBeXOa0QQADIe/ux99cEYek.dndT928WlMZPtfVYALx2\n`;

export interface OciRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  /** Whether credentials are required (basic auth, or bearer tokens from a token server). */
  auth: boolean;
  /** Token requests the token server answered (token mode). */
  tokenRequests: string[];
  stop(): Promise<void>;
}

/**
 * A minimal token server (the distribution token-auth protocol): checks HTTP
 * basic credentials and returns an RS256 JWT granting the requested scope,
 * signed by a key whose self-signed certificate the registry trusts (x5c).
 */
async function startTokenServer(pki: TestPki, service: string, issuer: string): Promise<{ url: string; requests: string[]; server: Server }> {
  const key = readFileSync(pki.caKey, 'utf8');
  const der = readFileSync(pki.caCert, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const requests: string[] = [];
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const expected = 'Basic ' + Buffer.from(`${OCI_TEST_USER}:${OCI_TEST_PASSWORD}`).toString('base64');
  const server = createHttpServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push(u.search);
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="token"' });
      res.end();
      return;
    }
    const access = u.searchParams.getAll('scope').map((sc) => {
      const [type, name, actions] = sc.split(':');
      return { type, name, actions: (actions ?? '').split(',').filter(Boolean) };
    });
    const now = Math.floor(Date.now() / 1000);
    const head = b64({ typ: 'JWT', alg: 'RS256', x5c: [der] });
    const body = b64({ iss: issuer, sub: OCI_TEST_USER, aud: service, exp: now + 600, nbf: now - 10, iat: now, jti: randomUUID(), access });
    const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url');
    const token = `${head}.${body}.${sig}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 600 }));
  });
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
  return { url: `http://127.0.0.1:${port}/token`, requests, server };
}

/** Registries still running; killed when the test process exits so none outlives a crashed run. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGTERM');
});

async function waitReady(host: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    try {
      const r = await fetch(`http://${host}/v2/`);
      if (r.status === 200 || r.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not become ready on ${host}: ${log()}`);
}

/**
 * Starts a registry. `auth: true` (or `'basic'`) requires OCI_TEST_USER/OCI_TEST_PASSWORD
 * as HTTP basic auth; `auth: 'token'` requires bearer tokens from a token server
 * that accepts those credentials.
 */
export async function startOciRegistry(opts: { auth?: boolean | 'basic' | 'token' } = {}): Promise<OciRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-oci-'));
  let token: Awaited<ReturnType<typeof startTokenServer>> | undefined;
  let pki: TestPki | undefined;
  if (opts.auth === 'token') {
    pki = makeTestPki();
    token = await startTokenServer(pki, 'helmsync-registry', 'helmsync-token-issuer');
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const lines = [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
    ];
    if (opts.auth === 'token') {
      lines.push('auth:', '  token:', `    realm: ${token!.url}`, '    service: helmsync-registry', '    issuer: helmsync-token-issuer', `    rootcertbundle: ${pki!.caCert}`);
    } else if (opts.auth) {
      writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
      lines.push('auth:', '  htpasswd:', '    realm: helmsync-test', `    path: ${join(dir, 'htpasswd')}`);
    }
    writeFileSync(join(dir, 'config.yml'), lines.join('\n') + '\n');
    const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await waitReady(host, child, () => out);
    } catch (e) {
      child.kill('SIGTERM');
      // The port may have been taken between probing and binding: try another.
      if (attempt < 3) continue;
      throw e;
    }
    return {
      host,
      port,
      auth: !!opts.auth,
      tokenRequests: token?.requests ?? [],
      stop: async () => {
        if (token) await new Promise<void>((r) => token!.server.close(() => r()));
        if (pki) rmSync(pki.dir, { recursive: true, force: true });
        if (child.exitCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * Pushes packaged charts with the real `helm push --plain-http` to oci://host/<path>
 * (asynchronously: a token server may live in this process).
 */
export async function pushCharts(helm: string, env: Record<string, string>, registry: OciRegistry, path: string, tgzs: readonly string[]): Promise<void> {
  const must = async (args: string[], input?: string) => {
    const r = await helmAsync(helm, args, env, undefined, input);
    if (r.code !== 0) throw new Error(`helm ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  if (registry.auth) {
    // helm 4 reaches a plain-HTTP registry with --plain-http; helm 3 only has --insecure.
    const major = /^v4\./.test(await must(['version', '--short'])) ? 4 : 3;
    const plain = major === 4 ? '--plain-http' : '--insecure';
    await must(['registry', 'login', registry.host, '--username', OCI_TEST_USER, '--password-stdin', plain], OCI_TEST_PASSWORD);
  }
  for (const tgz of tgzs) await must(['push', tgz, `oci://${registry.host}/${path}`, '--plain-http']);
}
