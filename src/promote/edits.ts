/**
 * From proposed items to file edits: each key's file (write-target.ts), then
 * one minimal edit per file (yaml-edit.ts) with all of that file's keys. Pure
 * over the FileSystem port: nothing is written here; the texts are what the
 * preview reads and what promote writes once confirmed.
 */
import { UserError } from '../errors/index.js';
import type { FileSystem } from '../ports/index.js';
import type { EnvironmentValuesLayer, LoadedState } from '../state/types.js';
import type { PromotionItem } from './proposal.js';
import { writeTargetFor, type WriteTarget } from './write-target.js';
import { editYamlValues } from './yaml-edit.js';

export interface FileEdit {
  absPath: string;
  /** As the releases file names it. */
  display: string;
  before: string;
  after: string;
  items: PromotionItem[];
}

export interface EditPlan {
  files: FileEdit[];
  /** Where each item (by id) goes. */
  targets: Map<string, WriteTarget>;
}

export interface EditPlanInput {
  items: readonly PromotionItem[];
  target: LoadedState;
  /** Every traced layer of the target environment (all state files). */
  layers: readonly EnvironmentValuesLayer[];
  sharedWith: ReadonlyMap<string, readonly string[]>;
  fs: FileSystem;
}

/** Decides every item's file and computes each file's new text. @throws UserError (file:line) before anything is written. */
export function planEdits(input: EditPlanInput): EditPlan {
  const targets = new Map<string, WriteTarget>();
  const byFile = new Map<string, { display: string; items: PromotionItem[] }>();
  for (const item of input.items) {
    const sf = input.target.files[item.fileIndex]!;
    const t = writeTargetFor({
      path: item.path,
      layers: input.layers.filter((l) => l.stateFile === sf.absPath),
      environment: input.target.environmentName,
      stateFile: sf.path,
      sharedWith: input.sharedWith,
      fs: input.fs,
    });
    targets.set(item.id, t);
    const g = byFile.get(t.absPath) ?? { display: t.display, items: [] };
    g.items.push(item);
    byFile.set(t.absPath, g);
  }
  const files: FileEdit[] = [];
  for (const [absPath, g] of byFile) {
    let before: string;
    try {
      before = input.fs.readFile(absPath);
    } catch (e) {
      throw new UserError(`cannot read ${g.display}: ${(e as Error).message}`, { location: { file: g.display } });
    }
    const after = editYamlValues(before, g.items.map((i) => ({ path: i.path, value: i.value })), { file: g.display });
    if (after !== before) files.push({ absPath, display: g.display, before, after, items: g.items });
  }
  return { files, targets };
}

/**
 * Values files other environments load (absolute path → environment names):
 * the source's traced layers, and the plain paths other environments list in
 * each target state file (paths templated per environment cannot be known
 * without loading that environment; the source is always loaded).
 */
export function sharedFiles(target: LoadedState, sourceLayers: readonly EnvironmentValuesLayer[], sourceEnv: string, resolve: (dir: string, p: string) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (p: string, env: string) => {
    const l = out.get(p) ?? [];
    if (!l.includes(env)) l.push(env);
    out.set(p, l);
  };
  for (const l of sourceLayers) if (l.absPath) add(l.absPath, sourceEnv);
  for (const f of target.files) {
    for (const [env, spec] of Object.entries(f.spec.environments ?? {})) {
      if (env === target.environmentName) continue;
      for (const v of spec?.values ?? []) if (typeof v === 'string' && !/[*?[{]/.test(v)) add(resolve(f.dir, v), env);
    }
  }
  return out;
}
