/**
 * The typed model of a Helmfile-v1-compatible releases file (inventory §1) and of the
 * state helmsync loads from it. Field names are the YAML keys, so `spec.values` is the
 * `values:` list as written. Raw `*Spec` types describe what a file may say; `Release`,
 * `LoadedStateFile` and `LoadedState` describe what loading made of it.
 */
import type { SourceLocation } from '../errors/index.js';

/** What to do when a file a state file refers to is missing (`missingFileHandler`). */
export type MissingFileHandler = 'Error' | 'Warn' | 'Info' | 'Debug';

/** A plain YAML map as decoded. */
export type YamlMap = Record<string, unknown>;

/** One entry of `values:` / `valuesTemplate:` / `secrets:`: a path (or glob/URL) or an inline map. */
export type ValuesEntry = string | YamlMap;

/** `missingFileHandlerConfig`. */
export interface MissingFileHandlerConfig {
  ignoreMissingGitBranch?: boolean;
}

/** `helmDefaults:` (inventory §1.3). Every field optional; `createNamespace` and `historyMax` have Helmfile defaults applied by consumers. */
export interface HelmDefaults {
  kubeContext?: string;
  args?: string[];
  diffArgs?: string[];
  syncArgs?: string[];
  templateArgs?: string[];
  verify?: boolean;
  keyring?: string;
  enableDNS?: boolean;
  skipSchemaValidation?: boolean;
  devel?: boolean;
  wait?: boolean;
  waitRetries?: number;
  waitForJobs?: boolean;
  /** Seconds. */
  timeout?: number;
  recreatePods?: boolean;
  force?: boolean;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  cleanupOnFail?: boolean;
  forceConflicts?: boolean;
  historyMax?: number;
  createNamespace?: boolean;
  skipCRDs?: boolean;
  skipDeps?: boolean;
  skipRefresh?: boolean;
  reuseValues?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  cascade?: string;
  suppressOutputLineRegex?: string[];
  disableAutoDetectedKubeVersionForDiff?: boolean;
  disableValidation?: boolean;
  disableOpenAPIValidation?: boolean;
  insecureSkipTLSVerify?: boolean;
  plainHttp?: boolean;
  deleteWait?: boolean;
  deleteTimeout?: number;
  syncReleaseLabels?: boolean;
  takeOwnership?: boolean;
  serverSide?: string;
  trackMode?: string;
  helmStuckGrace?: number;
  /** helmsync extension: `[{kind, group?, name?, namespace?, jsonPointers}]` fields diff ignores (src/diff/ignore-rules.ts). */
  ignoreDiffs?: unknown[];
}

/** `repositories[]` (inventory §1.4). */
export interface RepositorySpec {
  name: string;
  url: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  registryConfig?: string;
  managed?: string;
  oci?: boolean;
  verify?: boolean;
  keyring?: string;
  passCredentials?: boolean;
  skipTLSVerify?: boolean;
  plainHttp?: boolean;
}

/** `set[]` / `setString[]` / `setTemplate[]` entry: `--set`, `--set-file` or `--set name={a,b}`. */
export interface SetValue {
  name: string;
  value?: string;
  file?: string;
  values?: string[];
}

/** Legacy `env[]` entry: `--set name=$ENVVAR`. */
export interface EnvSetValue {
  name: string;
  value: string;
}

/** `hooks[]` (inventory §1.6). */
export interface HookSpec {
  name?: string;
  events: string[];
  command?: string;
  args?: string[];
  showlogs?: boolean;
  kubectlApply?: YamlMap;
}

/** `inherit[]` entry. `except` names fields not taken from the template. */
export interface InheritSpec {
  template: string;
  except?: string[];
}

/** `trackResources[]`. */
export interface TrackResource {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** `dependencies[]` (ad-hoc chart dependencies, via chartify). */
export interface ChartDependency {
  chart: string;
  version?: string;
  alias?: string;
}

/** `releases[]` as written (inventory §1.5). Also the shape of `templates.<name>`. */
export interface ReleaseSpec {
  name?: string;
  namespace?: string;
  chart?: string;
  directory?: string;
  version?: string;
  devel?: boolean;
  forceGoGetter?: boolean;
  kubeContext?: string;
  description?: string;
  labels?: Record<string, string>;

  values?: ValuesEntry[];
  valuesTemplate?: ValuesEntry[];
  secrets?: ValuesEntry[];
  set?: SetValue[];
  setString?: SetValue[];
  setTemplate?: SetValue[];
  env?: EnvSetValue[];
  valuesPathPrefix?: string;
  missingFileHandler?: MissingFileHandler;
  missingFileHandlerConfig?: MissingFileHandlerConfig;

  installed?: boolean;
  condition?: string;
  conditionTemplate?: string;
  installedTemplate?: string;
  waitTemplate?: string;
  verifyTemplate?: string;

  wait?: boolean;
  waitForJobs?: boolean;
  waitRetries?: number;
  timeout?: number;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  cleanupOnFail?: boolean;
  force?: boolean;
  forceConflicts?: boolean;
  recreatePods?: boolean;
  historyMax?: number;
  createNamespace?: boolean;
  reuseValues?: boolean;
  verify?: boolean;
  keyring?: string;
  enableDNS?: boolean;
  skipSchemaValidation?: boolean;
  takeOwnership?: boolean;
  serverSide?: string;
  syncReleaseLabels?: boolean;
  cascade?: string;
  deleteWait?: boolean;
  deleteTimeout?: number;
  updateStrategy?: string;
  adopt?: string[];

  disableValidation?: boolean;
  disableValidationOnInstall?: boolean;
  disableOpenAPIValidation?: boolean;
  suppressDiff?: boolean;
  suppressOutputLineRegex?: string[];
  disableAutoDetectedKubeVersionForDiff?: boolean;
  apiVersions?: string[];
  kubeVersion?: string;

  needs?: string[];
  dependencies?: ChartDependency[];
  jsonPatches?: unknown[];
  strategicMergePatches?: unknown[];
  transformers?: unknown[];
  forceNamespace?: string;
  skipDeps?: boolean;
  skipRefresh?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  insecureSkipTLSVerify?: boolean;
  plainHttp?: boolean;

  inherit?: InheritSpec[];
  hooks?: HookSpec[];
  unitTests?: string[];
  trackMode?: string;
  trackTimeout?: number;
  trackLogs?: boolean;
  trackFailedLogs?: boolean;
  trackKinds?: string[];
  skipKinds?: string[];
  trackResources?: TrackResource[];
  kubedogQPS?: number;
  kubedogBurst?: number;
  trackFailOnError?: boolean;
  helmStuckGrace?: number;
  chartPath?: string;
  /** helmsync extension: fields diff ignores for this release; helmDefaults' rules are appended. */
  ignoreDiffs?: unknown[];
}

/** `environments.<name>`. */
export interface EnvironmentSpec {
  values?: ValuesEntry[];
  secrets?: ValuesEntry[];
  kubeContext?: string;
  missingFileHandler?: MissingFileHandler;
  missingFileHandlerConfig?: MissingFileHandlerConfig;
  /** `override` (default: last file wins) or `fallback` (first file wins). */
  mergeStrategy?: 'override' | 'fallback';
}

/** Keys a parent may pass down with `helmfiles[].inherits`. */
export type InheritableKey = 'repositories' | 'helmDefaults' | 'commonLabels' | 'apiVersions' | 'kubeVersion' | 'templates' | 'environments';

/** `helmfiles[]` entry in its map form (a string entry is `{ path }`). */
export interface SubHelmfileSpec {
  path: string;
  selectors?: string[];
  selectorsInherited?: boolean;
  values?: ValuesEntry[];
  inherits?: InheritableKey[];
}

/** The top-level keys of a state file (inventory §1.2), after parts and bases are merged. */
export interface StateSpec {
  bases?: string[];
  helmfiles?: SubHelmfileSpec[];
  environments?: Record<string, EnvironmentSpec>;
  values?: ValuesEntry[];
  helmDefaults?: HelmDefaults;
  repositories?: RepositorySpec[];
  releases?: ReleaseSpec[];
  templates?: Record<string, ReleaseSpec>;
  defaultInherit?: string[];
  commonLabels?: Record<string, string>;
  missingFileHandler?: MissingFileHandler;
  missingFileHandlerConfig?: MissingFileHandlerConfig;
  lockFilePath?: string;
  apiVersions?: string[];
  kubeVersion?: string;
  hooks?: HookSpec[];
  helmBinary?: string;
  kustomizeBinary?: string;
  kubeContext?: string;
  namespace?: string;
  chart?: string;
  llm?: YamlMap;
  /** Accepted and ignored, as Helmfile does (its HelmState.FilePath). */
  filepath?: string;
  /** Accepted and ignored, as Helmfile does (its HelmState.RenderedValues). */
  renderedvalues?: YamlMap;
  /** v0-era `context:`: helmDefaults.kubeContext (deprecated). */
  context?: string;
  /** v0-era `charts:`: releases (deprecated). */
  charts?: ReleaseSpec[];
  /** helmsync extension: what `helmsync promote` moves between environments (src/promote). */
  promotion?: PromotionSpec;
}

/**
 * `promotion:` (helmsync extension, issue 12): the order promotions follow and the
 * environment-value key paths that move. A `*` (glob) segment matching a release's name ties the
 * key to that release.
 */
export interface PromotionSpec {
  /** The order promotions follow, e.g. `[dev, staging, prod]`. */
  environments?: string[];
  /** Dotted key paths into the environment values; glob characters per segment. */
  values?: string[];
  /** Per release: further key paths tied to it (keys whose path does not name the release). */
  releases?: Record<string, { values?: string[] }>;
}

/** Where the `promotion:` key and its entries are written, for file:line messages. */
export interface PromotionDeclaration {
  spec: PromotionSpec;
  /** The `promotion:` key. */
  source: SourceLocation;
  /** `environments[i]` and `values[i]` entries, and `releases.<name>.values[i]` as `<name>[i]`. */
  entries: { environments: SourceLocation[]; values: SourceLocation[]; releases: Record<string, SourceLocation[]> };
}

/**
 * One layer of an environment's values as loading merged it, in layering order (the last
 * wins), reported to {@link LoadOptions.traceEnvironmentValues}. `helmsync promote` uses it
 * to find the file that defines a key.
 */
export interface EnvironmentValuesLayer {
  /** Absolute path of the state file whose environment this layer belongs to. */
  stateFile: string;
  /** The environment. */
  environment: string;
  /** `file`: a YAML file; `template`: a `.gotmpl` file (rendered); `hcl`: HCL files (merged); `inline`: a map in the releases file. */
  kind: 'file' | 'template' | 'hcl' | 'inline';
  /** Absolute path of the values file (not for inline maps; the first file for HCL). */
  absPath?: string;
  /** Path as written (or the releases file for an inline map). */
  display: string;
  /** The layer's values as decoded. */
  value: YamlMap;
}

/** The environment a state file was loaded for. */
export interface EnvironmentInfo {
  name: string;
  /** `environments.<name>.kubeContext`, '' when unset. */
  kubeContext: string;
  /** Merged state values (`.Values` / `.Environment.Values`), CLI overrides included. */
  values: YamlMap;
  /**
   * The decrypted `secrets:` of the environment (already merged into `values`), kept
   * only so every output can mask them; never printed.
   */
  secrets?: YamlMap;
}

/** Where a release (or any node) was declared. */
export interface SourcePos extends SourceLocation {
  /** Absolute path of the file. */
  absFile: string;
  /**
   * Where each key the entry itself writes sits (`chart`, `namespace`, …), and each item
   * of its list-valued keys (`values[0]`, `needs[1]`); keys from templates are absent.
   * Read through {@link fieldLocation} (src/state/field-location.ts).
   */
  keys?: Record<string, SourceLocation>;
}

/**
 * A release after inheritance, `commonLabels`, overrides and release-template rendering.
 * `spec` keeps every field (for `build` and for helm flags); the top-level fields are the
 * resolved identity every consumer needs.
 */
export interface Release {
  /** `[kubeContext/][namespace/]name`, Helmfile's ReleaseToID: unique per state file. */
  id: string;
  name: string;
  /** '' when no namespace is set anywhere. */
  namespace: string;
  chart: string;
  /** '' when unset. */
  version: string;
  /** Release kubeContext, else `helmDefaults.kubeContext`, else the environment's; '' when none. */
  kubeContext: string;
  /** `installed` resolved (default true); `installedTemplate` already applied. */
  installed: boolean;
  /** `condition` holds (or there is none): Helmfile's ENABLED column; disabled releases are never selected. */
  enabled: boolean;
  /** The release matches the selectors in force for its file (ignores `condition` and needs). */
  matched: boolean;
  /** User labels plus commonLabels plus automatic `name`, `namespace`, `chart`. */
  labels: Record<string, string>;
  /** `needs` as release ids of the same state file. */
  needs: string[];
  /**
   * The full merged spec (inherit applied, release templates rendered, `needs` normalised,
   * overrides applied). `values` already starts with the rendered `valuesTemplate` entries
   * and `set` with the `setTemplate` ones, as in Helmfile: use `values`/`set`, not both.
   */
  spec: ReleaseSpec;
  /** Where the release is declared. */
  source: SourcePos;
  /** Directory relative paths of this release resolve against (the including state file's directory). */
  baseDir: string;
  /** Index into {@link LoadedState.files}. */
  fileIndex: number;
  /** 0-based position among the releases of its state file. */
  index: number;
}

/** One loaded state file (a root file, a helmfile.d file, or a sub-helmfile). */
export interface LoadedStateFile {
  /** Path as the user gave it or as discovered (e.g. `helmfile.yaml`, `helmfile.d/a.yaml`). */
  path: string;
  /** Absolute path. */
  absPath: string;
  /**
   * Helmfile's `filepath` (build output): the base name, since Helmfile chdirs into each
   * state file's directory before loading it.
   */
  filePath: string;
  /** Directory relative paths resolve against. */
  dir: string;
  /**
   * The merged spec of all parts and bases (for `build`): `releases` are the final release
   * specs (inheritance applied, `inherit` removed, templates rendered, labels complete,
   * needs normalised to `ns/name`); `templates` as written.
   */
  spec: StateSpec;
  environment: EnvironmentInfo;
  helmDefaults: HelmDefaults;
  repositories: RepositorySpec[];
  commonLabels: Record<string, string>;
  /** `lockFilePath` or the default `<basename without .gotmpl/.yaml/.yml>.lock`, relative to `dir`. */
  lockFilePath: string;
  apiVersions: string[];
  kubeVersion: string;
  helmBinary?: string;
  kustomizeBinary?: string;
  hooks: HookSpec[];
  /** Every release, in file order. */
  releases: Release[];
  /** Releases matching the selectors (plus needs when asked), in DAG order then file order. */
  selected: Release[];
  /** `selected` grouped in dependency waves: wave N only needs releases of waves < N. */
  waves: Release[][];
  /** Indices into {@link LoadedState.files} of this file's sub-helmfiles, in order. */
  children: number[];
  /** Index of the parent file, undefined for a root file. */
  parent?: number;
  /** Selectors in force for this file (CLI ones, or `helmfiles[].selectors`). */
  selectors: string[];
  /** `promotion:` as declared in this file (a part or a base), with positions. */
  promotion?: PromotionDeclaration;
}

/** What {@link loadState} returns. */
export interface LoadedState {
  /** Environment name asked for. */
  environmentName: string;
  /**
   * Every loaded state file in processing order: for each root file, its sub-helmfiles
   * (depth first, recursively) before itself. `build` prints one document per entry.
   * Files skipped because they do not define the environment are not listed.
   */
  files: LoadedStateFile[];
  /** All releases of all files, in processing order. */
  releases: Release[];
  /** All selected releases of all files, in processing order (each file's in DAG order). */
  selected: Release[];
  /** CLI (or state-level) overrides in force: `.Namespace`, `.KubeContext`, `.Chart` in release templates. */
  overrides: { namespace: string; kubeContext: string; chart: string };
}
