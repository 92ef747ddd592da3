/**
 * Where a promoted key is written (issue 12): the last of the target
 * environment's values files, in layering order, that sets the key; if none
 * sets it, the last plain YAML values file of the target environment. A key
 * whose defining layer is a `.gotmpl` file (an expression), HCL, or an inline
 * map in the releases file cannot be rewritten safely: refused with the file
 * and line.
 *
 * A values file that another environment also loads (a `common.yaml`) is never
 * written: the change would move that environment too. The key then goes into
 * the last plain file of the target alone that comes after it (it overrides
 * the shared one), or the promotion is refused.
 */
import { UserError, type SourceLocation } from '../errors/index.js';
import type { FileSystem } from '../ports/index.js';
import type { EnvironmentValuesLayer } from '../state/types.js';
import { formatPath, getAt, type PathSegment } from './values-path.js';

export interface WriteTarget {
  absPath: string;
  /** As written in the releases file. */
  display: string;
  /** The file already sets the key (a rewrite) rather than getting it added. */
  sets: boolean;
}

export interface WriteTargetInput {
  path: readonly PathSegment[];
  /** The target environment's layers of the item's state file, in layering order. */
  layers: readonly EnvironmentValuesLayer[];
  environment: string;
  /** The releases file, for messages. */
  stateFile: string;
  /** Other environments loading a values file (absolute path → their names). */
  sharedWith: ReadonlyMap<string, readonly string[]>;
  fs: FileSystem;
}

/** The line of `path` in a template's source: each key searched for after the previous one. */
export function templateLine(text: string, path: readonly PathSegment[]): number | undefined {
  const lines = text.split('\n');
  let from = 0;
  let found: number | undefined;
  for (const seg of path) {
    if (typeof seg === 'number') continue;
    const esc = seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^\\s*(-\\s+)?(["']?)${esc}\\2\\s*:`);
    const i = lines.findIndex((l, n) => n >= from && re.test(l));
    if (i < 0) return found;
    found = i + 1;
    from = i + 1;
  }
  return found;
}

/** Decides the file for one key. @throws UserError naming the file (and line) when it cannot be written safely. */
export function writeTargetFor(input: WriteTargetInput): WriteTarget {
  const { path, layers, environment } = input;
  const key = formatPath(path);
  const shared = (l: EnvironmentValuesLayer): readonly string[] => (l.absPath ? input.sharedWith.get(l.absPath) ?? [] : []);
  const exclusivePlain = (after: number): EnvironmentValuesLayer | undefined =>
    layers
      .slice(after + 1)
      .filter((l) => l.kind === 'file' && !shared(l).length)
      .pop();
  let lastSetter = -1;
  layers.forEach((l, i) => {
    if (getAt(l.value, path).found) lastSetter = i;
  });
  if (lastSetter < 0) {
    const to = exclusivePlain(-1);
    if (!to) {
      const plain = layers.filter((l) => l.kind === 'file');
      throw new UserError(`environment ${environment} has no plain YAML values file of its own to add ${key} to`, {
        location: { file: input.stateFile },
        environment,
        hint: plain.length
          ? `${plain.map((l) => l.display).join(', ')} ${plain.length > 1 ? 'are' : 'is'} also loaded by ${[...new Set(plain.flatMap(shared))].join(', ')}; add a values file of ${environment} alone under environments.${environment}.values`
          : `add a values file (e.g. environments/${environment}.yaml) under environments.${environment}.values`,
      });
    }
    return { absPath: to.absPath!, display: to.display, sets: false };
  }
  const l = layers[lastSetter]!;
  if (l.kind === 'template' || l.kind === 'hcl') {
    const location: SourceLocation = { file: l.display };
    if (l.kind === 'template' && l.absPath) {
      const line = templateLine(readOr(input.fs, l.absPath), path);
      if (line !== undefined) location.line = line;
    }
    throw new UserError(`${key} of environment ${environment} is produced by ${l.kind === 'template' ? 'a template' : 'an HCL file'} (${l.display}); it cannot be rewritten safely`, {
      location,
      environment,
      hint: `set ${key} in a plain YAML values file of ${environment} listed after ${l.display}, or promote it by hand`,
    });
  }
  if (l.kind === 'inline') {
    throw new UserError(`${key} of environment ${environment} is set by an inline map under environments.${environment}.values in ${l.display}`, {
      location: { file: l.display },
      environment,
      hint: `move the inline values of ${environment} into a values file, which promote can edit`,
    });
  }
  const others = shared(l);
  if (!others.length) return { absPath: l.absPath!, display: l.display, sets: true };
  const to = exclusivePlain(lastSetter);
  if (!to) {
    throw new UserError(`${key} of environment ${environment} is set in ${l.display}, which ${others.join(', ')} also load${others.length === 1 ? 's' : ''}: writing it would promote ${others.join(', ')} too`, {
      location: { file: l.display },
      environment,
      hint: `list a values file of ${environment} alone after ${l.display} under environments.${environment}.values; promote then writes the key there`,
    });
  }
  return { absPath: to.absPath!, display: to.display, sets: false };
}

function readOr(fs: FileSystem, p: string): string {
  try {
    return fs.readFile(p);
  } catch {
    return '';
  }
}
