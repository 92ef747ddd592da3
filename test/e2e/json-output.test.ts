/**
 * Every `--output json` document (issue 15) from real runs of the BUILT CLI with
 * real helm (3 and 4) against the API emulator, validated with ajv against the
 * schema `helmsync schema --output-of NAME` prints (required fields present,
 * every named field of its type); the documents are also checked for what a
 * script would read from them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { runCli, sandbox, type CliResult } from '../support/cli.js';
import { setUp, type ClusterEnv } from './cluster-support.js';
import { setUpPromote, type PromoteEnv } from './promote-support.js';

const NAMES = ['list', 'status', 'diff', 'plan', 'show-dag', 'promote', 'reconcile'] as const;
const validators: Partial<Record<(typeof NAMES)[number], ValidateFunction>> = {};

beforeAll(async () => {
  const sb = sandbox();
  try {
    const ajv = new Ajv({ strict: true, allErrors: true });
    for (const n of NAMES) {
      const r = await runCli(['schema', '--output-of', n], { env: sb.env });
      expect({ code: r.exitCode, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      validators[n] = ajv.compile(JSON.parse(r.stdout));
    }
  } finally {
    sb.cleanup();
  }
}, 60_000);

/** Parses stdout and validates it; returns the document. */
function valid(name: (typeof NAMES)[number], r: CliResult): any {
  let doc: unknown;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`${name}: stdout is not one JSON document (exit ${r.exitCode}):\n${r.all}`);
  }
  const v = validators[name]!;
  expect([name, v(doc) ? 'valid' : v.errors]).toEqual([name, 'valid']);
  return doc;
}

describe.each(HELM_MAJORS)('--output json with helm %i', (major) => {
  let e: ClusterEnv;
  /** Commands that never reach the cluster (no --kubectl-binary). */
  const offline = (args: string[]) => runCli([...args, '--helm-binary', e.helm], { cwd: e.dir, env: e.sb.env });
  beforeAll(async () => {
    e = await setUp(major);
  }, 120_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('list, show-dag (before anything is installed)', async () => {
    const list = valid('list', await offline(['list', '--output', 'json']));
    expect(list.map((r: { name: string }) => r.name).sort()).toEqual(['db', 'web', 'widgets']);
    const dag = valid('show-dag', await offline(['show-dag', '--output', 'json']));
    expect(dag.schemaVersion).toBe(1);
    expect(dag.releases).toContainEqual({ group: 2, release: 'apps/web', dependencies: ['data/db'] });
  });

  it('plan (the plan file document on stdout; apply --plan takes it), diff, reconcile --once, status', async () => {
    const planned = await e.cli(['plan', '--output', 'json', '--detailed-exitcode']);
    expect(planned.exitCode).toBe(2);
    const plan = valid('plan', planned);
    expect(plan.schemaVersion).toBe(1);
    expect(plan.plan.summary).toEqual({ install: 3, upgrade: 0, uninstall: 0, noop: 0 });
    const diff = valid('diff', await e.cli(['diff', '--output', 'json']));
    expect(diff.releases.map((r: { release: { name: string }; hasChanges: boolean }) => [r.release.name, r.hasChanges]).sort()).toEqual([['db', true], ['web', true], ['widgets', true]]);

    const once = await e.cli(['reconcile', '--once', '--output', 'json']);
    expect(once.exitCode).toBe(2);
    const tick = valid('reconcile', once);
    expect([tick.exitCode, tick.status.lastTick.result, tick.status.releases.map((r: { name: string; result: string }) => `${r.name}:${r.result}`).sort()]).toEqual([2, 'changed', ['db:changed', 'web:changed', 'widgets:changed']]);

    const status = valid('status', await e.cli(['status', '--output', 'json']));
    status.releases.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
    expect(status.releases.map((r: { name: string; status: string; revision: number }) => [r.name, r.status, r.revision])).toEqual([['db', 'deployed', 1], ['web', 'deployed', 1], ['widgets', 'deployed', 1]]);

    const again = await e.cli(['reconcile', '--once', '--output', 'json']);
    expect(again.exitCode).toBe(0);
    expect(valid('reconcile', again).status.lastTick.result).toBe('in-sync');

    // A change planned to stdout is the same document plan --out writes: apply --plan takes it.
    e.write('values/web.yaml', `${e.read('values/web.yaml')}\nextra: 1\n`);
    const p2 = await e.cli(['plan', '--output', 'json']);
    const doc = valid('plan', p2);
    expect(doc.plan.actions.filter((a: { action: string }) => a.action !== 'noop').map((a: { id: string; action: string }) => `${a.id}:${a.action}`)).toEqual(['apps/web:upgrade']);
    writeFileSync(join(e.dir, 'plan.json'), p2.stdout);
    expect(valid('plan', await offline(['show-plan', 'plan.json', '--output', 'json']))).toEqual(doc);
    expect((await e.cli(['apply', '--plan', 'plan.json'])).exitCode).toBe(0);
    expect(e.revisions()['apps/web']).toBe(2);
  }, 300_000);

  it('plan and reconcile --once write their Markdown report to the GitHub step summary', async () => {
    const summary = join(e.sb.dir, 'summary.md');
    writeFileSync(summary, '');
    const ci = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: e.dir };
    e.write('values/db.yaml', `${e.read('values/db.yaml')}\nextra: 2\n`);
    const planned = await e.cli(['plan'], { env: ci });
    expect(planned.exitCode).toBe(0);
    const afterPlan = readFileSync(summary, 'utf8');
    expect(afterPlan).toMatch(/upgrade/i);
    expect(afterPlan).toContain('data/db');
    const once = await e.cli(['reconcile', '--once'], { env: ci });
    expect(once.exitCode).toBe(2);
    const afterTick = readFileSync(summary, 'utf8').slice(afterPlan.length);
    expect(afterTick).toContain('data/db');
    expect(afterTick).toMatch(/succeeded|upgrade/i);
    // In sync: the next tick's summary says nothing changed; the file only grows.
    expect((await e.cli(['reconcile', '--once'], { env: ci })).exitCode).toBe(0);
    expect(readFileSync(summary, 'utf8').startsWith(afterPlan + afterTick)).toBe(true);
  }, 300_000);
});

describe('promote --output json', () => {
  let e: PromoteEnv;
  beforeAll(async () => {
    e = await setUpPromote(4);
    for (const env of ['dev', 'staging']) expect((await e.hs(['-e', env, 'apply'])).exitCode).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('a dry run validates against the promote schema', async () => {
    const doc = valid('promote', await e.hs(['promote', '--from', 'dev', '--to', 'staging', '--dry-run', '--output', 'json']));
    expect([doc.schemaVersion, doc.dryRun, doc.guard.passed, doc.changes.length > 0]).toEqual([1, true, true, true]);
  }, 120_000);
});
