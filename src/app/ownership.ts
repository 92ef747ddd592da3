/**
 * Which owner a run writes on the releases it installs or upgrades (and which
 * releases `--prune` may remove): `--owner NAME`, else one derived from the
 * releases file and the environment (src/plan/release-marks.ts).
 *
 * Derived owners must be the same for every checkout of one file and differ
 * for any two files that deploy to one cluster (or one file's prune would
 * remove the other's releases). So the file is identified by
 * - in a git work tree: the repository's `origin` URL (credentials and a
 *   trailing `.git` dropped: every clone, CI checkout and machine agrees;
 *   without an origin, the work tree's absolute root) plus the file's path
 *   relative to the root of the work tree;
 * - outside one: its absolute path (a Pod mounting the file at /config, a VM).
 * A helmfile.d directory is one source (adding a file to it changes nothing);
 * stdin is `-` in the working directory. Renaming or moving the file, a new
 * origin, or another environment is another owner: the releases the old one
 * wrote are then no longer pruned (the safe direction) until the new one
 * upgrades them; `--owner` pins the owner across such moves.
 */
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkOwnerName, deriveOwner, type OwnerSource } from '../plan/release-marks.js';
import type { Deps } from '../ports/index.js';
import type { LoadOptions } from '../state/load-options.js';

/** The releases file or directory the run reads, absolute (`<cwd>/-` for stdin). */
function sourcePath(load: LoadOptions, deps: Deps): string {
  const cwd = load.cwd ?? deps.cwd;
  if (load.file) return resolve(cwd, load.file);
  // Discovery's order (src/state/discover.ts): helmfile.yaml, helmfile.yaml.gotmpl, helmfile.d/.
  for (const f of ['helmfile.yaml', 'helmfile.yaml.gotmpl']) if (deps.fs.exists(join(cwd, f))) return join(cwd, f);
  return join(cwd, 'helmfile.d');
}

/** The nearest directory at or above `dir` that holds `.git` (a directory, or a worktree's file). */
export function gitRoot(dir: string, deps: Deps): string | undefined {
  let d = dir;
  for (;;) {
    if (deps.fs.exists(join(d, '.git'))) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The git directory whose `config` holds the remotes (a worktree's `.git` file points into the main one). */
function gitCommonDir(root: string, deps: Deps): string | undefined {
  const dotGit = join(root, '.git');
  const st = deps.fs.stat(dotGit);
  if (st?.isDir) return dotGit;
  if (!st?.isFile) return undefined;
  const m = /^gitdir:\s*(.+)$/m.exec(deps.fs.readFile(dotGit));
  if (!m) return undefined;
  const gitdir = isAbsolute(m[1]!.trim()) ? m[1]!.trim() : resolve(root, m[1]!.trim());
  const common = join(gitdir, 'commondir');
  return deps.fs.exists(common) ? resolve(gitdir, deps.fs.readFile(common).trim()) : gitdir;
}

/** `https://user:token@host/org/repo.git`, `git@host:org/repo.git` → `host/org/repo`. */
export function normaliseRemote(url: string): string {
  return url
    .trim()
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .replace(/^([^/:]+):(?!\d)/, '$1/')
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');
}

/** The `origin` remote's URL in a git config text, if any. */
export function originUrl(config: string): string | undefined {
  let inOrigin = false;
  for (const line of config.split('\n')) {
    const section = /^\s*\[(.+)\]\s*$/.exec(line);
    if (section) {
      inOrigin = /^remote\s+"origin"$/.test(section[1]!.trim());
      continue;
    }
    const kv = inOrigin ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
    if (kv) return kv[1];
  }
  return undefined;
}

/** What identifies the releases file (see the module comment). */
export function ownerSource(load: LoadOptions, environment: string, deps: Deps): OwnerSource {
  const abs = sourcePath(load, deps);
  const st = deps.fs.stat(abs);
  const root = gitRoot(st?.isDir ? abs : dirname(abs), deps);
  if (!root) return { id: abs, readable: basename(abs), environment };
  const rel = relative(root, abs).split(sep).join('/') || basename(abs);
  const common = gitCommonDir(root, deps);
  let origin: string | undefined;
  try {
    origin = common ? originUrl(deps.fs.readFile(join(common, 'config'))) : undefined;
  } catch {
    origin = undefined;
  }
  const repo = origin ? normaliseRemote(origin) : root;
  return { id: `${repo}\0${rel}`, readable: `${basename(repo)}.${rel}`, environment };
}

/** `--owner` (validated), else the owner derived from the releases file and environment. */
export function resolveOwner(options: { owner?: string; load: LoadOptions }, environment: string, deps: Deps): string {
  if (options.owner !== undefined) return checkOwnerName(options.owner);
  return deriveOwner(ownerSource(options.load, environment, deps));
}
