/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8)
 * with its own config (filesystem storage in a temp dir, plain HTTP on
 * 127.0.0.1:<free port>), optionally behind htpasswd basic auth. Charts are
 * pushed with the real `helm push --plain-http`. `.ci/run` installs the binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmSync } from './chart-repo.js';

/** The user and password the auth-enabled registry accepts. */
export const OCI_TEST_USER = 'tester';
export const OCI_TEST_PASSWORD = 'helmsync-pass';
// bcrypt of OCI_TEST_PASSWORD (cost 4, so tests stay fast); the registry checks it, not us.
const HTPASSWD = `${OCI_TEST_USER}:$2b$04$QTRCHZIuVKBeXOa0QQADIe/ux99cEYek.dndT928WlMZPtfVYALx2\n`;

export interface OciRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  /** Whether basic auth is required. */
  auth: boolean;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

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

/** Starts a registry; `auth: true` requires OCI_TEST_USER/OCI_TEST_PASSWORD. */
export async function startOciRegistry(opts: { auth?: boolean } = {}): Promise<OciRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-oci-'));
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
    if (opts.auth) {
      writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
      lines.push('auth:', '  htpasswd:', '    realm: helmsync-test', `    path: ${join(dir, 'htpasswd')}`);
    }
    writeFileSync(join(dir, 'config.yml'), lines.join('\n') + '\n');
    const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      stop: async () => {
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

/** Pushes packaged charts with the real `helm push --plain-http` to oci://host/<path>. */
export function pushCharts(helm: string, env: Record<string, string>, registry: OciRegistry, path: string, tgzs: readonly string[]): void {
  if (registry.auth) {
    // helm 4 reaches a plain-HTTP registry with --plain-http; helm 3 only has --insecure.
    const major = /^v4\./.test(helmSync(helm, ['version', '--short'], env)) ? 4 : 3;
    const plain = major === 4 ? '--plain-http' : '--insecure';
    helmSync(helm, ['registry', 'login', registry.host, '--username', OCI_TEST_USER, '--password-stdin', plain], env, undefined, OCI_TEST_PASSWORD);
  }
  for (const tgz of tgzs) helmSync(helm, ['push', tgz, `oci://${registry.host}/${path}`, '--plain-http'], env);
}
