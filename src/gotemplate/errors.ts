/**
 * Template errors with Go's exact texts:
 * parse `template: NAME:LINE: msg`, exec `template: NAME:LINE:COL: executing "NAME" at <NODE>: msg`.
 */
import type { TreeRef } from './ast.js';
import { goQuote } from './fmt/quote.js';
import { utf8Length } from './types.js';

export { TemplateParseError } from './parser.js';

/** An execution error (Go's ExecError); `partialOutput` is what was written before it. */
export class TemplateExecError extends Error {
  partialOutput = '';
  constructor(
    message: string,
    /** Name of the template that was executing. */
    readonly templateName: string,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** Tree.ErrorContext: `PARSENAME:LINE:COL` (COL = 0-based UTF-8 byte offset) and the node text. */
export function errorContext(node: { tr: TreeRef; pos: number; toString(): string }): [location: string, context: string] {
  const text = node.tr.text.slice(0, node.pos);
  const nl = text.lastIndexOf('\n');
  const byteNum = nl === -1 ? utf8Length(text) : utf8Length(text.slice(nl + 1));
  let lineNum = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineNum++;
  return [`${node.tr.parseName}:${lineNum}:${byteNum}`, node.toString()];
}

/** Format an exec error message the way state.errorf does. */
export function execErrorMessage(
  templateName: string,
  node: { tr: TreeRef; pos: number; toString(): string } | undefined,
  msg: string,
): string {
  if (!node) return `template: ${templateName}: ${msg}`;
  const [location, context] = errorContext(node);
  return `template: ${location}: executing ${goQuote(templateName)} at <${context}>: ${msg}`;
}
