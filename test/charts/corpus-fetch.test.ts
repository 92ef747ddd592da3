/**
 * Helmfile's `fetch` integration cases (shared/corpus/helmfile/local, class (a)),
 * with their assertions from cases.yaml, under the integration harness rule
 * that every command gets `--namespace=helmfile-tests`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { fetchCharts } from '../../src/app/fetch.js';
import { toolset } from '../support/binaries.js';
import { realDeps } from './helpers.js';

const LOCAL = fileURLToPath(new URL('../../../shared/corpus/helmfile/local/', import.meta.url));
const present = existsSync(LOCAL);
const maybe = present ? it : it.skip;

async function runFetch(caseDir: string, file: string, extra: { writeOutput?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'helmsync-corpus-fetch-'));
  const wd = join(root, 'case');
  cpSync(join(LOCAL, caseDir), wd, { recursive: true });
  const out = join(root, 'out');
  mkdirSync(out);
  const { deps } = realDeps({ HOME: join(root, 'home'), HELMSYNC_CACHE_HOME: join(root, 'cache') }, wd);
  let stdout = '';
  await fetchCharts(
    { load: { cwd: wd, file, namespace: 'helmfile-tests' }, helmBinary: toolset(4).helm, outputDir: out, writeOutput: extra.writeOutput, write: (t) => (stdout += t) },
    deps,
  );
  return { root, out, stdout };
}

describe('Helmfile fetch integration cases', () => {
  maybe('fetch-forl-local-chart: the chart lands in <out>/helmfile-tests/local-chart/raw/latest', async () => {
    const { root, out } = await runFetch('integration__fetch-forl-local-chart', 'test/integration/test-cases/fetch-forl-local-chart/input/helmfile.yaml.gotmpl');
    try {
      expect(existsSync(join(out, 'helmfile-tests/local-chart/raw/latest/Chart.yaml'))).toBe(true);
      expect(existsSync(join(out, 'helmfile-tests/local-chart/raw/latest/templates/resources.yaml'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  maybe('fetch-write-output: stdout is YAML pointing at the fetched chart', async () => {
    const { root, out, stdout } = await runFetch('integration__fetch-write-output', 'test/integration/test-cases/fetch-write-output/input/helmfile.yaml.gotmpl', { writeOutput: true });
    try {
      expect(stdout).not.toMatch(/^Charts will be downloaded to:/m);
      expect(stdout).toMatch(/^---$/m);
      expect(stdout).toContain('#  Source:');
      expect(stdout).toContain('name: local-chart');
      const doc = parse(stdout.replace(/^---\n/, '')) as { releases: Array<{ chart: string }> };
      const chart = doc.releases[0]!.chart;
      expect(statSync(chart).isDirectory()).toBe(true);
      expect(existsSync(join(chart, 'Chart.yaml'))).toBe(true);
      expect(chart).toBe(join(out, 'helmfile-tests/local-chart/raw/latest'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  maybe('issue-2503-kustomize-fetch: fetching a kustomize directory succeeds, three times in a row', async () => {
    for (let i = 0; i < 3; i++) {
      const { root } = await runFetch('integration__issue-2503-kustomize-fetch', 'test/integration/test-cases/issue-2503-kustomize-fetch/input/helmfile.yaml');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
