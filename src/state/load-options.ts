/**
 * Options of {@link loadState}: the CLI flags that shape the loaded state.
 */
import type { TemplateRenderer } from './renderer.js';
import type { EnvironmentValuesLayer } from './types.js';

export interface LoadOptions {
  /** `-f`: a file, a directory (`DIR/*.y*ml(.gotmpl)`), or `-` (then {@link stdin}). Default: discovery in `cwd`. */
  file?: string;
  /** Text of the state file when `file` is `-`. */
  stdin?: string;
  /** `-e`; default `default`. */
  environment?: string;
  /** `--state-values-set` (`a.b=x`, `a.b[0]=x`, comma separates several, `\,` escapes). */
  stateValuesSet?: string[];
  /** `--state-values-set-string`: as stateValuesSet, values kept as strings. */
  stateValuesSetString?: string[];
  /** `--state-values-file`, relative to cwd. */
  stateValuesFiles?: string[];
  /**
   * `-l`, one entry per flag: `k=v,k2!=v2` (AND within, OR across). `dir=apps/x` matches
   * releases whose state file lives at or below `apps/x` relative to the root file.
   */
  selectors?: string[];
  /** `-n`: overrides every release's namespace (conflicts with a state-level `namespace:`). */
  namespace?: string;
  /** `--kube-context`: overrides the kube context (conflicts with a state-level `kubeContext:`). */
  kubeContext?: string;
  /** `-c/--chart`: overrides every release's chart. */
  chart?: string;
  /**
   * `--strict`: Helmfile v1's layout rules are errors (key order, environments and
   * releases in one part, templates in a plain `.yaml`); otherwise such v0-era files
   * load as Helmfile v0 read them, with one warning per file.
   */
  strict?: boolean;
  /** Exit 0 instead of 3 when nothing matches the selectors. */
  allowNoMatchingRelease?: boolean;
  /** `--include-needs`: add the direct needs of selected releases. */
  includeNeeds?: boolean;
  /** `--include-transitive-needs`: add all needs, transitively. */
  includeTransitiveNeeds?: boolean;
  /** `--skip-needs` (default true): do not add needs of selected releases; `false` adds the direct ones. */
  skipNeeds?: boolean;
  /** `--sequential-helmfiles`: only affects concurrency; accepted for compatibility. */
  sequentialHelmfiles?: boolean;
  /** Reverse helmfile.d order (Helmfile does this for `destroy`). */
  reverse?: boolean;
  /** Renders `.gotmpl`; defaults to the src/gotemplate adapter. */
  renderer?: TemplateRenderer;
  /** Base directory for discovery and `-f`; default `deps.cwd`. */
  cwd?: string;
  /** Called with each environment values layer of each loaded file, in layering order (`helmsync promote`). */
  traceEnvironmentValues?: (layer: EnvironmentValuesLayer) => void;
  /** Called with each part's YAML text as it is decoded (after rendering), e.g. to check it against the JSON Schema. */
  traceDocument?: (doc: TracedDocument) => void;
}

/** One `---` part of a state file as the decoder sees it. */
export interface TracedDocument {
  /** Path shown to the user. */
  file: string;
  absPath: string;
  /** 1-based part. */
  part: number;
  /** The part's text after template rendering. */
  text: string;
  /** Lines of the file before this part. */
  lineOffset: number;
}
