/**
 * After `helmsync autocomplete` (@oclif/plugin-autocomplete) has written its bash
 * and zsh functions into the cache, they are replaced by `helmsync completion`'s
 * scripts: the plugin's own functions plus the flag values read from the
 * releases file, so both ways of setting completion up complete the same.
 */
import type { Hook } from '@oclif/core/hooks';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completionScript } from '../completion/scripts.js';

const hook: Hook.Postrun = async function (opts) {
  if (opts.Command.id !== 'autocomplete') return;
  const dir = join(opts.config.cacheDir, 'autocomplete', 'functions');
  const bash = join(dir, 'bash', `${opts.config.bin}.bash`);
  const zsh = join(dir, 'zsh', `_${opts.config.bin}`);
  if (existsSync(bash)) writeFileSync(bash, await completionScript('bash', opts.config));
  if (existsSync(zsh)) writeFileSync(zsh, await completionScript('zsh', opts.config));
};
export default hook;
