#!/usr/bin/env node
// `npm run demo`: renders the bundled example (fixtures/demo) with the built CLI,
// using the helm 4 binary bundled in devDependencies, in throw-away helm homes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
register();
const { toolset } = await import('./binaries.ts');
const { helm } = toolset(4);

const tmp = mkdtempSync(join(tmpdir(), 'helmsync-demo-'));
const env = {
  ...process.env,
  HELM_CONFIG_HOME: join(tmp, 'config'),
  HELM_CACHE_HOME: join(tmp, 'cache'),
  HELM_DATA_HOME: join(tmp, 'data'),
};
const file = join('fixtures', 'demo', 'helmfile.yaml.gotmpl');
const bold = process.stderr.isTTY && !process.env.NO_COLOR ? (s) => `\u001b[1m${s}\u001b[22m` : (s) => s;
const run = (title, args) => {
  process.stderr.write(`\n${bold(`$ helmsync ${args.join(' ')}`)}   # ${title}\n`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...args], { cwd: root, env, stdio: 'inherit' });
  return r.status ?? 1;
};

let status = 0;
try {
  status ||= run('the releases of the prod environment', ['-f', file, '-e', 'prod', 'list']);
  status ||= run('their dependency order', ['-f', file, '-e', 'prod', 'show-dag']);
  status ||= run('render every release with helm template', ['-f', file, '-e', 'prod', '--helm-binary', helm, 'template']);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
