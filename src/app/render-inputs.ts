/**
 * What rendering a release with `helm template` takes from the command line,
 * shared by `template` and the cluster commands (diff/sync/apply render every
 * release exactly as the upgrade will): the options, their checks, and the
 * helm flags they become.
 */
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import { splitArgs } from '../helm/argv-common.js';
import type { TemplateCliOptions } from '../helm/argv-template.js';
import { releaseId } from '../helm/helm.js';
import type { Release } from '../state/types.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

/** Options of every command that renders releases. */
export interface RenderOptions extends CommonOptions {
  /** `--args`: extra helm args for every call (space-separated). */
  args?: string;
  /** `--set`: extra --set for every release. */
  set?: string[];
  /** `--values`: extra values files, relative to each releases file's directory. */
  values?: string[];
  /** Parallel helm calls; 0 = unlimited. */
  concurrency?: number;
  /** `--template-args`: replaces helmDefaults.templateArgs when rendering. */
  templateArgs?: string;
  postRenderer?: string;
  postRendererArgs?: string[];
  skipSchemaValidation?: boolean;
  /** Keep temp values files (debugging). */
  skipCleanup?: boolean;
}

/** The `helm template` flags that come from RenderOptions (the command adds its own). */
export function renderCliFlags(options: RenderOptions): TemplateCliOptions {
  return {
    postRenderer: options.postRenderer,
    postRendererArgs: options.postRendererArgs,
    skipSchemaValidation: options.skipSchemaValidation,
    args: options.args !== undefined ? splitArgs(options.args) : undefined,
    templateArgs: options.templateArgs !== undefined ? splitArgs(options.templateArgs) : undefined,
    kubeconfig: options.kubeconfig,
  };
}

/** Fails before helm runs when a `--values` file is missing. */
export function checkRenderInputs(release: Release, options: Pick<RenderOptions, 'values'>, deps: Deps): void {
  for (const f of options.values ?? []) {
    const abs = isAbsolute(f) ? f : resolve(release.baseDir, f);
    if (!deps.fs.exists(abs)) {
      throw new UserError(`values file ${f} given with --values does not exist`, { release: releaseId(release), hint: `looked for ${abs}` });
    }
  }
}
