/**
 * CI-native output through the BUILT CLI with real helm against the emulator:
 * under a simulated GitHub Actions environment (GITHUB_ACTIONS=true, a
 * GITHUB_STEP_SUMMARY file, GITHUB_WORKSPACE) diff, apply and sync append their
 * Markdown report to the step summary, secrets masked; a bad releases file is
 * printed as an `::error` annotation on its line and lands in the summary;
 * `--report-file` (GitLab's merge-request note) gets the same Markdown without
 * GitHub. Release names, charts and lines come from the fixture, not from our output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, type ClusterEnv } from './cluster-support.js';

const SENTINEL = 'SENTINEL-7f3a9c2e-secret'; // fixtures/e2e-cluster/values/db.yaml, rendered into a Secret

describe('CI-native output (helm 4, emulator)', () => {
  let e: ClusterEnv;
  let summary: string;
  let gh: Record<string, string>;
  beforeAll(async () => {
    e = await setUp(4);
    summary = join(e.sb.dir, 'step-summary.md');
    gh = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: e.sb.dir };
  }, 60_000);
  afterAll(async () => {
    await e?.stop();
  });
  const readSummary = (): string => (existsSync(summary) ? readFileSync(summary, 'utf8') : '');

  it('diff appends its Markdown to the step summary, masked, and still prints text on stdout', async () => {
    rmSync(summary, { force: true });
    const r = await e.cli(['diff', '--detailed-exitcode'], { env: gh });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/^Comparing release=data\/db \(not installed\)/m);
    const md = readSummary();
    expect(md).toMatch(/^### helmsync diff\n\n3 of 3 releases would change\.\n/);
    for (const id of ['data/db', 'apps/web', 'apps/widgets']) expect(md).toContain(`| \`${id}\``);
    expect(md).toMatch(/<details>/);
    expect(md).not.toContain(SENTINEL);
    expect(r.all).not.toContain(SENTINEL);
  }, 120_000);

  it('apply appends what ran (one row per release, chart and result) and the diff that decided it', async () => {
    writeFileSync(summary, 'previous step\n');
    const r = await e.cli(['apply'], { env: gh });
    expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
    const md = readSummary();
    expect(md.startsWith('previous step\n### helmsync apply\n\nPlan: 3 to install')).toBe(true);
    expect(md).toContain('✅ 3 releases changed.');
    expect(md).toMatch(/^\| `data\/db` \| install \| ✅ done \| \.\/charts\/demo \| 0\.1\.0 \| \d+s \|  \|$/m);
    expect(md).toMatch(/^\| `apps\/widgets` \| install \| ✅ done \| \.\/charts\/crds \| /m);
    expect(md).toContain('### helmsync apply: diff');
    expect(md).not.toContain(SENTINEL);
  }, 120_000);

  it('apply with nothing to do says so; sync --report-file writes the report without GitHub', async () => {
    rmSync(summary, { force: true });
    const r = await e.cli(['apply'], { env: gh });
    expect(r.exitCode).toBe(0);
    expect(readSummary()).toContain('No release needed a change; nothing was executed.');
    expect(readSummary()).toContain('No changes in 3 releases.');

    rmSync(summary, { force: true });
    const s = await e.cli(['sync', '-l', 'name=web', '--report-file', 'sync-report.md'], { env: { GITLAB_CI: 'true' } });
    expect(s.exitCode).toBe(0);
    const md = e.read('sync-report.md');
    expect(md).toMatch(/^### helmsync sync\n\nPlan: 0 to install, 1 to upgrade, 0 to uninstall, 0 unchanged\.\n/);
    expect(md).toMatch(/^\| `apps\/web` \| upgrade \| ✅ done \| \.\/charts\/demo \| 0\.1\.0 \|/m);
    expect(existsSync(summary)).toBe(false);
  }, 120_000);

  it('a bad releases file: an ::error annotation on its line, the error in the summary, exit 1, nothing written', async () => {
    rmSync(summary, { force: true });
    const text = e.read('helmfile.yaml').replace('    values:\n      - values/web.yaml', '    vaules:\n      - values/web.yaml');
    e.write('typo.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('vaules:')) + 1;
    const before = e.revisions();
    const r = await e.cli(['-f', 'typo.yaml', 'apply', '--report-file', 'report.md'], { env: gh });
    expect(r.exitCode).toBe(1);
    expect(e.revisions()).toEqual(before);
    expect(r.stderr).toContain(`typo.yaml:${line}:5: unknown key "vaules"`);
    // The annotation carries what stderr says, placed on the line (relative to GITHUB_WORKSPACE).
    const said = r.stderr.trim().replace(`error: typo.yaml:${line}:5: `, '');
    expect(said).toMatch(/^unknown key "vaules" in releases\[1\] \(name: web\)\nhint: did you mean "values"\?$/);
    expect(r.stdout.trim().split('\n')).toEqual([`::error title=helmsync apply,file=work/typo.yaml,line=${line},col=5::${said.replace(/\n/g, '%0A')}`]);
    expect(readSummary()).toMatch(/^### helmsync apply failed\n\n```\ntypo\.yaml:\d+:5: unknown key "vaules"/);
    expect(e.read('report.md')).toBe(readSummary().replace(/\n$/, ''));
  }, 60_000);

  it('a failing release: the report row says so with helm\u2019s error, and the summary gets the failure too', async () => {
    rmSync(summary, { force: true });
    const r = await e.cli(['-f', 'failing.yaml', 'apply'], { env: gh });
    expect(r.exitCode).toBe(1);
    const md = readSummary();
    expect(md).toContain('❌ 1 release failed, 1 changed, 1 skipped.');
    expect(md).toMatch(/^\| `fail\/bad` \| install \| ❌ failed \| \.\/charts\/demo \| 0\.1\.0 \| \d+s \| Error: .*pre-install/m);
    expect(md).toMatch(/^\| `fail\/after-bad` \| install \| ⏭️ skipped \| .*needs fail\/bad failed \|$/m);
    expect(md).toMatch(/### helmsync apply failed\n\n```\n1 release failed/);
    expect(r.stdout).toMatch(/^::error title=helmsync apply::1 release failed/m);
  }, 120_000);
});
