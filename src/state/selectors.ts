/**
 * `-l` selectors (Helmfile release_filters.go LabelFilter): `k=v` and `k!=v` terms joined
 * by commas must all match; several selectors are OR-ed. The reserved key `dir` matches
 * by directory prefix against the directory of the release's state file relative to the
 * root state file.
 */
import { posix } from 'node:path';
import { UserError } from '../errors/index.js';

/** One parsed `-l` flag. */
export interface Selector {
  text: string;
  positive: [string, string][];
  negative: [string, string][];
}

/** The reserved selector key for path-based filtering. */
export const DIR_LABEL = 'dir';

const RE_MISMATCH = /^[a-zA-Z0-9_./+-]+!=[a-zA-Z0-9_./+-]+$/;
const RE_MATCH = /^[a-zA-Z0-9_./+-]+=[a-zA-Z0-9_./+-]+$/;

/** `apps/x/` → `apps/x`, `./apps//x` → `apps/x`; '' stays ''. */
export function normalizeDir(v: string): string {
  return v === '' ? '' : posix.normalize(v.replace(/\\/g, '/')).replace(/(.)\/$/, '$1');
}

const atOrBelow = (dir: string, ancestor: string): boolean => dir === ancestor || dir.startsWith(`${ancestor}/`);

/** Parses one `-l` value. @throws UserError on a malformed term. */
export function parseSelector(text: string): Selector {
  const sel: Selector = { text, positive: [], negative: [] };
  for (const term of text.split(',')) {
    const negative = RE_MISMATCH.test(term);
    if (!negative && !RE_MATCH.test(term)) {
      // Helmfile's message; the whole selector too when the bad term is only part of it.
      const whole = term === text ? '' : ` (in selector "${text}"${term === '' ? ': an empty term, from a stray comma?' : ''})`;
      throw new UserError(`malformed label: ${term}. Expected label in form k=v or k!=v${whole}`, {
        hint: 'selectors look like -l name=web or -l tier!=db,app=api',
      });
    }
    const [k, v] = term.split(negative ? '!=' : '=') as [string, string];
    if (k === DIR_LABEL) {
      const n = normalizeDir(v);
      if (n === '.') throw new UserError(`dir= selector value "${v}" is not allowed; omit -l dir= entirely to match every release`);
      if (n.startsWith('/')) throw new UserError(`dir= selector value "${v}" must be a path relative to the root helmfile, not absolute`);
      if (n === '..' || n.startsWith('../')) throw new UserError(`dir= selector value "${v}" escapes the root helmfile directory`);
    }
    (negative ? sel.negative : sel.positive).push([k, v]);
  }
  return sel;
}

function labelMatches(labels: Readonly<Record<string, string>>, k: string, v: string): boolean {
  if (k === DIR_LABEL) {
    const d = labels[DIR_LABEL];
    return d !== undefined && d !== '' && atOrBelow(normalizeDir(d), normalizeDir(v));
  }
  return Object.hasOwn(labels, k) && labels[k] === v;
}

/** Whether labels satisfy every term of the selector. */
export function matchesSelector(labels: Readonly<Record<string, string>>, sel: Selector): boolean {
  for (const [k, v] of sel.positive) if (!labelMatches(labels, k, v)) return false;
  for (const [k, v] of sel.negative) if (labelMatches(labels, k, v)) return false;
  return true;
}

/** Any selector matches (none given: everything matches). */
export function matchesAny(labels: Readonly<Record<string, string>>, sels: readonly Selector[]): boolean {
  return sels.length === 0 || sels.some((s) => matchesSelector(labels, s));
}

function pairCompatible(a: [string, string], b: [string, string]): boolean {
  if (a[0] !== b[0]) return true;
  if (a[0] === DIR_LABEL) {
    const x = normalizeDir(a[1]);
    const y = normalizeDir(b[1]);
    return atOrBelow(x, y) || atOrBelow(y, x);
  }
  return a[1] === b[1];
}

/**
 * Helmfile's SelectorsAreCompatible: could some release match one selector of each set?
 * Only positive terms are compared; an empty set is compatible with anything.
 */
export function selectorsCompatible(a: readonly Selector[], b: readonly Selector[]): boolean {
  if (!a.length || !b.length) return true;
  return a.some((x) => b.some((y) => x.positive.every((p) => y.positive.every((q) => pairCompatible(p, q)))));
}
