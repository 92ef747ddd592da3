/**
 * go-getter remote sources (issue 13) against local bare git repositories and a
 * local HTTP server: sub-helmfiles, environment/release values and charts are
 * fetched with the real git into Helmfile's cache, keyed by URL and ref, once per
 * run; unsupported getters say so. Through the built CLI under helm 3 and 4 for charts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../../src/errors/index.js';
import { ExecaSyncRunner } from '../../src/process/runner.js';
import { parseRemote } from '../../src/state/remote-source.js';
import { buildReleaseValues } from '../../src/values/release-values.js';
import { HELM_MAJORS, toolset } from '../support/binaries.js';
import { runCli, sandbox } from '../support/cli.js';
import { loadFrom, realDeps, writeTree } from '../charts/helpers.js';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, ...a: string[]) => execFileSync('git', a, { cwd, env: gitEnv, encoding: 'utf8' });

/** A bare repository with tag v1 and a later commit on main; returns its path. */
function bareRepo(root: string): string {
  const bare = join(root, 'charts.git');
  const work = join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '-b', 'main', bare);
  git(root, 'clone', '--quiet', bare, work);
  const put = (p: string, t: string) => {
    mkdirSync(dirname(join(work, p)), { recursive: true });
    writeFileSync(join(work, p), t);
  };
  put('sub/helmfile.yaml', 'releases:\n  - name: from-git\n    chart: ../chart\n    values:\n      - values.yaml\n');
  put('sub/values.yaml', 'message: sub-v1\n');
  put('env/prod.yaml', 'replicas: 1\n');
  put('chart/Chart.yaml', 'apiVersion: v2\nname: gitchart\nversion: 0.1.0\n');
  put('chart/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  message: {{ .Values.message | quote }}\n');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'v1');
  git(work, 'tag', 'v1');
  put('env/prod.yaml', 'replicas: 3\n');
  git(work, 'commit', '--quiet', '-am', 'later');
  git(work, 'push', '--quiet', 'origin', 'main', 'v1');
  return bare;
}

describe('go-getter sources', () => {
  let root: string;
  let bare: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'helmsync-remote-'));
    bare = bareRepo(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('parses go-getter URLs as Helmfile does', () => {
    expect(parseRemote('git::https://github.com/org/repo.git@path/to/helmfile.yaml?ref=v1.2.0')).toMatchObject({ getter: 'git', scheme: 'https', host: 'github.com', dir: '/org/repo.git', file: 'path/to/helmfile.yaml' });
    expect(parseRemote('https://host/a/b/values.yaml')).toMatchObject({ getter: 'normal', scheme: 'https', host: 'host', dir: 'a/b', file: 'values.yaml' });
    expect(parseRemote('./local/values.yaml')).toBeUndefined();
    expect(parseRemote('/abs/values.yaml')).toBeUndefined();
  });

  it('fetches sub-helmfiles and values with the real git, once per URL and ref, into the cache', async () => {
    const dir = writeTree({
      'helmfile.yaml': [
        'environments:',
        '  default:',
        '    values:',
        `      - git::file://${bare}@env/prod.yaml?ref=v1`,
        '---',
        'helmfiles:',
        `  - path: git::file://${bare}@sub/helmfile.yaml?ref=v1`,
        'releases:',
        '  - name: top',
        '    chart: ./c',
        '    values:',
        `      - git::file://${bare}@env/prod.yaml?ref=main`,
        `      - git::file://${bare}@env/prod.yaml?ref=main`,
        '',
      ].join('\n'),
    });
    const cache = join(root, 'cache1');
    const { deps } = realDeps({ HOME: dir, HELMFILE_CACHE_HOME: cache }, dir);
    const calls: string[][] = [];
    const real = new ExecaSyncRunner();
    deps.syncRunner = { runSync: (f, a, o) => (calls.push([f, ...a]), real.runSync(f, a, o)) };
    const state = await loadFrom(dir, deps);
    expect(state.releases.map((r) => r.name)).toEqual(['from-git', 'top']);
    expect(state.files.find((f) => f.releases[0]?.name === 'top')!.environment.values).toEqual({ replicas: 1 });
    const top = state.releases.find((r) => r.name === 'top')!;
    const v = await buildReleaseValues(top, state, deps);
    expect(v.merged).toEqual({ replicas: 3 });
    const sub = state.releases.find((r) => r.name === 'from-git')!;
    const sv = await buildReleaseValues(sub, state, deps);
    expect(sv.merged).toEqual({ message: 'sub-v1' });
    v.cleanup();
    sv.cleanup();
    // One clone per URL+ref: v1 and main.
    expect(calls.filter((c) => c[0] === 'git' && c[1] === 'clone')).toHaveLength(2);
    expect(readdirSync(cache).sort()).toEqual([expect.stringMatching(/charts_git\.ref=main$/), expect.stringMatching(/charts_git\.ref=v1$/)]);
    // The next run reuses the cache, as Helmfile does.
    calls.length = 0;
    const again = realDeps({ HOME: dir, HELMFILE_CACHE_HOME: cache }, dir).deps;
    again.syncRunner = { runSync: (f, a, o) => (calls.push([f, ...a]), real.runSync(f, a, o)) };
    await loadFrom(dir, again);
    expect(calls.filter((c) => c[0] === 'git')).toHaveLength(0);
  });

  it('a ref that does not exist and an unsupported getter are clear errors', async () => {
    const bad = writeTree({ 'helmfile.yaml': `helmfiles:\n  - git::file://${bare}@sub/helmfile.yaml?ref=nope\n` });
    const e = await loadFrom(bad, realDeps({ HOME: bad, HELMFILE_CACHE_HOME: join(root, 'c2') }, bad).deps).catch((x: unknown) => x as UserError);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toMatch(/^helmfiles\[0\]: git could not fetch file:\/\/.*charts\.git at nope/);
    const s3 = writeTree({ 'helmfile.yaml': 'environments:\n  default:\n    values:\n      - s3::https://s3.amazonaws.com/bucket/values.yaml\n' });
    const e2 = await loadFrom(s3, realDeps({ HOME: s3 }, s3).deps).catch((x: unknown) => x as UserError);
    expect((e2 as UserError).message).toMatch(/remote source s3:: is not supported by helmsync/);
  });

  describe('http(s) files', () => {
    // In its own process: the loader downloads synchronously, which would block a server in this one.
    let server: ChildProcess;
    let url: string;
    beforeAll(async () => {
      const script = "const s=require('node:http').createServer((q,r)=>{if(q.url==='/conf/values.yaml')r.end('fromHttp: yes-http\\n');else{r.writeHead(404);r.end('no')}});s.listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>process.exit(0),120000);";
      server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const port = await new Promise<string>((r) => server.stdout!.once('data', (b: Buffer) => r(b.toString().trim())));
      url = `http://127.0.0.1:${port}`;
    });
    afterAll(() => {
      server.kill();
    });

    it('downloads a values file; a 404 names the URL', async () => {
      const dir = writeTree({ 'helmfile.yaml': `environments:\n  default:\n    values:\n      - ${url}/conf/values.yaml\n` });
      const state = await loadFrom(dir, realDeps({ HOME: dir, HELMFILE_CACHE_HOME: join(root, 'c3'), PATH: process.env.PATH ?? '' }, dir).deps);
      expect(state.files[0]!.environment.values).toEqual({ fromHttp: 'yes-http' });
      const missing = writeTree({ 'helmfile.yaml': `environments:\n  default:\n    values:\n      - ${url}/nope.yaml\n` });
      const e = await loadFrom(missing, realDeps({ HOME: missing, HELMFILE_CACHE_HOME: join(root, 'c4'), PATH: process.env.PATH ?? '' }, missing).deps).catch((x: unknown) => x as UserError);
      expect((e as UserError).message).toMatch(/cannot download http:\/\/127\.0\.0\.1:\d+\/\/nope\.yaml: HTTP 404|cannot download .*nope\.yaml: HTTP 404/);
    });
  });

  it('cache info lists what was fetched, cache cleanup removes it (Helmfile\'s output)', async () => {
    const sb = sandbox();
    try {
      const dir = join(sb.dir, 'w');
      mkdirSync(dir);
      writeFileSync(join(dir, 'helmfile.yaml'), `helmfiles:\n  - git::file://${bare}@sub/helmfile.yaml?ref=v1\n`);
      expect((await runCli(['list'], { cwd: dir, env: sb.env })).exitCode).toBe(0);
      const cache = sb.env.HELMFILE_CACHE_HOME!;
      const entry = readdirSync(cache)[0]!;
      expect(entry).toMatch(/charts_git\.ref=v1$/);
      const info = await runCli(['cache', 'info'], { cwd: dir, env: sb.env });
      expect(info.stdout).toBe(`Cache directory: ${cache}\n- ${entry}\n`);
      const clean = await runCli(['cache', 'cleanup'], { cwd: dir, env: sb.env });
      expect(clean.stdout).toBe(`Cleaning up cache directory: ${cache}\n- ${entry}\n`);
      expect(readdirSync(cache)).toEqual([]);
    } finally {
      sb.cleanup();
    }
  });

  it.each(HELM_MAJORS)('a chart from git renders with helm %i (built CLI)', async (major) => {
    const sb = sandbox();
    try {
      const dir = join(sb.dir, 'w');
      mkdirSync(dir);
      writeFileSync(join(dir, 'helmfile.yaml'), ['releases:', '  - name: gitrel', `    chart: git::file://${bare}@chart?ref=v1`, '    values:', '      - message: hello-from-git', ''].join('\n'));
      const r = await runCli(['template', '--helm-binary', toolset(major).helm], { cwd: dir, env: sb.env });
      expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toContain('message: "hello-from-git"');
      expect(r.stdout).toContain('# Source: gitchart/templates/cm.yaml');
    } finally {
      sb.cleanup();
    }
  });
});
