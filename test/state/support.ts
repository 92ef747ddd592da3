/**
 * Test helpers for state loading: a Deps over the real file system (src/cli's) rooted in a temp dir, a recording logger,
 * a writer for inline file trees, and a loader of such trees that cleans up after each test.
 */
import { afterEach } from '@jest/globals';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Deps } from '../../src/ports/index.js';
import { nodeFileSystem } from '../../src/cli/node-fs.js';
import { UserError } from '../../src/errors/index.js';
import { loadState, type LoadOptions } from '../../src/state/index.js';
import { ExecaSyncRunner } from '../../src/process/runner.js';

export interface TestDeps extends Deps {
  logs: { level: string; msg: string }[];
}

/** Deps over the real file system, with `cwd` and a recording logger. */
export function testDeps(cwd: string, env: Record<string, string> = {}): TestDeps {
  const logs: { level: string; msg: string }[] = [];
  const log = (level: string) => (msg: string) => void logs.push({ level, msg });
  const fail = (): never => {
    throw new Error('not available in state tests');
  };
  return {
    fs: nodeFileSystem(),
    runner: { run: async () => fail() },
    syncRunner: new ExecaSyncRunner(),
    http: { request: async () => fail() },
    clock: { now: () => 0, sleep: async () => undefined },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    prompter: { confirm: async () => fail(), multiSelect: async () => fail() },
    env,
    cwd,
    logs,
  };
}

/** Writes `files` (path → text) under a fresh temp dir and returns its path. */
export function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'helmsync-state-')));
  for (const [p, text] of Object.entries(files)) {
    const abs = join(root, p);
    fs.mkdirSync(dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return root;
}

export function cleanupTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * Loads inline trees (written by {@link tree}) with `loadState`, removing every tree after
 * each test. Call at the top of a test file; `defaults` come before each call's options
 * (e.g. `{ renderer: identityRenderer }` for plain-YAML tests).
 */
export function treeLoader(defaults: Partial<LoadOptions> = {}) {
  const roots: string[] = [];
  afterEach(() => {
    while (roots.length) cleanupTree(roots.pop() as string);
  });
  /** {@link tree}, removed after the test. */
  function tempTree(files: Record<string, string>): string {
    const root = tree(files);
    roots.push(root);
    return root;
  }
  async function load(files: Record<string, string>, opts: Partial<LoadOptions> = {}, env: Record<string, string> = {}) {
    const root = tempTree(files);
    const deps = testDeps(root, env);
    const state = await loadState({ ...defaults, ...opts }, deps);
    return { state, root, deps };
  }
  /** The UserError loading `files` fails with (the test fails when it loads). */
  async function loadError(files: Record<string, string>, opts: Partial<LoadOptions> = {}): Promise<UserError> {
    try {
      await load(files, opts);
    } catch (e) {
      if (e instanceof UserError) return e;
      throw e;
    }
    throw new Error('expected a UserError');
  }
  return { load, loadError, tree: tempTree };
}

/** A renderer for files with no template actions: returns the text unchanged, fails on `{{`. */
export const identityRenderer = {
  render(text: string, _data: unknown, ctx: { name: string }): string {
    if (text.includes('{{')) throw new Error(`identityRenderer cannot render ${ctx.name}`);
    return text;
  },
};

/** Absolute path of the Helmfile corpus (shared/ sits beside the work tree). */
export const CORPUS_DIR = new URL('../../../shared/corpus/helmfile/local/', import.meta.url).pathname;

/**
 * A stand-in for the Go template engine that only understands `{{ .A.B.C }}` field paths
 * (missingkey=error), recording what it rendered. Lets the release-template seam be tested
 * without src/gotemplate.
 */
export function fieldRenderer() {
  const calls: { name: string; text: string; data: unknown }[] = [];
  return {
    calls,
    render(text: string, data: unknown, ctx: { name: string }): string {
      calls.push({ name: ctx.name, text, data });
      return text.replace(/\{\{-?\s*((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*-?\}\}/g, (_m, path: string) => {
        let cur: unknown = data;
        for (const seg of path.slice(1).split('.')) {
          if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, seg)) throw new Error(`map has no entry for key "${seg}"`);
          cur = (cur as Record<string, unknown>)[seg];
        }
        return String(cur);
      });
    },
  };
}
