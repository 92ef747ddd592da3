/**
 * Encrypts test fixtures with the real sops at test time, for a key made by
 * test/support/age-key.ts (nothing encrypted is committed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { generateAgeKey, writeAgeKeyFile, type AgeKey } from './age-key.js';

export interface SopsKey extends AgeKey {
  /** The identity file, for SOPS_AGE_KEY_FILE. */
  keyFile: string;
}

/** A fresh age key written to a 0600 file in its own temp dir. */
export function sopsKey(): SopsKey {
  const key = generateAgeKey();
  const keyFile = join(mkdtempSync(join(tmpdir(), 'helmsync-age-')), 'keys.txt');
  writeAgeKeyFile(keyFile, key);
  return { ...key, keyFile };
}

/**
 * Writes `plain` encrypted for `recipient` to `outPath` (yaml, or json for `.json`).
 * The plaintext sits in a private temp dir only while sops reads it.
 */
export function sopsEncrypt(plain: string, recipient: string, outPath: string): void {
  const type = /\.json$/.test(outPath) ? 'json' : 'yaml';
  const tmp = mkdtempSync(join(tmpdir(), 'helmsync-plain-'));
  try {
    const src = join(tmp, basename(outPath));
    writeFileSync(src, plain, { mode: 0o600 });
    const out = execFileSync('sops', ['--encrypt', '--age', recipient, '--input-type', type, '--output-type', type, src], {
      env: { ...process.env, SOPS_AGE_KEY_FILE: '/nonexistent' },
    });
    writeFileSync(outPath, out);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
