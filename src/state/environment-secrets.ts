/**
 * `environments.<env>.secrets`: sops-encrypted values files, decrypted with the
 * real sops (src/secrets/sops.ts) and merged over the environment's values, as
 * Helmfile's loadEnvValues does (secrets win over values whatever the order).
 * Paths resolve like values (globs, the environment's missingFileHandler).
 */
import { UserError } from '../errors/index.js';
import { decryptSopsFileSync } from '../secrets/sops.js';
import { hasGlob } from './glob.js';
import { isPlainMap, mergeValues, type Plain } from './merge.js';
import type { ValuesEntry } from './types.js';
import { resolveValuesPaths, type ValuesLoadContext } from './values-entries.js';
import { decodeValuesYaml } from './values-codec.js';

/**
 * Parses decrypted text as a values map. A parse error never quotes the text
 * (the yaml library's messages show the offending line, which is plaintext).
 */
export function decodeDecryptedValues(text: string, display: string, ctx: { release?: string; environment?: string } = {}): Plain {
  try {
    return decodeValuesYaml(text, { file: `${display} (decrypted)` });
  } catch (e) {
    const line = e instanceof UserError ? e.location?.line : undefined;
    throw new UserError(`decrypted secrets file ${display} is not a YAML map${line !== undefined ? ` (line ${line} of the plaintext)` : ''}`, {
      location: { file: display },
      ...(ctx.release ? { release: ctx.release } : {}),
      ...(ctx.environment ? { environment: ctx.environment } : {}),
      hint: 'check it with `sops --decrypt FILE`; helm-secrets values files hold a map',
    });
  }
}

/** Decrypts and merges every secrets entry of an environment, in order (later wins). */
export function loadEnvironmentSecrets(ctx: Pick<ValuesLoadContext, 'deps' | 'baseDir' | 'missingFileHandler' | 'location' | 'what' | 'environment'>, entries: readonly ValuesEntry[]): Plain {
  let out: Plain = {};
  for (const entry of entries) {
    if (typeof entry !== 'string') {
      if (isPlainMap(entry)) throw new UserError(`${ctx.what}: an inline map is not a secrets file`, { ...(ctx.environment ? { environment: ctx.environment } : {}), hint: 'list the paths of sops-encrypted files under secrets:' });
      continue;
    }
    for (const abs of resolveValuesPaths(ctx, entry)) {
      const display = hasGlob(entry) ? abs : entry;
      const text = decryptSopsFileSync(ctx.deps, abs, { display, ...(ctx.location ? { location: ctx.location } : {}), ...(ctx.environment ? { environment: ctx.environment } : {}) });
      out = mergeValues(out, decodeDecryptedValues(text, display, { ...(ctx.environment ? { environment: ctx.environment } : {}) }), 'sparse') as Plain;
    }
  }
  return out;
}
