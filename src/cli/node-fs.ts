/**
 * The real {@link FileSystem}: node:fs, synchronous (state files are small and
 * templates run synchronously).
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DirEntry, FileStat, FileSystem } from '../ports/index.js';

export function nodeFileSystem(opts: { tmpRoot?: string } = {}): FileSystem {
  return {
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    readBytes: (p) => new Uint8Array(fs.readFileSync(p)),
    exists: (p) => fs.existsSync(p),
    stat(p): FileStat | undefined {
      try {
        const s = fs.statSync(p);
        return { isFile: s.isFile(), isDir: s.isDirectory(), mode: s.mode & 0o7777, size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        return undefined;
      }
    },
    readDir(p): DirEntry[] {
      return fs
        .readdirSync(p, { withFileTypes: true })
        .map((d) => {
          // Follow symlinks the way Go's os.Stat does for directory walking.
          let isFile = d.isFile();
          let isDir = d.isDirectory();
          if (d.isSymbolicLink()) {
            try {
              const s = fs.statSync(join(p, d.name));
              isFile = s.isFile();
              isDir = s.isDirectory();
            } catch {
              /* dangling link: neither */
            }
          }
          return { name: d.name, isFile, isDir };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    writeFile(p, data, o) {
      fs.mkdirSync(dirname(p), { recursive: true });
      fs.writeFileSync(p, data, { mode: o?.mode ?? 0o644 });
      if (o?.mode !== undefined) fs.chmodSync(p, o.mode);
    },
    mkdir: (p) => void fs.mkdirSync(p, { recursive: true }),
    remove: (p) => fs.rmSync(p, { recursive: true, force: true }),
    mkdtemp(prefix) {
      const root = opts.tmpRoot ?? tmpdir();
      fs.mkdirSync(root, { recursive: true });
      const d = fs.mkdtempSync(join(root, prefix));
      fs.chmodSync(d, 0o700);
      return d;
    },
    realpath: (p) => fs.realpathSync(p),
  };
}
