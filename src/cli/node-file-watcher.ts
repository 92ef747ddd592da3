/**
 * The real {@link FileWatcher}: node:fs.watch on a directory (inotify on
 * Linux). Directories, not files, are watched so that an editor's atomic
 * save (write a temp file, rename it over the original) and a `git pull`
 * replacing a file are seen: a watch on the file itself would follow the
 * old inode and go quiet.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { FileWatcher } from '../ports/index.js';

export const nodeFileWatcher: FileWatcher = {
  watchDir(dir, onChange, onError) {
    let w: fs.FSWatcher | undefined;
    try {
      w = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (name) onChange(join(dir, name.toString()));
        else onChange(dir);
      });
    } catch (e) {
      queueMicrotask(() => onError(e as Error));
      return { close: () => {} };
    }
    w.on('error', (e) => {
      w?.close();
      onError(e);
    });
    return { close: () => w?.close() };
  },
};
