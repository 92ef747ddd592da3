/**
 * Where a field of a release is written, for errors about that field: the key's own
 * line when the release entry writes it (recorded while decoding, see SourcePos.keys),
 * else the release's line (the key came from a template, `inherit`, or a default).
 * In a .gotmpl file the line is that of the rendered text, as for every state error.
 */
import type { SourceLocation } from '../errors/index.js';
import type { YamlSource } from './yaml-source.js';
import type { Release, SourcePos } from './types.js';

/** `key` is `chart`, `namespace`, or an item: `values[0]`, `needs[2]`. */
export function fieldLocation(release: Pick<Release, 'source'>, key: string): SourceLocation {
  const src = release.source;
  const at = src.keys?.[key];
  const { file, line, column, part } = at ?? src;
  return { file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}), ...(part !== undefined ? { part } : {}) };
}

/** The keys of a decoded entry and the items of its list-valued keys, located in `src`. */
export function keyLocations(src: YamlSource, entry: unknown): SourcePos['keys'] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const out: Record<string, SourceLocation> = {};
  for (const [key, v] of Object.entries(entry as Record<string, unknown>)) {
    out[key] = src.locate(entry, key);
    if (Array.isArray(v)) v.forEach((_, i) => (out[`${key}[${i}]`] = src.locate(v, i)));
  }
  return out;
}

/**
 * Where a decoded spec object outside `releases:` (a repository entry) was declared.
 * Metadata keyed by the object itself, so specs stay plain data (`build` prints them).
 */
const declarations = new WeakMap<object, SourcePos>();

/** Records where `obj` (a decoded spec entry) and its keys are written. */
export function recordDeclaration(obj: object, pos: SourcePos): void {
  declarations.set(obj, pos);
}

/** Where `obj` (or its `key`) is written, when it was recorded. */
export function declaredAt(obj: object, key?: string): SourceLocation | undefined {
  const pos = declarations.get(obj);
  return pos ? fieldLocation({ source: pos }, key ?? '') : undefined;
}
