/**
 * The plain data the argv builders need about one release. The app layer maps
 * a loaded state release (+ helmDefaults + CLI options) into this, so src/helm
 * does not depend on the shape of src/state and stays a pure, testable layer.
 *
 * Booleans are tri-state on purpose: `undefined` means "not set on the release",
 * so the helmDefaults value applies (Helmfile's `release.X != nil && *release.X ||
 * release.X == nil && st.HelmDefaults.X`).
 */

/** One `--set`-like flag. */
export interface HelmSet {
  kind: 'set' | 'set-string' | 'set-file';
  /** `name=value` already joined the way helm expects it. */
  expr: string;
}

/** Per-release fields that end up as helm flags (releases[] in the inventory §1.5). */
export interface HelmReleaseSpec {
  name: string;
  namespace?: string;
  /** Chart reference as helm should see it: a path, `repo/chart` or `oci://…`. */
  chart: string;
  version?: string;
  kubeContext?: string;
  devel?: boolean;
  verify?: boolean;
  keyring?: string;
  wait?: boolean;
  waitForJobs?: boolean;
  /** Seconds. */
  timeout?: number;
  force?: boolean;
  forceConflicts?: boolean;
  recreatePods?: boolean;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  cleanupOnFail?: boolean;
  historyMax?: number;
  createNamespace?: boolean;
  skipCRDs?: boolean;
  reuseValues?: boolean;
  enableDNS?: boolean;
  skipSchemaValidation?: boolean;
  disableOpenAPIValidation?: boolean;
  insecureSkipTLSVerify?: boolean;
  plainHttp?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  apiVersions?: string[];
  kubeVersion?: string;
  description?: string;
  takeOwnership?: boolean;
  serverSide?: string;
  cascade?: string;
  deleteWait?: boolean;
  /** Seconds. */
  deleteTimeout?: number;
  labels?: Record<string, string>;
  syncReleaseLabels?: boolean;
}

/** `helmDefaults:` fields that map to helm flags (inventory §1.3). */
export interface HelmDefaultsSpec {
  kubeContext?: string;
  args?: string[];
  syncArgs?: string[];
  templateArgs?: string[];
  diffArgs?: string[];
  verify?: boolean;
  keyring?: string;
  enableDNS?: boolean;
  skipSchemaValidation?: boolean;
  devel?: boolean;
  wait?: boolean;
  waitForJobs?: boolean;
  timeout?: number;
  recreatePods?: boolean;
  force?: boolean;
  forceConflicts?: boolean;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  cleanupOnFail?: boolean;
  historyMax?: number;
  createNamespace?: boolean;
  skipCRDs?: boolean;
  reuseValues?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  cascade?: string;
  disableOpenAPIValidation?: boolean;
  insecureSkipTLSVerify?: boolean;
  plainHttp?: boolean;
  deleteWait?: boolean;
  deleteTimeout?: number;
  syncReleaseLabels?: boolean;
  takeOwnership?: boolean;
  serverSide?: string;
}

/** The values a release hands to helm: temp/user files first, then sets (inventory §3.3). */
export interface HelmValuesArgs {
  /** `--values` files in order (release values, secrets). */
  files: string[];
  sets: HelmSet[];
  /** CLI `--values` files, already absolute; they come after the release's own. */
  cliFiles?: string[];
  /** CLI `--set name=value`; last. */
  cliSets?: string[];
}

/** `release.X ?? defaults.X ?? fallback` for booleans, as Helmfile resolves them. */
export function pick<T>(release: T | undefined, defaults: T | undefined, fallback: T): T {
  if (release !== undefined) return release;
  if (defaults !== undefined) return defaults;
  return fallback;
}
