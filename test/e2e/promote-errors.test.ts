/**
 * Bad input to `helmsync promote` (the BUILT CLI): a clear error, the right
 * exit code, and nothing written. Every case fails before helmsync talks to a
 * cluster, so none is started (the kubeconfig points nowhere).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, runCli, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
let dir: string;

beforeEach(() => {
  sb = sandbox('helmsync-promote-errors-');
  dir = join(sb.dir, 'shop');
  cpSync(join(repoRoot, 'fixtures', 'promote'), dir, { recursive: true });
  cpSync(join(repoRoot, 'fixtures', 'charts', 'demo'), join(dir, 'charts', 'demo'), { recursive: true });
});
afterEach(() => sb.cleanup());

function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

async function promote(args: string[]) {
  const before = snapshot();
  const r = await runCli(['promote', ...args], { cwd: dir, env: { ...sb.env, KUBECONFIG: join(sb.dir, 'nowhere') } });
  expect(snapshot()).toEqual(before);
  return r;
}

describe('promote refuses bad input and writes nothing', () => {
  it('an unknown environment lists the defined ones', async () => {
    const r = await promote(['--from', 'staging', '--to', 'prdo', '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/environment "prdo" is not defined/);
    expect(r.stderr).toMatch(/defined environments: dev, staging, prod, qa/);
  });
  it('source and target the same', async () => {
    const r = await promote(['--from', 'prod', '--to', 'prod', '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--from and --to are both prod: nothing to promote/);
  });
  it('an environment outside the declared order', async () => {
    const r = await promote(['--from', 'staging', '--to', 'qa', '--yes', '--force']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: helmfile\.yaml\.gotmpl part 1, line 4: --to qa: environment "qa" is not in promotion\.environments \(dev, staging, prod\)/m);
  });
  it('backwards without --force', async () => {
    const r = await promote(['--from', 'prod', '--to', 'dev', '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot promote from prod to dev: dev comes before prod in promotion\.environments \(dev -> staging -> prod\)/);
    expect(r.stderr).toMatch(/pass --force to promote backwards/);
  });
  it('a selector matching nothing exits 3', async () => {
    const r = await promote(['--from', 'staging', '--to', 'prod', '-l', 'name=nope', '--yes']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/no releases found that matches specified selector\(name=nope\)/);
  });
  it('a release argument matching nothing exits 3', async () => {
    const r = await promote(['--from', 'staging', '--to', 'prod', 'nope', '--yes']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/no release named nope is selected in both staging and prod/);
  });
  it('a values file that does not parse: its file and line', async () => {
    writeFileSync(join(dir, 'environments', 'staging.yaml'), 'apps:\n  web:\n    imageTag: [unclosed\n');
    const r = await promote(['--from', 'staging', '--to', 'prod', '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/environments\/staging\.yaml:\d+(:\d+)?: malformed YAML/);
  });
  it('a releases file without promotion: names the key to add, with an example', async () => {
    const f = join(dir, 'helmfile.yaml.gotmpl');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/^promotion:\n(  .*\n)+\n/m, ''));
    const r = await promote(['--from', 'staging', '--to', 'prod', '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/helmfile\.yaml\.gotmpl has no promotion: key/);
    expect(r.stderr).toMatch(/hint: add it to the releases file, for example:\npromotion:\n {2}environments: \[dev, staging, prod\]/);
  });
  it('a misspelt key under promotion: gets did-you-mean with its line', async () => {
    const f = join(dir, 'helmfile.yaml.gotmpl');
    writeFileSync(f, readFileSync(f, 'utf8').replace('  values:\n    - apps.*.imageTag', '  value:\n    - apps.*.imageTag'));
    const r = await promote(['--from', 'staging', '--to', 'prod', '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/helmfile\.yaml\.gotmpl part 1, line 6: unknown key "value" in promotion\nhint: did you mean "values"\?/);
  });
  it('--dry-run with --commit', async () => {
    const r = await promote(['--from', 'staging', '--to', 'prod', '--dry-run', '--commit']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--dry-run writes nothing, so it cannot be combined with --commit/);
  });
});
