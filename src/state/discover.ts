/**
 * Which state files a command reads (Helmfile app.go findDesiredStateFiles, inventory §1.1):
 * `-f FILE|DIR|-`, else `helmfile.yaml`, `helmfile.yaml.gotmpl`, then `helmfile.d/`.
 */
import { join, resolve } from 'node:path';
import type { FileSystem } from '../ports/index.js';
import { UserError } from '../errors/index.js';

/** A state file to load, as the user will see it named. */
export interface StateFileRef {
  /** Display path (relative as given, or as discovered). */
  path: string;
  /** Absolute path; for stdin, `<cwd>/-`. */
  absPath: string;
  /** Inline text (stdin). */
  text?: string;
}

/** Matches Go's `filepath.Glob("*.y*ml")` and `"*.y*ml.gotmpl"` on a base name. */
export function isStateFileName(name: string): boolean {
  return /\.y[^/]*ml$/.test(name) || /\.y[^/]*ml\.gotmpl$/.test(name);
}

function listDir(fs: FileSystem, dir: string, shown: string, reverse: boolean): StateFileRef[] {
  const names = fs
    .readDir(dir)
    .filter((e) => !e.isDir && isStateFileName(e.name))
    .map((e) => e.name)
    .sort();
  if (reverse) names.reverse();
  return names.map((n) => ({ path: join(shown, n), absPath: join(dir, n) }));
}

/**
 * Finds the state files. @throws UserError when nothing is found or the choice is ambiguous.
 */
export function discoverStateFiles(fs: FileSystem, cwd: string, file: string | undefined, opts: { stdin?: string; reverse?: boolean } = {}): StateFileRef[] {
  if (file === '-') {
    return [{ path: '-', absPath: join(cwd, '-'), text: opts.stdin ?? '' }];
  }
  if (file !== undefined && file !== '') {
    const abs = resolve(cwd, file);
    const st = fs.stat(abs);
    if (!st) throw new UserError(`state file ${file} does not exist`, { hint: 'check the -f/--file path' });
    if (st.isDir) {
      const found = listDir(fs, abs, file, opts.reverse ?? false);
      if (!found.length) throw new UserError(`no state file found in directory ${file}`, { hint: 'expected *.yaml, *.yml or *.yaml.gotmpl files' });
      return found;
    }
    return [{ path: file, absPath: abs }];
  }
  const yaml = fs.exists(join(cwd, 'helmfile.yaml'));
  const gotmpl = fs.exists(join(cwd, 'helmfile.yaml.gotmpl'));
  const dirStat = fs.stat(join(cwd, 'helmfile.d'));
  const hasDir = !!dirStat?.isDir;
  if (yaml && gotmpl) {
    throw new UserError('both helmfile.yaml and helmfile.yaml.gotmpl exist', { hint: 'keep one of them, or choose with -f' });
  }
  if ((yaml || gotmpl) && hasDir) {
    const f = yaml ? 'helmfile.yaml' : 'helmfile.yaml.gotmpl';
    throw new UserError(`both ${f} and helmfile.d exist`, { hint: 'keep one of them, or choose with -f' });
  }
  if (yaml) return [{ path: 'helmfile.yaml', absPath: join(cwd, 'helmfile.yaml') }];
  if (gotmpl) return [{ path: 'helmfile.yaml.gotmpl', absPath: join(cwd, 'helmfile.yaml.gotmpl') }];
  if (hasDir) {
    const found = listDir(fs, join(cwd, 'helmfile.d'), 'helmfile.d', opts.reverse ?? false);
    if (found.length) return found;
  }
  throw new UserError('no state file found: looked for helmfile.yaml, helmfile.yaml.gotmpl and helmfile.d/', {
    hint: 'create helmfile.yaml or pass -f FILE',
  });
}
