/**
 * Per-release values as handed to helm, in Helmfile's order (inventory §3.3,
 * `state.go` namespaceAndValuesFlags): values files, then secrets, then set flags.
 */
import type { TemplateRenderer } from '../state/renderer.js';

/** One `--set`-family flag a release asks for. */
export interface SetFlag {
  flag: '--set' | '--set-string' | '--set-file';
  /** `name=value` exactly as passed after the flag. */
  arg: string;
}

/** Options of {@link buildReleaseValues}. */
export interface ReleaseValuesOptions {
  /** Renders `.gotmpl` values files and release templates; defaults to the src/gotemplate adapter. */
  renderer?: TemplateRenderer;
  /** Directory for temp values files (default: a fresh `deps.fs.mkdtemp`). */
  tempDir?: string;
  /** Also compute `merged` (parsing every file); default true. */
  merge?: boolean;
  /**
   * Decrypt `secrets:` with sops into 0600 temp files (default true); false leaves
   * `secrets` as the encrypted paths (for `build --embed-values`, which prints none).
   */
  decryptSecrets?: boolean;
}

/** What {@link buildReleaseValues} returns. */
export interface ReleaseValues {
  /**
   * `--values` files in helm order: valuesTemplate entries, then values entries (template
   * entries first); inline maps and rendered `.gotmpl` files are temp files (mode 0600).
   * Paths are absolute.
   */
  files: string[];
  /**
   * Secrets files after `files`: the decrypted plaintext in 0600 temp files removed by
   * `cleanup()` (the encrypted paths with `decryptSecrets: false`).
   */
  secrets: string[];
  /**
   * Strings of the decrypted secrets (release and environment) that no output may
   * print: for masking (src/diff/secret-mask.ts).
   */
  secretValues: string[];
  /** setTemplate, set, setString, then legacy env, as flags. */
  sets: SetFlag[];
  /** `files` then decrypted secrets deep-merged as helm would (later wins); sets not applied. */
  merged: Record<string, unknown>;
  /** Removes the temp files. Safe to call twice. */
  cleanup(): void;
}
