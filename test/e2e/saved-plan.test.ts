/**
 * Saved plans through the BUILT CLI against the API emulator with real helm:
 * `plan --out`, `show-plan` (text, Markdown, JSON), and `apply --plan` which
 * applies exactly the reviewed plan and refuses (exit 1, nothing written)
 * when the values, the chart, the cluster (stored revision), the plan file
 * or its age say the plan no longer holds. The plan file never holds a secret
 * value (sentinel over the file and every output).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { runCli, type CliResult } from '../support/cli.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

const SENTINEL = 'SENTINEL-7f3a9c2e-secret';
const SENTINEL_NEW = 'SENTINEL-4c1e77d0-planned';

interface Saved {
  environment: string;
  releases: { id: string; action: string; storedRevision?: number; desiredDigest?: string; inputsDigest?: string }[];
  plan: { summary: Record<string, number> };
}

describe.each(HELM_MAJORS)('saved plans with helm %i', (major) => {
  let e: ClusterEnv;
  const outputs: string[] = [];
  const cli = async (args: string[]): Promise<CliResult> => {
    const r = await e.cli(args);
    outputs.push(r.all);
    return r;
  };
  /** show-plan takes no helm/kubectl flags. */
  const show = async (args: string[]): Promise<CliResult> => {
    const r = await runCli(['show-plan', ...args], { cwd: e.dir, env: e.sb.env });
    outputs.push(r.all);
    return r;
  };
  const planFile = () => join(e.dir, 'plan.json');
  const readPlan = (): Saved => JSON.parse(readFileSync(planFile(), 'utf8')) as Saved;

  beforeAll(async () => {
    e = await setUp(major);
    const r = await cli(['sync']);
    expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
  }, 90_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('plan --out writes the plan with digests only; show-plan prints it as text, Markdown and JSON', async () => {
    e.write('values/db.yaml', `message: db planned\npassword: ${SENTINEL_NEW}\n`);
    const r = await cli(['plan', '--out', 'plan.json', '--detailed-exitcode']);
    expect(r.exitCode).toBe(2);
    const text = readFileSync(planFile(), 'utf8');
    expect(text).not.toContain(SENTINEL);
    expect(text).not.toContain(SENTINEL_NEW);
    expect(text).not.toContain('db planned');
    expect(statSync(planFile()).mode & 0o777).toBe(0o600);
    const p = readPlan();
    expect(p.environment).toBe('default');
    expect(p.releases.map((x) => [x.id, x.action, x.storedRevision])).toEqual([
      ['data/db', 'upgrade', 1],
      ['apps/widgets', 'noop', 1],
      ['apps/web', 'noop', 1],
    ]);
    for (const x of p.releases) expect(x.desiredDigest).toMatch(/^[0-9a-f]{64}$/);
    const shown = await show(['plan.json']);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toMatch(/environment: default/);
    expect(shown.stdout).toMatch(/~ data\/db\s+upgrade/);
    const md = await show(['plan.json', '--output', 'markdown']);
    expect(md.stdout).toMatch(/^### helmsync plan/);
    expect(md.stdout).toContain('| 1 | `data/db` | upgrade |');
    const json = await show(['plan.json', '--output', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(p);
    // plan changed nothing.
    expect(e.revisions()).toEqual({ 'data/db': 1, 'apps/web': 1, 'apps/widgets': 1 });
  }, 90_000);

  it('apply --plan refuses when values changed since the plan, when the plan file was edited, or when it is too old', async () => {
    e.write('values/db.yaml', `message: db changed again\npassword: ${SENTINEL_NEW}\n`);
    const changed = await cli(['apply', '--plan', 'plan.json']);
    expect(changed.exitCode).toBe(1);
    expect(changed.stderr).toMatch(/plan file plan\.json is stale; nothing was applied/);
    expect(changed.stderr).toMatch(/data\/db: desired manifest differs from the plan/);
    expect(changed.stderr).not.toMatch(/apps\/web:/);
    expect(changed.stderr).toMatch(/re-plan/);
    e.write('values/db.yaml', `message: db planned\npassword: ${SENTINEL_NEW}\n`);

    const original = readFileSync(planFile(), 'utf8');
    writeFileSync(planFile(), original.replace('"upgrade"', '"noop"'));
    const edited = await cli(['apply', '--plan', 'plan.json']);
    expect({ code: edited.exitCode }).toEqual({ code: 1 });
    expect(edited.stderr).toMatch(/plan file plan\.json: plan file was changed after it was written/);
    writeFileSync(planFile(), original);

    const old = await cli(['apply', '--plan', 'plan.json', '--plan-max-age', '0s']);
    expect(old.exitCode).toBe(1);
    expect(old.stderr).toMatch(/more than 0s ago/);
    const missing = await cli(['apply', '--plan', 'nope.json']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/cannot read plan file nope\.json/);
    expect(e.revisions()).toEqual({ 'data/db': 1, 'apps/web': 1, 'apps/widgets': 1 });
  }, 120_000);

  it('apply --plan applies exactly the plan, leaves releases outside it alone, and refuses the same plan once the revision moved', async () => {
    // A plan of db alone; then web changes: applying the db plan must leave web at revision 1.
    const dbPlan = await cli(['plan', '--out', 'db-plan.json', '-l', 'name=db']);
    expect(dbPlan.exitCode).toBe(0);
    const web = e.read('values/web.yaml');
    e.write('values/web.yaml', 'message: web not planned\n');
    const r = await cli(['apply', '--plan', 'db-plan.json', '--plan-max-age', '1h']);
    expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(e.revisions()).toEqual({ 'data/db': 2, 'apps/web': 1, 'apps/widgets': 1 });
    const secret = e.cluster.get('v1', 'Secret', 'data', 'db');
    expect(Buffer.from(String(secret?.data?.password), 'base64').toString()).toBe(SENTINEL_NEW);

    // The whole plan names web (noop) and db: both moved on since.
    const again = await cli(['apply', '--plan', 'plan.json']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/data\/db: stored revision 1 → 2 \(changed in the cluster since the plan\)/);
    expect(again.stderr).toMatch(/apps\/web: desired manifest differs/);
    const twice = await cli(['apply', '--plan', 'db-plan.json']);
    expect(twice.exitCode).toBe(1);
    expect(twice.stderr).toMatch(/data\/db: stored revision 1 → 2/);
    expect(e.revisions()).toEqual({ 'data/db': 2, 'apps/web': 1, 'apps/widgets': 1 });
    e.write('values/web.yaml', web);
  }, 120_000);

  it('no output and no plan file ever showed a secret value', () => {
    for (const o of outputs) {
      expect(o).not.toContain(SENTINEL);
      expect(o).not.toContain(SENTINEL_NEW);
    }
  });
});
