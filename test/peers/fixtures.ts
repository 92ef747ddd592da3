/**
 * Our own fixtures for the peers harness: releases files of this repository,
 * each assembled with the charts it names into one folder (as the e2e suites
 * copy them), with the argv both tools get.
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import type { Compared } from './harness.js';

export interface OwnCase {
  id: string;
  src: string;
  cwd: string;
  command: Compared;
  argv: string[];
  env: Record<string, string>;
}

/** Assembles the fixture folders once (in a temp dir the caller may remove) and lists the comparisons. */
export function ownCases(): { cases: OwnCase[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'helmsync-peer-fixtures-'));
  const e2e = join(dir, 'e2e-cluster');
  cpSync(join(repoRoot, 'fixtures', 'e2e-cluster'), e2e, { recursive: true });
  mkdirSync(join(e2e, 'charts'), { recursive: true });
  for (const c of ['demo', 'crds']) cpSync(join(repoRoot, 'fixtures', 'charts', c), join(e2e, 'charts', c), { recursive: true });
  const promote = join(dir, 'promote');
  cpSync(join(repoRoot, 'fixtures', 'promote'), promote, { recursive: true });
  mkdirSync(join(promote, 'charts'), { recursive: true });
  cpSync(join(repoRoot, 'fixtures', 'charts', 'demo'), join(promote, 'charts', 'demo'), { recursive: true });
  // Issue 13's compatibility fixtures, each with the demo chart.
  const compat = join(dir, 'compat');
  cpSync(join(repoRoot, 'fixtures', 'compat'), compat, { recursive: true });
  for (const c of ['conditions']) cpSync(join(repoRoot, 'fixtures', 'charts', 'demo'), join(compat, c, 'charts', 'demo'), { recursive: true });
  const demo = join(dir, 'demo');
  cpSync(join(repoRoot, 'fixtures', 'demo'), demo, { recursive: true });
  const cases: OwnCase[] = [];
  const add = (id: string, src: string, globals: string[]): void => {
    for (const [command, rest] of [
      ['build', ['build']],
      ['list', ['list', '--output', 'json']],
      ['template', ['template', '--skip-deps']],
    ] as const)
      cases.push({ id, src, cwd: '.', command, argv: [...globals, ...rest], env: {} });
  };
  add('fixtures/e2e-cluster', e2e, []);
  add('fixtures/e2e-cluster -l name=web', e2e, ['-l', 'name=web']);
  add('fixtures/compat/conditions', join(compat, 'conditions'), []);
  for (const env of ['dev', 'prod']) add(`fixtures/demo -e ${env}`, demo, ['-f', 'helmfile.yaml.gotmpl', '-e', env]);
  for (const env of ['dev', 'staging', 'prod']) add(`fixtures/promote -e ${env}`, promote, ['-f', 'helmfile.yaml.gotmpl', '-e', env]);
  return { cases, dir };
}
