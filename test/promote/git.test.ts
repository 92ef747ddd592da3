/**
 * `--commit` / `--branch` with the real git binary in a temp repository: the
 * checks that run before anything is written, and the one commit.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors/index.js';
import { ExecaRunner } from '../../src/process/runner.js';
import { checkCommit, commitFiles } from '../../src/promote/git.js';

const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
let dir: string;
const git = (args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
const o = { runner: new ExecaRunner(), env };

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'helmsync-git-')));
  git(['init', '--quiet', '--initial-branch', 'main']);
  writeFileSync(join(dir, 'prod.yaml'), 'tag: 1\n');
  writeFileSync(join(dir, 'other.yaml'), 'x: 1\n');
  git(['add', '-A']);
  git(['commit', '--quiet', '-m', 'init']);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('promote --commit', () => {
  it('commits exactly the promoted files, even when something else is staged', async () => {
    writeFileSync(join(dir, 'other.yaml'), 'x: 2\n');
    git(['add', 'other.yaml']);
    const file = join(dir, 'prod.yaml');
    const { root, branch } = await checkCommit(o, [file]);
    expect([root, branch]).toEqual([dir, 'main']);
    writeFileSync(file, 'tag: 2\n');
    const sha = await commitFiles(o, root, [file], 'promote a -> b: web\n\n- web: tag 1 -> 2\n');
    expect(git(['rev-parse', 'HEAD']).trim()).toBe(sha);
    expect(git(['show', '--name-only', '--format=%B', 'HEAD'])).toBe('promote a -> b: web\n\n- web: tag 1 -> 2\n\n\nprod.yaml\n');
    // The other staged change is still staged, not committed.
    expect(git(['status', '--porcelain'])).toBe('M  other.yaml\n');
  });
  it('--branch creates the branch and commits there', async () => {
    const file = join(dir, 'prod.yaml');
    const { root, branch } = await checkCommit(o, [file], 'promote/prod');
    expect(branch).toBe('promote/prod');
    writeFileSync(file, 'tag: 3\n');
    await commitFiles(o, root, [file], 'msg\n', 'promote/prod');
    expect(git(['rev-parse', '--abbrev-ref', 'HEAD']).trim()).toBe('promote/prod');
    expect(git(['rev-list', '--count', 'main..promote/prod']).trim()).toBe('1');
  });
  it('refuses a file with uncommitted changes of its own, an existing branch, a bad branch name, and a file outside a work tree', async () => {
    const file = join(dir, 'prod.yaml');
    writeFileSync(file, 'tag: 9\n');
    await expect(checkCommit(o, [file])).rejects.toThrow(/uncommitted changes that would end up in the promotion commit/);
    git(['checkout', '--', 'prod.yaml']);
    await expect(checkCommit(o, [file], 'main')).rejects.toThrow(/--branch main: the branch exists already/);
    await expect(checkCommit(o, [file], 'bad..name')).rejects.toThrow(/not a valid branch name/);
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'helmsync-nogit-')));
    try {
      writeFileSync(join(outside, 'f.yaml'), 'a: 1\n');
      const e = await checkCommit(o, [join(outside, 'f.yaml')]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toMatch(/is not in a git work tree/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
