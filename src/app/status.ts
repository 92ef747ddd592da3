/**
 * `helmsync status`: what helm stored for each selected release, as a table
 * (NAME NAMESPACE REVISION STATUS CHART UPDATED) or JSON. Read only; one
 * kubectl call per kube context for all releases (src/cluster).
 */
import { renderTable } from '../ui/table.js';
import { OWNER_LABEL, PROTECTED_LABEL, isTrue } from '../plan/release-marks.js';
import { isSuspended } from '../plan/suspension.js';
import type { Deps } from '../ports/index.js';
import { prepareRun, type ClusterRunOptions } from './release-run.js';

export interface StatusOptions extends ClusterRunOptions {
  output?: 'table' | 'json';
}

/** One row of `status`; JSON output is `{ schemaVersion: 1, releases: [...] }` of these (schema: src/output/schemas.ts). */
export interface ReleaseStatus {
  name: string;
  namespace: string;
  kubeContext?: string;
  /** Whether the releases file wants it installed. */
  desired: boolean;
  /** Last revision; absent when the release was never installed. */
  revision?: number;
  /** helm's status (`deployed`, `failed`, …) or `not installed`. */
  status: string;
  /** `name-version` as helm prints it. */
  chart?: string;
  appVersion?: string;
  /** RFC 3339 time of the last deploy. */
  updated?: string;
  description?: string;
  /** The owner mark of the last revision (`helmsync.dev/owner`), when it has one. */
  owner?: string;
  /** Marked by `helmsync suspend`: apply, sync and reconcile leave it alone. */
  suspended?: true;
  /** Labelled `helmsync.dev/protected=true`: `--prune` never removes it. */
  protected?: true;
}

export interface StatusResult {
  releases: ReleaseStatus[];
  text: string;
}

/** Reads what helm stored for every selected release and renders it as a table or JSON. */
export async function status(options: StatusOptions, deps: Deps): Promise<StatusResult> {
  const run = await prepareRun(options, deps, { render: false });
  try {
    const releases: ReleaseStatus[] = run.releases.map((r) => {
      const rec = r.record;
      return {
        name: r.release.name,
        namespace: r.release.namespace,
        ...(r.release.kubeContext ? { kubeContext: r.release.kubeContext } : {}),
        desired: r.release.installed,
        ...(rec
          ? {
              revision: rec.revision,
              status: rec.status,
              chart: `${rec.chart.name}-${rec.chart.version}`,
              ...(rec.chart.appVersion ? { appVersion: rec.chart.appVersion } : {}),
              ...(rec.lastDeployed ? { updated: rec.lastDeployed } : {}),
              ...(rec.description ? { description: rec.description } : {}),
              ...(rec.labels[OWNER_LABEL] ? { owner: rec.labels[OWNER_LABEL] } : {}),
              ...(isSuspended(rec.labels) ? { suspended: true as const } : {}),
              ...(isTrue(rec.labels[PROTECTED_LABEL]) ? { protected: true as const } : {}),
            }
          : { status: 'not installed' }),
      };
    });
    const text =
      options.output === 'json'
        ? `${JSON.stringify({ schemaVersion: 1, releases }, null, 2)}\n`
        : renderTable([
            ['NAME', 'NAMESPACE', 'REVISION', 'STATUS', 'CHART', 'UPDATED'],
            ...releases.map((s) => [s.name, s.namespace, s.revision === undefined ? '' : String(s.revision), s.suspended ? `${s.status} (suspended)` : s.status, s.chart ?? '', s.updated ?? '']),
          ]);
    return { releases, text };
  } finally {
    run.dispose();
  }
}
