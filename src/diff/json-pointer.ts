/**
 * RFC 6901 JSON pointers, plus a `*` segment that matches any one key or
 * index, so an ignore rule can name every container's image with the
 * segments `spec`, `template`, `spec`, `containers`, `*`, `image`.
 */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Joins tokens into a pointer: `['metadata','annotations','a/b']` → `/metadata/annotations/a~1b`. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(String(t))}`).join('');
}

/** Splits a pointer into unescaped tokens; `''` is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer must start with "/": ${pointer}`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

/**
 * True when `path` (concrete tokens) lies at or under `pattern` (tokens, `*`
 * matching any single token).
 */
export function pointerCovers(pattern: readonly string[], path: readonly (string | number)[]): boolean {
  if (path.length < pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '*' && pattern[i] !== String(path[i])) return false;
  }
  return true;
}

/**
 * Deletes every location matched by `pattern` from a deep copy of `doc` and
 * returns the copy and whether anything was there. Array elements addressed
 * by index are removed (later indexes shift, as for an RFC 6902 `remove`).
 */
export function removeAt(doc: unknown, pattern: readonly string[]): { doc: unknown; removed: boolean } {
  if (pattern.length === 0) return { doc: undefined, removed: doc !== undefined };
  const copy = structuredClone(doc);
  const removed = removeIn(copy, pattern, 0);
  return { doc: copy, removed };
}

function removeIn(node: unknown, pattern: readonly string[], i: number): boolean {
  const token = pattern[i]!;
  const last = i === pattern.length - 1;
  if (Array.isArray(node)) {
    const indexes = token === '*' ? node.map((_, n) => n) : /^\d+$/.test(token) ? [Number(token)] : [];
    let removed = false;
    // Backwards so splicing does not move the indexes still to visit.
    for (const n of [...indexes].reverse()) {
      if (n >= node.length) continue;
      if (last) {
        node.splice(n, 1);
        removed = true;
      } else if (removeIn(node[n], pattern, i + 1)) removed = true;
    }
    return removed;
  }
  if (typeof node === 'object' && node !== null) {
    const obj = node as Record<string, unknown>;
    const keys = token === '*' ? Object.keys(obj) : Object.prototype.hasOwnProperty.call(obj, token) ? [token] : [];
    let removed = false;
    for (const k of keys) {
      if (last) {
        delete obj[k];
        removed = true;
      } else if (removeIn(obj[k], pattern, i + 1)) removed = true;
    }
    return removed;
  }
  return false;
}

function isNamedElem(v: unknown): v is { name: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { name?: unknown }).name === 'string';
}

/**
 * The value in `other` at the place a path addresses in `guide`: list
 * indexes are taken in `guide`, and a named list element (containers, env,
 * ports…) is found in `other` by its `name`, so a reordered list still lines up.
 */
export function getAligned(guide: unknown, other: unknown, tokens: readonly string[]): unknown {
  let g = guide;
  let o = other;
  for (const t of tokens) {
    if (o === undefined || o === null) return undefined;
    if (Array.isArray(o)) {
      const gi = Array.isArray(g) ? g[Number(t)] : undefined;
      const match = isNamedElem(gi) ? o.find((e) => isNamedElem(e) && e.name === gi.name) : o[Number(t)];
      g = gi;
      o = match;
    } else if (typeof o === 'object') {
      g = typeof g === 'object' && g !== null ? (g as Record<string, unknown>)[t] : undefined;
      o = (o as Record<string, unknown>)[t];
    } else return undefined;
  }
  return o;
}

/** Sets (or, with `undefined`, deletes) the value at a concrete path, in place. Missing parents are created as maps. */
export function setAt(doc: unknown, tokens: readonly string[], value: unknown): void {
  if (tokens.length === 0) return;
  let node = doc as Record<string, unknown> | unknown[];
  for (const t of tokens.slice(0, -1)) {
    const next = Array.isArray(node) ? node[Number(t)] : node[t];
    if (typeof next !== 'object' || next === null) {
      const created = {};
      if (Array.isArray(node)) node[Number(t)] = created;
      else node[t] = created;
      node = created as Record<string, unknown>;
    } else node = next as Record<string, unknown> | unknown[];
  }
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(Number(last), 1);
    else node[Number(last)] = value;
  } else if (value === undefined) delete node[last];
  else node[last] = value;
}
