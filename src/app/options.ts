/**
 * Options every use case that loads state and talks to helm shares.
 * Built by src/cli from the global flags; use cases take them as data.
 */
import type { LoadOptions } from '../state/load-options.js';
import type { ChartResolver } from './chart-resolver.js';

export interface CommonOptions {
  /** How to load the releases file(s): -f, -e, -l, state values, needs flags… */
  load: LoadOptions;
  /** `--helm-binary`; else the state's `helmBinary:`; else `helm`. */
  helmBinary?: string;
  /** `--kubeconfig`, passed to helm. */
  kubeconfig?: string;
  /** `--skip-deps`: no `helm dependency build`, no repo refresh. */
  skipDeps?: boolean;
  /** `--skip-refresh`: `helm dependency build --skip-refresh`. */
  skipRefresh?: boolean;
  /** `--oci-plain-http`: plain HTTP to OCI registries. */
  ociPlainHttp?: boolean;
  /** Progress display: listr2 on an interactive terminal, plain log lines otherwise. */
  progress?: { interactive: boolean; stream?: NodeJS.WriteStream };
  /** Resolves `repo/chart` and `oci://` charts; default: src/charts' resolver (index, OCI, lock, cache). */
  chartResolver?: ChartResolver;
}
