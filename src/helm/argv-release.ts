/**
 * argv for the release-changing helm commands (`upgrade --install`, `uninstall`),
 * including the Helm 3 / Helm 4 flag renames (inventory §1.3, §4.3 "sync").
 */
import {
  chartDownloadFlags,
  chartVersionFlags,
  connectionFlags,
  enableDnsFlags,
  namespaceAndValuesFlags,
  postRenderFlags,
  skipSchemaValidationFlags,
} from './argv-common.js';
import { pick, type HelmDefaultsSpec, type HelmReleaseSpec, type HelmValuesArgs } from './release-spec.js';
import type { HelmMajorVersion } from './version.js';

export interface UpgradeCliOptions {
  wait?: boolean;
  waitForJobs?: boolean;
  /** Seconds; overrides the release/defaults timeout. */
  timeout?: number;
  reuseValues?: boolean;
  resetValues?: boolean;
  skipCrds?: boolean;
  hideNotes?: boolean;
  takeOwnership?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  skipSchemaValidation?: boolean;
  description?: string;
  /** CLI `--sync-args`; replaces helmDefaults.syncArgs. */
  syncArgs?: string[];
  args?: string[];
  kubeconfig?: string;
  /**
   * helmsync's own release labels (ownership, inputs digest …), stored by helm
   * with the release (`--labels`; helm 3.13+ and helm 4). Added to the
   * release's `labels:` when `syncReleaseLabels` passes those too; these win
   * on a clash.
   */
  labels?: Record<string, string>;
}

export interface UpgradeArgvInput {
  release: HelmReleaseSpec;
  defaults: HelmDefaultsSpec;
  values: HelmValuesArgs;
  cli: UpgradeCliOptions;
  helmMajor: HelmMajorVersion;
}

/** `upgrade --install NAME CHART <flags…>` (Helmfile `flagsForUpgrade`). Pure. */
export function upgradeArgv(input: UpgradeArgvInput): string[] {
  const { release: r, defaults: d, values, cli, helmMajor } = input;
  const argv = ['upgrade', '--install', r.name, r.chart];
  argv.push(...chartVersionFlags(r, d));
  if (pick(r.verify, d.verify, false)) argv.push('--verify');
  const keyring = r.keyring || d.keyring;
  if (keyring) argv.push('--keyring', keyring);
  argv.push(...enableDnsFlags(r, d));
  if (cli.wait || pick(r.wait, d.wait, false)) argv.push('--wait');
  if (cli.waitForJobs || pick(r.waitForJobs, d.waitForJobs, false)) argv.push('--wait-for-jobs');
  const timeout = cli.timeout ?? r.timeout ?? d.timeout;
  if (timeout) argv.push('--timeout', `${timeout}s`);
  if (pick(r.force, d.force, false)) argv.push(helmMajor >= 4 ? '--force-replace' : '--force');
  if (helmMajor >= 4 && pick(r.forceConflicts, d.forceConflicts, false)) argv.push('--force-conflicts');
  if (pick(r.recreatePods, d.recreatePods, false) && helmMajor < 4) argv.push('--recreate-pods');
  const rollback = pick(r.atomic, d.atomic, false) || (helmMajor >= 4 && pick(r.rollbackOnFailure, d.rollbackOnFailure, false));
  if (rollback) argv.push(helmMajor >= 4 ? '--rollback-on-failure' : '--atomic');
  if (pick(r.cleanupOnFail, d.cleanupOnFail, false)) argv.push('--cleanup-on-fail');
  if (pick(r.createNamespace, d.createNamespace, true)) argv.push('--create-namespace');
  if (pick(r.disableOpenAPIValidation, d.disableOpenAPIValidation, false)) argv.push('--disable-openapi-validation');
  if (cli.skipCrds || pick(r.skipCRDs, d.skipCRDs, false)) argv.push('--skip-crds');
  argv.push(...chartDownloadFlags(r, d));
  const labelMap = { ...(pick(r.syncReleaseLabels, d.syncReleaseLabels, false) ? r.labels : undefined), ...cli.labels };
  const labels = Object.keys(labelMap).sort().map((k) => `${k}=${labelMap[k]}`);
  if (labels.length) argv.push('--labels', labels.join(','));
  argv.push(...postRenderFlags(r, d, cli, helmMajor));
  argv.push(...skipSchemaValidationFlags(r, d, cli.skipSchemaValidation));
  const description = cli.description || r.description;
  if (description) argv.push('--description', description);
  if (cli.hideNotes) argv.push('--hide-notes');
  if (cli.takeOwnership || pick(r.takeOwnership, d.takeOwnership, false)) argv.push('--take-ownership');
  const serverSide = r.serverSide ?? d.serverSide;
  if (helmMajor >= 4 && serverSide) argv.push(`--server-side=${serverSide}`);
  argv.push(...namespaceAndValuesFlags(r, values));
  if (cli.reuseValues || (!cli.resetValues && pick(r.reuseValues, d.reuseValues, false))) argv.push('--reuse-values');
  else argv.push('--reset-values');
  argv.push('--history-max', String(r.historyMax ?? d.historyMax ?? 10));
  argv.push(...connectionFlags(r, d, cli.kubeconfig));
  argv.push(...(cli.args ?? d.args ?? []));
  argv.push(...(cli.syncArgs ?? d.syncArgs ?? []));
  return argv;
}

export interface UninstallArgvInput {
  release: HelmReleaseSpec;
  defaults: HelmDefaultsSpec;
  cli: { cascade?: string; deleteWait?: boolean; deleteTimeout?: number; args?: string[]; kubeconfig?: string };
  helmMajor: HelmMajorVersion;
}

/** `uninstall NAME <flags…>` (Helmfile `DeleteReleases`). Pure. */
export function uninstallArgv(input: UninstallArgvInput): string[] {
  const { release: r, defaults: d, cli } = input;
  const argv = ['uninstall', r.name];
  argv.push(...connectionFlags(r, d, cli.kubeconfig));
  const cascade = cli.cascade || r.cascade || d.cascade;
  if (cascade) argv.push('--cascade', cascade);
  if (cli.deleteWait || pick(r.deleteWait, d.deleteWait, false)) {
    argv.push('--wait');
    const t = cli.deleteTimeout ?? r.deleteTimeout ?? d.deleteTimeout;
    if (t) argv.push('--timeout', `${t}s`);
  }
  if (r.namespace) argv.push('--namespace', r.namespace);
  argv.push(...(cli.args ?? d.args ?? []));
  return argv;
}

export interface RollbackArgvInput {
  release: HelmReleaseSpec;
  defaults: HelmDefaultsSpec;
  /** The revision to go back to. */
  revision: number;
  cli: { kubeconfig?: string; timeout?: number };
  helmMajor: HelmMajorVersion;
}

/** `rollback NAME REVISION <flags…>`: how an interrupted upgrade is recovered. Pure. */
export function rollbackArgv(input: RollbackArgvInput): string[] {
  const { release: r, defaults: d, cli } = input;
  const argv = ['rollback', r.name, String(input.revision)];
  argv.push(...connectionFlags(r, d, cli.kubeconfig));
  if (r.namespace) argv.push('--namespace', r.namespace);
  const t = cli.timeout ?? r.timeout ?? d.timeout;
  if (t) argv.push('--timeout', `${t}s`);
  return argv;
}
