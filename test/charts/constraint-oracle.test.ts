/**
 * Oracle: for every constraint, helmsync's selection must equal the version the
 * real `helm pull --version <constraint>` downloads — from a real HTTP
 * repository (index by `helm repo index`) and from a real OCI registry
 * (docker-registry, charts pushed by `helm push`) — under helm 3 and helm 4.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectOciTag, selectVersion } from '../../src/charts/select-version.js';
import { ConstraintSyntaxError, prereleaseScopeFor } from '../../src/charts/constraint.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { CHARTS_SRC, DEMO_VERSIONS, helmAsync, isolatedHelmEnv, packageChart, removeTree, startChartRepo, type ChartRepoServer } from '../support/chart-repo.js';
import { pushCharts, startOciRegistry, type OciRegistry } from '../support/oci-registry.js';

const CASES: Array<[string, boolean]> = [
  ['', false],
  ['', true],
  ['*', false],
  ['1.2.0', false],
  ['1.2', false],
  ['~1.2', false],
  ['~1', false],
  ['^1.0', false],
  ['^1.0', true],
  ['^0.2', false],
  ['^0.2.3', false],
  ['1.2.x', false],
  ['1.x', false],
  ['>= 1.0, < 2', false],
  ['>=1.0 <1.3', false],
  ['>1.2', false],
  ['>1', false],
  ['<=1.2', false],
  ['<1.3.0', false],
  ['~1.3.0-0', false],
  ['>=1.3.0-0', false],
  ['>=2.0.0-0, <2.0.0', false],
  ['^2.0.0-rc.1', false],
  ['>0.0.0-0', false],
  ['1.0.0 - 1.2.0', false],
  ['0.1.0 || 1.2.0', false],
  ['!=2.0.0', false],
  ['!=2.x', false],
  ['~0', false],
  ['^0', false],
  ['>=3', false],
  ['2.1.0-alpha.1', false],
  ['v1.2.0', false],
  ['=1.2.5', false],
  ['~>1.2', false],
  ['1.10', false],
  ['<=1.x', false],
  ['>2.0', false],
  ['>=1.0,<2', false],
];

/** helm 3 here is 3.17 (Masterminds semver 3.3), helm 4 uses 3.4. */
const HELM_MINOR: Record<number, number> = { 3: 17, 4: 1 };

function ours(constraint: string, devel: boolean, major: number, oci = false): string | null {
  try {
    const req = { version: constraint, devel, scope: prereleaseScopeFor({ major, minor: HELM_MINOR[major] }) };
    const r = oci ? selectOciTag(DEMO_VERSIONS, req) : selectVersion(DEMO_VERSIONS, req);
    return r.ok ? r.version : null;
  } catch (e) {
    if (e instanceof ConstraintSyntaxError) return null;
    throw e;
  }
}

/** Version helm pulled (from the archive name), or null when helm failed. */
async function helmPick(helm: string, env: Record<string, string>, args: string[], constraint: string, devel: boolean): Promise<string | null> {
  const dest = mkdtempSync(join(tmpdir(), 'helmsync-pull-'));
  try {
    const a = [...args, '--destination', dest];
    if (constraint) a.push('--version', constraint);
    if (devel) a.push('--devel');
    const r = await helmAsync(helm, a, env);
    if (r.code !== 0) return null;
    const f = readdirSync(dest).find((n) => n.endsWith('.tgz'));
    return f ? f.slice('demo-'.length, -'.tgz'.length) : null;
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

/** Runs fn over items, `width` at a time (the machine has 2 cores). */
async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

describe.each(HELM_MAJORS)('version selection equals `helm pull --version` (helm %i)', (major) => {
  const { helm } = toolset(major);
  let home: { dir: string; env: Record<string, string> };
  let repo: ChartRepoServer;
  let registry: OciRegistry;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    const pkgDir = join(home.dir, 'repo');
    const tgzs = packageChart(helm, home.env, join(CHARTS_SRC, 'demo'), DEMO_VERSIONS, pkgDir);
    repo = await startChartRepo({ dir: pkgDir, helm, env: home.env });
    registry = await startOciRegistry();
    await pushCharts(helm, home.env, registry, 'charts', tgzs);
  });

  afterAll(async () => {
    await repo?.close();
    await registry?.stop();
    removeTree(home.dir);
  });

  it('from an HTTP repository', async () => {
    const got = await pool(CASES, 3, ([c, devel]) => helmPick(helm, home.env, ['pull', 'demo', '--repo', repo.url], c, devel));
    const mismatches = CASES.map(([c, devel], i) => ({ c, devel, helm: got[i], ours: ours(c, devel, major) })).filter((x) => x.helm !== x.ours);
    expect(mismatches).toEqual([]);
    // Guard against a vacuous pass: helm resolved most constraints.
    expect(got.filter((v) => v !== null).length).toBeGreaterThan(CASES.length - 9);
  });

  it('from an OCI registry', async () => {
    const ref = `oci://${registry.host}/charts/demo`;
    const got = await pool(CASES, 3, ([c, devel]) => helmPick(helm, home.env, ['pull', ref, '--plain-http'], c, devel));
    const mismatches = CASES.map(([c, devel], i) => ({ c, devel, helm: got[i], ours: ours(c, devel, major, true) })).filter((x) => x.helm !== x.ours);
    expect(mismatches).toEqual([]);
    expect(got.filter((v) => v !== null).length).toBeGreaterThan(CASES.length - 9);
  });
});
