/**
 * Renders the fixture charts under fixtures/diff/charts with REAL `helm
 * template`, so diff tests compare manifests exactly as helm prints them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolset, type HelmMajor } from '../support/binaries.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chartsDir = join(repoRoot, 'fixtures', 'diff', 'charts');

/** `helm template NAME fixtures/diff/charts/CHART -n NS --set k=v…` with an isolated HOME. */
export function helmTemplate(opts: { release: string; namespace: string; chart?: string; set?: Record<string, string | number | boolean>; major?: HelmMajor }): string {
  const { helm } = toolset(opts.major ?? 4);
  const home = mkdtempSync(join(tmpdir(), 'helmsync-diff-'));
  try {
    const args = ['template', opts.release, join(chartsDir, opts.chart ?? 'webapp'), '--namespace', opts.namespace];
    for (const [k, v] of Object.entries(opts.set ?? {})) args.push('--set', `${k}=${v}`);
    return execFileSync(helm, args, {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_DATA_HOME: join(home, 'data'),
        KUBECONFIG: join(home, 'kubeconfig'),
      },
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
