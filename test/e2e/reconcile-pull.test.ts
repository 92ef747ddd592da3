/**
 * `helmsync reconcile --pull` through the BUILT CLI with real git, real helm 3
 * and helm 4 against the API emulator (issue 10, "Each tick" step 1): the
 * fixture is a clone of a local bare repository; a commit pushed upstream is
 * pulled by the next tick, which upgrades only the release whose values it
 * changed (helm history proves it) and logs the commit; a diverged local
 * branch and an unreachable remote are reported while the tick still
 * reconciles what is checked out, and a token in the remote URL is never
 * printed. Expected commits come from git itself, revisions from helm.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { setUp, type ClusterEnv } from './cluster-support.js';
import { GIT_ENV } from './promote-support.js';
import { startReconcile, type Reconciler } from './reconcile-support.js';

describe.each(HELM_MAJORS)('reconcile --pull with helm %i', (major) => {
  let e: ClusterEnv;
  let running: Reconciler | undefined;
  let upstream: string;
  let author: string;
  const gitIn = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env: { ...process.env, ...e.sb.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  const git = (args: string[]) => gitIn(e.dir, args);

  /** helm's own history: the last revision of a release. */
  const helmRevision = async (name: string, ns: string): Promise<number> => {
    const r = await e.cluster.exec(e.helm, ['history', name, '-n', ns, '-o', 'json'], { env: { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath } });
    const rows = JSON.parse(r.stdout) as { revision: number }[];
    return Math.max(...rows.map((x) => x.revision));
  };
  const history = async () => ({ db: await helmRevision('db', 'data'), web: await helmRevision('web', 'apps'), widgets: await helmRevision('widgets', 'apps') });

  beforeAll(async () => {
    e = await setUp(major);
    upstream = join(e.sb.dir, 'upstream.git');
    author = join(e.sb.dir, 'author');
    writeFileSync(join(e.dir, '.gitignore'), 'hooks.log\n');
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch', 'main', upstream]);
    git(['init', '--quiet', '--initial-branch', 'main']);
    git(['add', '-A']);
    git(['commit', '--quiet', '-m', 'fixture']);
    git(['remote', 'add', 'origin', upstream]);
    git(['push', '--quiet', '-u', 'origin', 'main']);
    gitIn(e.sb.dir, ['clone', '--quiet', upstream, author]);
  }, 60_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await e?.stop();
  });

  it('a commit pushed upstream is pulled by the next tick, which upgrades only the release it changed and logs the commit', async () => {
    const first = await e.cli(['reconcile', '--once', '--pull']);
    expect({ code: first.exitCode, err: first.exitCode === 2 ? '' : first.stderr }).toEqual({ code: 2, err: '' });
    const start = git(['rev-parse', 'HEAD']);
    expect(first.stderr).toContain(`source: up to date at ${start.slice(0, 12)}`);
    expect(first.stderr).toContain(`tick 1: started at commit ${start.slice(0, 12)}`);
    expect(await history()).toEqual({ db: 1, web: 1, widgets: 1 });

    running = startReconcile(e, ['reconcile', '--pull', '--interval', '1s', '--jitter', '0'], GIT_ENV);
    await running.waitFor(/tick 1: in-sync/);
    writeFileSync(join(author, 'values/web.yaml'), 'message: web changed upstream\n');
    gitIn(author, ['commit', '--quiet', '-am', 'web: new message']);
    gitIn(author, ['push', '--quiet', 'origin', 'main']);
    const pushed = gitIn(author, ['rev-parse', 'HEAD']);

    const at = running.lines.length;
    await running.waitFor(new RegExp(`source: pulled ${start.slice(0, 12)} → ${pushed.slice(0, 12)}`), { from: at });
    await running.waitFor(new RegExp(`tick \\d+: started at commit ${pushed.slice(0, 12)}`), { from: at });
    await running.waitFor(/tick \d+: changed \(0 to install, 1 to upgrade, 0 to uninstall, 2 unchanged\)/, { from: at });
    expect(git(['rev-parse', 'HEAD'])).toBe(pushed);
    expect(await history()).toEqual({ db: 1, web: 2, widgets: 1 });
    expect(e.cluster.get('v1', 'ConfigMap', 'apps', 'web')?.data).toEqual({ message: 'web changed upstream' });
    // The next ticks find nothing new: no further revision.
    const later = running.lines.length;
    await running.waitFor(/tick \d+: in-sync/, { from: later });
    expect(await history()).toEqual({ db: 1, web: 2, widgets: 1 });
    expect(await running.stop('SIGTERM')).toBe(0);
    running = undefined;
  }, 120_000);

  it('a diverged branch is reported and the tick reconciles the checked-out commit', async () => {
    // Upstream moves on …
    writeFileSync(join(author, 'values/web.yaml'), 'message: web changed upstream again\n');
    gitIn(author, ['commit', '--quiet', '-am', 'web: upstream again']);
    gitIn(author, ['push', '--quiet', 'origin', 'main']);
    // … while the checkout has a commit of its own, touching another release.
    e.write('values/db.yaml', 'message: db changed by a local commit\npassword: SENTINEL-7f3a9c2e-secret\n');
    git(['commit', '--quiet', '-am', 'db: local']);
    const local = git(['rev-parse', 'HEAD']);

    running = startReconcile(e, ['reconcile', '--pull', '--interval', '1s', '--jitter', '0'], GIT_ENV);
    const failed = await running.waitFor(/source: git pull --ff-only failed/);
    expect(failed).toContain(`reconciling the checked-out commit ${local.slice(0, 12)}`);
    expect(failed).toMatch(/fatal: Not possible to fast-forward/);
    await running.waitFor(/tick 1: changed \(0 to install, 1 to upgrade, 0 to uninstall, 2 unchanged\)/);
    expect(git(['rev-parse', 'HEAD'])).toBe(local);
    expect(await history()).toEqual({ db: 2, web: 2, widgets: 1 });
    expect(e.cluster.get('v1', 'ConfigMap', 'apps', 'web')?.data).toEqual({ message: 'web changed upstream' });
    // Every tick says so again; the loop goes on.
    await running.waitFor(/tick 2: in-sync/);
    expect(running.lines.filter((l) => /source: git pull --ff-only failed/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(running.lines.join('\n')).not.toContain('SENTINEL');
    running = undefined;
  }, 120_000);

  it('an unreachable remote is reported with its credentials masked and the tick still runs', async () => {
    git(['reset', '--quiet', '--hard', 'origin/main']);
    git(['remote', 'set-url', 'origin', 'https://deploy:SENTINEL-token-51c2@127.0.0.1:1/shop.git']);
    running = startReconcile(e, ['reconcile', '--pull', '--interval', '1s', '--jitter', '0'], GIT_ENV);
    const failed = await running.waitFor(/source: git pull --ff-only failed/);
    expect(failed).toMatch(/fatal: unable to access 'https:\/\/(\*\*\*@)?127\.0\.0\.1:1\/shop\.git\/'/);
    expect(failed).not.toContain('SENTINEL');
    // origin/main was the upstream head: web's second upstream change and db back to the fixture.
    await running.waitFor(/tick 1: changed \(0 to install, 2 to upgrade, 0 to uninstall, 1 unchanged\)/);
    expect(await history()).toEqual({ db: 3, web: 3, widgets: 1 });
    await running.waitFor(/tick 2: in-sync/);
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(running.lines.join('\n')).not.toContain('SENTINEL');
    running = undefined;
  }, 120_000);

  it('without a work tree --pull says so once and reconciles the files as they are', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(join(e.dir, '.git'), { recursive: true, force: true });
    const r = await e.cli(['reconcile', '--pull', '--max-ticks', '2', '--interval', '1s', '--jitter', '0']);
    expect({ code: r.exitCode, err: r.exitCode === 0 ? '' : r.stderr }).toEqual({ code: 0, err: '' });
    expect(r.stderr.match(/--pull: .* is not in a git work tree/g)?.length).toBe(1);
    expect(r.stderr).toMatch(/tick 2: in-sync/);
  }, 120_000);
});
