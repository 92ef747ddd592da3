/**
 * `helmsync build`: the loaded state as YAML, one `---` document per state
 * file (`#  Source: <abs path>`), as Helmfile prints it.
 */
import { parse } from 'yaml';
import { loadState } from '../state/load.js';
import { knownSecrets } from '../secrets/registry.js';
import { buildReleaseValues } from '../values/release-values.js';
import type { Release } from '../state/types.js';
import { buildDocument } from './build-yaml.js';
import type { Deps } from '../ports/index.js';
import type { CommonOptions } from './options.js';

export interface BuildOptions extends Pick<CommonOptions, 'load'> {
  /** `--helm-binary`: printed as each file's helmBinary unless empty or `helm` (Helmfile's applyDefaultsAndOverrides, pkg/state/create.go). */
  helmBinary?: string;
  /** Inline each release's merged values instead of file references. */
  embedValues?: boolean;
  /** go-yaml v2 indentation (Helmfile's HELMFILE_GO_YAML_V3=false). */
  yamlV2?: boolean;
}

export interface BuildResult {
  /** The YAML stream to print. */
  yaml: string;
  files: number;
}

/** The loaded state as Helmfile-shaped YAML documents, one per state file. */
export async function build(options: BuildOptions, deps: Deps): Promise<BuildResult> {
  const state = await loadState(options.load, deps);
  const docs: string[] = [];
  for (const file of state.files) {
    const selected = new Set(file.selected.map((r) => r.id));
    let releases: Release[] = file.releases.filter((r) => selected.has(r.id));
    if (options.embedValues) {
      releases = await Promise.all(
        releases.map(async (r) => {
          // Helmfile's LoadYAMLForEmbedding: each values entry becomes its (rendered) content, in order.
          const v = await buildReleaseValues(r, state, deps, { merge: false, decryptSecrets: false });
          try {
            const values = v.files.map((f) => (parse(deps.fs.readFile(f)) ?? {}) as Record<string, unknown>);
            return { ...r, spec: { ...r.spec, values, valuesTemplate: undefined } };
          } finally {
            v.cleanup();
          }
        }),
      );
    }
    const override = options.helmBinary && options.helmBinary !== 'helm' ? options.helmBinary : undefined;
    docs.push(buildDocument(override ? { ...file, helmBinary: override } : file, releases, { yamlV2: options.yamlV2, secretStrings: knownSecrets(deps) }));
  }
  return { yaml: docs.join(''), files: state.files.length };
}
