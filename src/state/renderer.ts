/**
 * The seam between state loading and the Go template engine. State code renders
 * `.gotmpl` parts, `.gotmpl` values files and release templates only through this
 * interface, so it can be tested without the engine and the engine can change freely.
 */

/** A named helper template source (`_*.tpl` next to the state file). */
export interface HelperTemplate {
  /** File name, e.g. `_helpers.tpl`. */
  name: string;
  text: string;
}

/** How one template is rendered. */
export interface RenderContext {
  /** Template name used in error messages, e.g. `helmfile.yaml.gotmpl part 2`. */
  name: string;
  /** Directory relative paths (readFile, readDir, exec cwd) resolve against. */
  basePath: string;
  /** `_*.tpl` helpers parsed before the template, for `include`. */
  helpers?: HelperTemplate[];
  /** Go's `missingkey` option: Helmfile uses `error` except in its pre-render pass. */
  missingKey?: 'error' | 'zero' | 'default';
  /**
   * Helmfile v0's first rendering pass (tmpl.NewFirstPassRenderer): missing keys are
   * zero, `exec`/`envExec`/`readFile` return "", and an execution error returns the
   * output written so far instead of throwing (a parse error still throws).
   */
  preRender?: boolean;
}

/** Renders Go text/template source with Helmfile's function map. Throws on template errors. */
export interface TemplateRenderer {
  render(text: string, data: unknown, ctx: RenderContext): string;
}
