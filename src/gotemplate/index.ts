/**
 * Go text/template engine for helmsync (no I/O of its own).
 *
 * - {@link render}: one-shot rendering with helmfile's function map (corpus contract).
 * - {@link Template}: reusable template sets (`parse` repeatable, `execute`,
 *   `executeTemplate`, `clone`, `lookup`) for the state loader and values `.gotmpl` files.
 */
export { render, newHelmfileTemplate, helmfileTemplateData, GoStruct, type RenderOptions, type HelmfileTemplateOptions } from './render.js';
export { Template, type TemplateOptions, type MissingKey, type ExecuteContext } from './template.js';
export { TemplateExecError } from './errors.js';
export { TemplateParseError } from './parser.js';
export { sprint, sprintf, sprintln, formatValue } from './fmt/printer.js';
export { formatFloat, formatFloatV } from './fmt/float.js';
export { goQuote } from './fmt/quote.js';
export { goTypeName, isTrue } from './types.js';
export { parseSignature, type Signature } from './signature.js';
export * from './value.js';
