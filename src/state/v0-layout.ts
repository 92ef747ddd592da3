/**
 * Helmfile v0-era layouts. Helmfile v1 refuses files that break its layout rules
 * (key order, environments and releases in one part) and never renders a plain
 * `.yaml` state file; v0 accepted all of that, rendering every state file as a Go
 * template and a part holding both environments and releases in two passes. A file
 * in such a layout loads as v0 did, with one warning per file naming the v1 rule and
 * how to migrate; `--strict` turns the warning into Helmfile v1's error.
 */
import { isMap, parseDocument, visit } from 'yaml';
import { UserError } from '../errors/index.js';
import type { Logger } from '../ports/index.js';
import { findV1Violations, type StatePart, type V1Violation } from './parts.js';

/** How one state file is read. */
export interface FileLayout {
  /** The file is rendered as a Go template. */
  render: boolean;
  /** v0 semantics: parts holding `environments:`/`bases:`/`values:` are rendered in two passes. */
  v0: boolean;
}

export interface LayoutContext {
  logger: Logger;
  /** `--strict`: v1's rules are errors. */
  strict: boolean;
  /** HELMFILE_RENDER_YAML=true. */
  renderYaml: boolean;
  /** Files already warned about in this run (a base is read once per includer). */
  warned: Set<string>;
}

/** Top-level keys whose strings Helmfile v1 renders later, per release (release templates). */
const RELEASE_TEMPLATE_KEYS = new Set(['releases', 'templates']);

/** `{{` somewhere Helmfile v1 would keep it literal: outside releases: and templates:. */
function templatedOutsideReleases(value: unknown, top = true): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some((v) => templatedOutsideReleases(v, false));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => (!top || !RELEASE_TEMPLATE_KEYS.has(k)) && (k.includes('{{') || templatedOutsideReleases(v, false)));
  }
  return false;
}

/** Whether a part is valid YAML unrendered, and if so whether it holds `{{` v1 would not render. */
function inspect(text: string): { parses: boolean; literalTemplates: boolean } {
  const doc = parseDocument(text, { uniqueKeys: false, strict: false, merge: true });
  if (doc.errors.length) return { parses: false, literalTemplates: false };
  // `key: {{ expr }}` is valid YAML unrendered, as a flow map: never what the author meant.
  let flowTemplate = false;
  visit(doc, (_key, node) => {
    if (isMap(node) && node.flow && node.range && text.startsWith('{{', node.range[0])) {
      flowTemplate = true;
      return visit.BREAK;
    }
    return undefined;
  });
  if (flowTemplate) return { parses: true, literalTemplates: true };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch {
    return { parses: true, literalTemplates: false };
  }
  return { parses: true, literalTemplates: templatedOutsideReleases(value) };
}

/**
 * Decides how a state file is read. A `.gotmpl` file (or any file under
 * HELMFILE_RENDER_YAML=true) is rendered. A plain `.yaml` with `{{` is rendered as v0
 * did when v1 could not read it as written: a part that is not valid YAML unrendered,
 * `{{` outside releases:/templates: (v1 would keep it literal), the ``{{`…`}}`` escape
 * (only meaningful when the file is rendered), or a broken v1 rule.
 * @throws UserError under `strict` when the file needs v0's rules.
 */
export function fileLayout(ctx: LayoutContext, display: string, absPath: string, text: string, parts: StatePart[]): FileLayout {
  const violations = findV1Violations(display, text);
  const gotmpl = absPath.endsWith('.gotmpl') || ctx.renderYaml;
  const templated = !gotmpl && text.includes('{{');
  const inspected = templated ? parts.map((p) => ({ part: p, ...inspect(p.text) })) : [];
  const unparsable = inspected.find((p) => !p.parses)?.part;
  const literal = inspected.some((p) => p.literalTemplates);
  const escaped = templated && text.includes('{{`');
  const renderPlain = templated && (unparsable !== undefined || literal || escaped || violations.length > 0);
  if (ctx.strict) {
    const v = violations[0];
    if (v) throw new UserError(v.message, { location: { file: display, ...(v.line !== undefined ? { line: v.line } : {}) }, hint: `${v.hint} (without --strict, helmsync loads this Helmfile v0 layout with a warning)` });
    if (unparsable) {
      throw new UserError(`${display} is not valid YAML as written and contains Go templates, but only .gotmpl state files are rendered`, {
        location: { file: display, ...(parts.length > 1 ? { part: unparsable.index } : {}), line: unparsable.lineOffset + 1 },
        hint: `rename it to ${display}.gotmpl, or set HELMFILE_RENDER_YAML=true`,
      });
    }
    // Helmfile v1 reads the rest as written.
    return { render: gotmpl, v0: false };
  }
  const v0 = violations.length > 0 || renderPlain;
  if (v0 && !ctx.warned.has(absPath)) {
    ctx.warned.add(absPath);
    ctx.logger.warn(v0Warning(display, violations, renderPlain));
  }
  return { render: gotmpl || renderPlain, v0 };
}

function v0Warning(display: string, violations: V1Violation[], renderPlain: boolean): string {
  const what: string[] = [];
  const how: string[] = [];
  for (const v of violations) {
    what.push(v.rule === 'key-order' ? `${v.message}${v.line ? ` (line ${v.line})` : ''}` : `environments and releases are in one part${v.line ? ` (releases: at line ${v.line})` : ''}`);
    how.push(v.hint);
  }
  if (renderPlain) {
    what.push('a plain .yaml state file with Go templates (v1 renders only .gotmpl)');
    how.push(`rename it to ${display}.gotmpl (or set HELMFILE_RENDER_YAML=true)`);
  }
  return `${display}: Helmfile v0 layout — ${what.join('; ')}. Loaded as Helmfile v0 did${violations.some((v) => v.rule === 'same-part') ? ' (two-pass rendering of the part with environments)' : ''}; Helmfile v1 refuses it. To migrate: ${how.join('; ')}. --strict makes this an error.`;
}

/** Whether a part needs v0's first pass: it declares values the rest of the part may read. */
export function needsFirstPass(partText: string): boolean {
  return /^(environments|bases|values):/m.test(partText);
}
