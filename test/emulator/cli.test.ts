/**
 * `npm run cluster` entry point: prints `ready`, writes a kubeconfig that
 * kubectl accepts, stops cleanly on SIGTERM and, with --state, keeps the
 * cluster across processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolset } from '../support/binaries.js';
import { startCluster, type Cluster } from '../support/cluster.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function startCli(args: string[]): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'test', 'emulator', 'cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolveReady, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolveReady({ child, exited });
    });
    child.on('exit', (code) => reject(new Error(`cli exited early (${code})`)));
  });
}

describe('emulator CLI', () => {
  const { kubectl } = toolset(4);
  let helper: Cluster;

  beforeAll(async () => {
    // Only for an isolated env and exec(); the CLI runs its own emulator.
    helper = await startCluster();
  });
  afterAll(async () => helper.stop());

  it('serves until SIGTERM and persists state with --state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const state = join(dir, 'state.json');
    const first = await startCli(['--port', '0', '--kubeconfig', kubeconfig, '--state', state]);
    expect(readFileSync(kubeconfig, 'utf8')).toMatch(/server: http:\/\/127\.0\.0\.1:\d+/);
    const env = { ...helper.newEnv(), KUBECONFIG: kubeconfig };
    expect((await helper.exec(kubectl, ['create', 'namespace', 'kept'], { env })).code).toBe(0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(state)).toBe(true);

    const second = await startCli(['--port', '0', '--kubeconfig', kubeconfig, '--state', state]);
    try {
      const env2 = { ...helper.newEnv(), KUBECONFIG: kubeconfig };
      const r = await helper.exec(kubectl, ['get', 'namespace', 'kept', '-o', 'jsonpath={.status.phase}'], { env: env2 });
      expect([r.code, r.stdout]).toEqual([0, 'Active']);
      // Writes are saved shortly after they happen, while still running (so a SIGKILL loses little).
      expect((await helper.exec(kubectl, ['create', 'namespace', 'kept2'], { env: env2 })).code).toBe(0);
      await new Promise((r) => setTimeout(r, 600));
      expect(readFileSync(state, 'utf8')).toContain('"kept2"');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
