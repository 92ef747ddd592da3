/**
 * The exit status a diff decides, as Helmfile: 0, or 2 with
 * `--detailed-exitcode` when any release has changes (after `ignoreDiffs`
 * and `--suppress`, with drift counted unless turned off).
 */
import { ExitCode } from '../errors/index.js';
import type { ReleaseDiff } from './types.js';

export function diffExitCode(diffs: readonly ReleaseDiff[], detailedExitcode: boolean): number {
  return detailedExitcode && diffs.some((d) => d.hasChanges) ? ExitCode.CHANGES : ExitCode.OK;
}
