/**
 * Set-up of the promote e2e suites: the cluster env of cluster-support.ts
 * (emulator today, the real control plane once test/support switches) with
 * fixtures/promote (dev, staging, prod, one namespace each) copied beside it
 * as a git repository, and helpers to run the BUILT CLI on it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { HelmMajor } from '../support/binaries.js';
import { repoRoot, type CliResult } from '../support/cli.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

/** git's identity for the test repository and for `promote --commit`. */
export const GIT_ENV = { GIT_AUTHOR_NAME: 'Promote Test', GIT_AUTHOR_EMAIL: 'promote@example.com', GIT_COMMITTER_NAME: 'Promote Test', GIT_COMMITTER_EMAIL: 'promote@example.com' };

export interface PromoteEnv extends ClusterEnv {
  /** The fixture copy (a git work tree). */
  repo: string;
  /** `helmsync <args>` in the fixture copy. */
  hs(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** A fixture file as it is now. */
  file(rel: string): string;
  /** The original fixture file (from fixtures/promote). */
  original(rel: string): string;
  /** Every file of the copy (path → text), .git left out. */
  snapshot(): Record<string, string>;
  git(args: string[]): string;
}

export async function setUpPromote(major: HelmMajor): Promise<PromoteEnv> {
  const e = await setUp(major);
  const repo = join(e.dir, 'shop');
  cpSync(join(repoRoot, 'fixtures', 'promote'), repo, { recursive: true });
  cpSync(join(repoRoot, 'fixtures', 'charts', 'demo'), join(repo, 'charts', 'demo'), { recursive: true });
  const env = { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath, ...GIT_ENV };
  const git = (args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8' });
  git(['init', '--quiet', '--initial-branch', 'main']);
  git(['add', '-A']);
  git(['commit', '--quiet', '-m', 'fixture']);
  const snapshot = () => {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        if (n === '.git') continue;
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else out[relative(repo, p)] = readFileSync(p, 'utf8');
      }
    };
    walk(repo);
    return out;
  };
  return {
    ...e,
    repo,
    hs: (args, extra = {}) => e.cli(['-f', 'shop/helmfile.yaml.gotmpl', ...args], { env: { ...GIT_ENV, ...extra } }),
    file: (rel) => readFileSync(join(repo, rel), 'utf8'),
    original: (rel) => readFileSync(join(repoRoot, 'fixtures', 'promote', rel), 'utf8'),
    snapshot,
    git,
  };
}

/** fixtures/promote/environments/prod.yaml (CRLF) with these values. */
export const PROD = (web: string, api: string, message?: string): string =>
  ['# prod: promoted from staging only.', 'apps:', '  web:', `    imageTag: ${web}  # pinned after incident 42`, ...(message ? [`    message: ${message}`] : []), '', '  api:', `    imageTag: ${api}`, '    replicas: 2'].map((l) => `${l}\r\n`).join('');
