/** sprig path functions: Go's `path` (and `path/filepath`, identical on Unix). */
import { str, type Impl } from './define.js';

/** path.Clean. */
export function goClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/** path.Base. */
export function goBase(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** path.Dir. */
export function goDir(p: string): string {
  return goClean(p.slice(0, p.lastIndexOf('/') + 1));
}

/** path.Ext. */
export function goExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** filepath.Join (Unix). */
export function goJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((x) => x !== '');
  return nonEmpty.length ? goClean(nonEmpty.join('/')) : '';
}

export const pathFuncs: Record<string, Impl> = {
  base: (p) => goBase(str(p)),
  dir: (p) => goDir(str(p)),
  clean: (p) => goClean(str(p)),
  ext: (p) => goExt(str(p)),
  isAbs: (p) => str(p).startsWith('/'),
  osBase: (p) => goBase(str(p)),
  osDir: (p) => goDir(str(p)),
  osClean: (p) => goClean(str(p)),
  osExt: (p) => goExt(str(p)),
  osIsAbs: (p) => str(p).startsWith('/'),
};
