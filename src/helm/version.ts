/**
 * Which helm we are talking to. Helm 3 and Helm 4 differ in a few flags
 * (`--force` vs `--force-replace`, `--atomic` vs `--rollback-on-failure`,
 * helm-diff colour handling), so the major is detected once per run.
 */
import { UserError } from '../errors/index.js';
import type { Runner } from '../process/runner.js';

export type HelmMajorVersion = 3 | 4;

export interface HelmVersion {
  major: HelmMajorVersion;
  minor: number;
  patch: number;
  /** As helm printed it, e.g. `v3.17.3+ge4da497`. */
  raw: string;
}

/**
 * Parses `helm version --short` output (`v3.17.3+ge4da497`, `v4.1.4+g…`).
 * Returns undefined when the text holds no version.
 */
export function parseHelmVersion(text: string): HelmVersion | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)(\S*)/.exec(text.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  // Anything newer than 4 speaks Helm 4's flags until proven otherwise.
  const mapped: HelmMajorVersion = major >= 4 ? 4 : 3;
  return { major: mapped, minor: Number(m[2]), patch: Number(m[3]), raw: m[0].startsWith('v') ? m[0] : `v${m[0]}` };
}

/** Runs `helm version --short` and parses it. Helm 2 and unknown output are user errors. */
export async function detectHelmVersion(runner: Runner, helmBinary: string, env?: Record<string, string | undefined>): Promise<HelmVersion> {
  let out;
  try {
    out = await runner.run(helmBinary, ['version', '--short'], { env });
  } catch (e) {
    throw new UserError(`cannot run helm binary "${helmBinary}": ${(e as Error).message}`, {
      hint: 'install helm 3 or 4, or point --helm-binary / helmBinary: at it',
      cause: e,
    });
  }
  const v = parseHelmVersion(out.stdout) ?? parseHelmVersion(out.stderr);
  if (out.exitCode !== 0 || !v) {
    throw new UserError(`"${helmBinary} version --short" did not print a helm version: ${(out.stderr || out.stdout).trim()}`, {
      hint: 'helmsync needs helm 3 or 4',
    });
  }
  if (Number(/v?(\d+)/.exec(v.raw)?.[1]) < 3) {
    throw new UserError(`helm ${v.raw} is not supported`, { hint: 'helmsync needs helm 3 or 4' });
  }
  return v;
}

/** `helmVersion(runner, binary)`: the detected helm version (alias of {@link detectHelmVersion}). */
export const helmVersion = detectHelmVersion;
