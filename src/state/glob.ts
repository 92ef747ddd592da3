/**
 * Minimal filepath.Glob over Deps.fs: `*`, `?` and `[...]` within a segment, `**` for any
 * depth. Used for values file entries (Helmfile expands globs there, sorted).
 */
import { join } from 'node:path';
import type { FileSystem } from '../ports/index.js';

/** True when the path has glob metacharacters. */
export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, end);
        if (body.startsWith('^') || body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Absolute matches of an absolute pattern, sorted. */
export function glob(fs: FileSystem, pattern: string): string[] {
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let current = [segs[0] === '' ? '/' : (segs[0] as string)];
  for (let i = 1; i < segs.length; i++) {
    const seg = segs[i] as string;
    const next: string[] = [];
    for (const dir of current) {
      if (seg === '**') {
        const stack = [dir];
        while (stack.length) {
          const d = stack.pop() as string;
          next.push(d);
          for (const e of safeReadDir(fs, d)) if (e.isDir) stack.push(join(d, e.name));
        }
      } else if (!hasGlob(seg)) {
        const p = join(dir, seg);
        if (fs.exists(p)) next.push(p);
      } else {
        const re = segmentRegex(seg);
        for (const e of safeReadDir(fs, dir)) if (re.test(e.name)) next.push(join(dir, e.name));
      }
    }
    current = [...new Set(next)];
  }
  return current.filter((p) => fs.stat(p)?.isFile).sort();
}

function safeReadDir(fs: FileSystem, d: string): { name: string; isDir: boolean }[] {
  try {
    return fs.readDir(d);
  } catch {
    return [];
  }
}
