/**
 * Strings that secret sources produced during a run (vals references resolved in
 * templates and values): every output masks them, wherever they end up.
 * Keyed by the run's Deps, so runs never share it.
 */
import type { Deps } from '../ports/index.js';

const seen = new WeakMap<Deps, Set<string>>();

/** Shorter strings are not recorded: they would mask unrelated text (as src/diff/secret-mask.ts's MIN_SECRET_VALUE_LENGTH). */
const MIN_LENGTH = 4;

/** Records a secret string of this run. */
export function noteSecret(deps: Deps, value: string): void {
  if (value.length < MIN_LENGTH) return;
  let s = seen.get(deps);
  if (!s) {
    s = new Set();
    seen.set(deps, s);
  }
  s.add(value);
}

/** The secret strings recorded so far in this run. */
export function knownSecrets(deps: Deps): string[] {
  return [...(seen.get(deps) ?? [])];
}
