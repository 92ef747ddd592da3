/**
 * `-l` selectors (Helmfile LabelFilter): `k=v` and `k!=v` terms joined by commas must all
 * match; several selectors are OR-ed.
 */
import { UserError } from '../errors/index.js';

/** One parsed `-l` flag. */
export interface Selector {
  text: string;
  positive: [string, string][];
  negative: [string, string][];
}

/** Parses one `-l` value. @throws UserError on a malformed term. */
export function parseSelector(text: string): Selector {
  const sel: Selector = { text, positive: [], negative: [] };
  for (const raw of text.split(',')) {
    const term = raw.trim();
    if (term === '') continue;
    const ne = term.indexOf('!=');
    if (ne > 0) {
      sel.negative.push([term.slice(0, ne).trim(), term.slice(ne + 2).trim()]);
      continue;
    }
    const eq = term.indexOf('=');
    if (eq > 0) {
      sel.positive.push([term.slice(0, eq).trim(), term.slice(eq + 1).trim()]);
      continue;
    }
    throw new UserError(`malformed label: ${term}. Expected label in form k=v or k!=v`, {
      hint: 'selectors look like -l name=web or -l tier!=db,app=api',
    });
  }
  return sel;
}

/** Whether labels satisfy every term of the selector. */
export function matchesSelector(labels: Readonly<Record<string, string>>, sel: Selector): boolean {
  for (const [k, v] of sel.positive) if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
  for (const [k, v] of sel.negative) if (Object.hasOwn(labels, k) && labels[k] === v) return false;
  return true;
}

/** Any selector matches (none given: everything matches). */
export function matchesAny(labels: Readonly<Record<string, string>>, sels: readonly Selector[]): boolean {
  return sels.length === 0 || sels.some((s) => matchesSelector(labels, s));
}
