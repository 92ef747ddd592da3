/**
 * The guard of a promotion (issue 12, step 2): the source environment must be
 * what its cluster runs. Every release taking part is deployed (not failed,
 * not pending, not uninstalled) and its diff against the source cluster shows
 * nothing: no pending change and no drift. Pure: it reads the records and
 * diffs the caller computed with the same machinery as `helmsync diff`.
 */
import type { ReleaseRecord } from '../cluster/release-payload.js';
import type { ReleaseDiff } from '../diff/types.js';

export interface GuardRelease {
  /** `namespace/name`. */
  id: string;
  /** `installed:` resolved for the source environment. */
  installed: boolean;
  record?: ReleaseRecord;
  diff?: ReleaseDiff;
}

export interface GuardProblem {
  release: string;
  /** One line: why the source is not what its cluster runs. */
  reason: string;
}

/** Why each release's source is not safe to promote from; empty when all are. */
export function guardProblems(releases: readonly GuardRelease[], environment: string): GuardProblem[] {
  const out: GuardProblem[] = [];
  for (const r of releases) {
    const add = (reason: string) => out.push({ release: r.id, reason });
    if (!r.installed) {
      add(`installed: false in ${environment}: there is nothing deployed to promote from`);
      continue;
    }
    if (!r.record || r.record.status === 'uninstalled') {
      add(`not deployed in ${environment}'s cluster (helmsync -e ${environment} apply first)`);
      continue;
    }
    if (r.record.status !== 'deployed') add(`revision ${r.record.revision} is ${r.record.status}, not deployed`);
    const d = r.diff;
    if (!d?.hasChanges) continue;
    const live = d.resources.filter((x) => !x.suppressed && x.drift && x.drift.state !== 'in-sync');
    const pending = d.resources.filter((x) => !x.suppressed && x.change !== 'unchanged');
    if (pending.length) {
      add(`pending diff: ${pending.map((x) => `${x.key.kind} ${x.key.namespace ? `${x.key.namespace}/` : ''}${x.key.name} ${x.change}`).join(', ')} (see helmsync -e ${environment} diff)`);
    }
    if (live.length) {
      add(
        `drift: ${live
          .map((x) => `${x.key.kind} ${x.key.namespace ? `${x.key.namespace}/` : ''}${x.key.name} ${x.drift!.state === 'missing' ? 'is missing' : `(${x.drift!.fields.map((f) => f.path).join(', ')})`}`)
          .join(', ')} differs live from ${environment}'s file`,
      );
    }
  }
  return out;
}
