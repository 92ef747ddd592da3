/**
 * `helmsync write-values`: each selected release's merged values written to a
 * file (Helmfile `WriteReleasesValues`), default
 * `{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}/{{ .Release.Name}}.yaml`.
 */
import { isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserError } from '../errors/index.js';
import { loadState } from '../state/load.js';
import { buildReleaseValues } from '../values/release-values.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';
import { pathTemplateData, renderPathTemplate } from './path-template.js';
import { releaseHooks } from './release-hooks.js';

export interface WriteValuesOptions extends Pick<CommonOptions, 'load'> {
  /** Extra values files merged last (relative to each releases file dir). */
  values?: string[];
  /** Default `{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}/{{ .Release.Name}}.yaml`, relative to the releases file dir. */
  outputFileTemplate?: string;
  skipCleanup?: boolean;
}

export interface WriteValuesResult {
  written: { release: string; path: string }[];
}

export const DEFAULT_OUTPUT_FILE_TEMPLATE = '{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}/{{ .Release.Name}}.yaml';

/** Deep merge, later wins, arrays replaced (mergo WithOverride). */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = cur && v && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(cur) && !Array.isArray(v) ? merge(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Writes each selected release's merged values (plus CLI `--values`) to a file. */
export async function writeValues(options: WriteValuesOptions, deps: Deps): Promise<WriteValuesResult> {
  const state = await loadState(options.load, deps);
  const written: WriteValuesResult['written'] = [];
  const hooks = await releaseHooks(state, 'write-values', deps);
  for (const file of state.files) {
    for (const r of file.selected.filter((x) => x.installed)) {
      await hooks(r, 'prepare');
      const v = await buildReleaseValues(r, state, deps, { merge: true });
      try {
        let merged = v.merged;
        for (const f of options.values ?? []) {
          const abs = isAbsolute(f) ? f : resolve(r.baseDir, f);
          if (!deps.fs.exists(abs)) throw new UserError(`values file ${f} given with --values does not exist`, { hint: `looked for ${abs}` });
          merged = merge(merged, (parse(deps.fs.readFile(abs)) ?? {}) as Record<string, unknown>);
        }
        const rel = renderPathTemplate(options.outputFileTemplate || DEFAULT_OUTPUT_FILE_TEMPLATE, pathTemplateData(file, r, state.environmentName), 'write-values');
        const path = isAbsolute(rel) ? rel : resolve(file.dir, rel);
        deps.logger.info(`Writing values file ${rel}`);
        // Decrypted secrets are in the merge (as Helmfile writes them): then only the owner reads the file.
        deps.fs.writeFile(path, stringify(merged, { lineWidth: 0 }), v.secrets.length ? { mode: 0o600 } : undefined);
        written.push({ release: r.id, path });
      } finally {
        if (!options.skipCleanup) v.cleanup();
      }
      await hooks(r, 'cleanup');
    }
  }
  return { written };
}
