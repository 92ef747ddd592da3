/**
 * A FileSystem that reads some files from memory: the target environment's
 * values files as the promotion would write them. The preview loads and
 * renders the target through it, so nothing is written before the user
 * confirms; everything else (writes, temp files) goes to the real one.
 */
import type { FileSystem } from '../ports/index.js';

export function overlayFileSystem(base: FileSystem, files: ReadonlyMap<string, string>): FileSystem {
  return {
    ...base,
    readFile: (p) => files.get(p) ?? base.readFile(p),
    readBytes: (p) => {
      const t = files.get(p);
      return t !== undefined ? new TextEncoder().encode(t) : base.readBytes(p);
    },
    exists: (p) => files.has(p) || base.exists(p),
    stat: (p) => {
      const s = base.stat(p);
      const t = files.get(p);
      return t !== undefined && s ? { ...s, size: Buffer.byteLength(t) } : s;
    },
    readDir: (p) => base.readDir(p),
    writeFile: (p, d, o) => base.writeFile(p, d, o),
    mkdir: (p) => base.mkdir(p),
    remove: (p) => base.remove(p),
    mkdtemp: (p) => base.mkdtemp(p),
    realpath: (p) => base.realpath(p),
  };
}
