/**
 * Where a release's `version:` is written. The state gives each release's own
 * position; for errors about the version we point at the field itself when the
 * file is plain YAML (in a .gotmpl file rendered lines need not match the
 * source, so the release's position is kept).
 */
import type { FileSystem } from '../ports/index.js';
import type { SourceLocation } from '../errors/index.js';
import { fieldLocation } from '../state/field-location.js';
import type { Release } from '../state/types.js';

export function versionFieldLocation(release: Release, fs: Pick<FileSystem, 'readFile' | 'exists'>): SourceLocation | undefined {
  const src = release.source;
  if (!src) return undefined;
  if (src.keys?.version) return fieldLocation(release, 'version');
  const base: SourceLocation = { file: src.file, line: src.line, column: src.column, part: src.part };
  if (!src.line || !src.absFile || src.absFile.endsWith('.gotmpl') || !fs.exists(src.absFile)) return base;
  let lines: string[];
  try {
    lines = fs.readFile(src.absFile).split(/\r?\n/);
  } catch {
    return base;
  }
  const first = lines[src.line - 1];
  if (first === undefined) return base;
  // The release is a sequence item: `- name: x` (or `-` alone); its keys sit at the item's content column.
  const m = /^(\s*)-\s*/.exec(first);
  if (!m) return base;
  const keyCol = m[0].length;
  const own = (l: string) => new RegExp(`^\\s{${keyCol}}version:`).test(l) || (l === first && /^\s*-\s*version:/.test(l));
  for (let i = src.line - 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (i > src.line - 1) {
      const t = l.trimStart();
      if (t !== '' && !t.startsWith('#') && l.length - t.length < keyCol) break; // next item or a key of the parent
    }
    if (own(l)) return { file: src.file, line: i + 1, column: keyCol + 1 };
  }
  return base;
}
