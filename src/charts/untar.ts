/**
 * Unpacks a chart archive (.tgz) through Deps.fs: gunzip in memory, then the
 * ustar/pax entries helm writes (regular files and directories only — helm
 * itself rejects links in charts). Paths escaping the destination are refused.
 */
import { gunzipSync } from 'node:zlib';
import { join, normalize } from 'node:path';
import type { FileSystem } from '../ports/index.js';
import { UserError } from '../errors/index.js';

function field(buf: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && buf[end] !== 0) end++;
  return Buffer.from(buf.subarray(off, end)).toString('utf8');
}

/** Extracts `archive` into `dest`; returns the top-level directory names. */
export function untarGz(fs: FileSystem, archive: Uint8Array, dest: string): string[] {
  const tar = gunzipSync(archive);
  const tops = new Set<string>();
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    let name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x' || type === 'g') {
      // pax header: a "path" record overrides the next entry's name.
      const m = /\d+ path=([^\n]*)\n/.exec(Buffer.from(body).toString('utf8'));
      if (type === 'x' && m) longName = m[1];
      continue;
    }
    if (type === 'L') {
      longName = Buffer.from(body).toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (longName !== undefined) {
      name = longName;
      longName = undefined;
    }
    const rel = normalize(name).replace(/^\/+/, '');
    if (rel.startsWith('..') || rel === '.') throw new UserError(`chart archive entry "${name}" points outside the chart`);
    tops.add(rel.split('/')[0]!);
    if (type === '5') fs.mkdir(join(dest, rel));
    else if (type === '0' || type === '\0' || type === '7') fs.writeFile(join(dest, rel), body);
  }
  return [...tops];
}

/**
 * Copies a directory tree through Deps.fs. `last` names a top-level file
 * written after everything else (a completeness marker for concurrent readers).
 */
export function copyTree(fs: FileSystem, from: string, to: string, opts: { last?: string } = {}): void {
  fs.mkdir(to);
  const copyFile = (name: string) => fs.writeFile(join(to, name), fs.readBytes(join(from, name)), { mode: fs.stat(join(from, name))?.mode });
  let deferred: string | undefined;
  for (const e of fs.readDir(from)) {
    if (e.isDir) copyTree(fs, join(from, e.name), join(to, e.name));
    else if (e.isFile && e.name === opts.last) deferred = e.name;
    else if (e.isFile) copyFile(e.name);
  }
  if (deferred) copyFile(deferred);
}
