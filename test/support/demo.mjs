#!/usr/bin/env node
// `npm run demo`: the main job on the bundled example (fixtures/demo), end to end.
// Starts the Kubernetes API emulator (the test cluster), then, with the built CLI and
// the helm 4 + kubectl bundled in devDependencies:
//   list → apply (installs) → change one value in the releases' environment file →
//   diff (shows exactly that change) → apply (upgrades only what changed) → status.
// Everything happens in a throw-away copy of the example with its own helm homes
// and kubeconfig; nothing outside it is touched.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
register();
const { toolset } = await import('./binaries.ts');
const { helm, kubectl } = toolset(4);

const tmp = mkdtempSync(join(tmpdir(), 'helmsync-demo-'));
const work = join(tmp, 'demo');
cpSync(join(root, 'fixtures', 'demo'), work, { recursive: true });
const kubeconfig = join(tmp, 'kubeconfig');
const env = {
  ...process.env,
  HOME: join(tmp, 'home'),
  HELM_CONFIG_HOME: join(tmp, 'helm', 'config'),
  HELM_CACHE_HOME: join(tmp, 'helm', 'cache'),
  HELM_DATA_HOME: join(tmp, 'helm', 'data'),
  KUBECONFIG: kubeconfig,
  KUBECACHEDIR: join(tmp, 'kube-cache'),
  HELMSYNC_KUBECTL_BINARY: kubectl,
};

const bold = process.stderr.isTTY && !process.env.NO_COLOR ? (s) => `\u001b[1m${s}\u001b[22m` : (s) => s;
const say = (s) => process.stderr.write(`\n${bold(s)}\n`);
const file = 'helmfile.yaml.gotmpl';
/** Runs helmsync; `ok` lists the exit codes that are expected here. */
const helmsync = (title, args, ok = [0]) => {
  say(`$ helmsync ${args.join(' ')}   # ${title}`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), '-f', file, '--helm-binary', helm, ...args], { cwd: work, env, stdio: 'inherit' });
  const code = r.status ?? 1;
  if (!ok.includes(code)) throw new Error(`helmsync ${args.join(' ')} exited ${code}`);
  return code;
};

// The emulated cluster: an API server on 127.0.0.1 that real helm and kubectl accept.
const cluster = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'emulator', 'cli.ts'), '--port', '0', '--kubeconfig', kubeconfig], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let clusterLog = '';
cluster.stderr.on('data', (b) => (clusterLog += b));
await new Promise((resolveReady, reject) => {
  const timer = setTimeout(() => reject(new Error(`the emulated cluster did not start:\n${clusterLog}`)), 30_000);
  cluster.stdout.on('data', (b) => {
    if (String(b).includes('ready')) {
      clearTimeout(timer);
      resolveReady();
    }
  });
  cluster.on('exit', (code) => reject(new Error(`the emulated cluster exited (${code}):\n${clusterLog}`)));
});

let status = 0;
try {
  helmsync('the releases of the dev environment', ['-e', 'dev', 'list']);
  helmsync('install everything, in needs order', ['-e', 'dev', 'apply']);
  helmsync('nothing differs now: exit 0, no output', ['-e', 'dev', 'diff', '--detailed-exitcode']);

  const envFile = join(work, 'environments', 'dev.yaml');
  say('# change one value: logLevel debug → trace in environments/dev.yaml');
  writeFileSync(envFile, readFileSync(envFile, 'utf8').replace('logLevel: debug', 'logLevel: trace'));

  helmsync('exactly that change (exit 2: changes)', ['-e', 'dev', 'diff', '--detailed-exitcode'], [2]);
  helmsync('the same diff as Markdown, for a pull-request comment', ['-e', 'dev', 'diff', '--output', 'markdown'], [0]);
  helmsync('upgrade only the release that changed', ['-e', 'dev', 'apply']);
  helmsync('revisions show what was upgraded', ['-e', 'dev', 'status']);
} catch (err) {
  process.stderr.write(`\ndemo failed: ${err.message}\n`);
  status = 1;
} finally {
  cluster.kill('SIGTERM');
  await new Promise((r) => cluster.once('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
