/**
 * argv for the read-only helm commands: lint, dependency build, status, test.
 */
import { chartDownloadFlags, connectionFlags, namespaceAndValuesFlags } from './argv-common.js';
import type { HelmDefaultsSpec, HelmReleaseSpec, HelmValuesArgs } from './release-spec.js';

/** `lint CHART <namespace+values> [args]` (Helmfile `flagsForLint`; helm lint takes no release name). */
export function lintArgv(r: HelmReleaseSpec, d: HelmDefaultsSpec, values: HelmValuesArgs, args?: string[]): string[] {
  return ['lint', r.chart, ...namespaceAndValuesFlags(r, values), ...(args ?? d.args ?? [])];
}

/**
 * `dependency build CHART [--skip-refresh]`. Helmfile refreshes repositories only
 * for local charts and only without --skip-refresh/--skip-deps.
 */
export function dependencyBuildArgv(chartDir: string, opts: { skipRefresh?: boolean } = {}): string[] {
  const argv = ['dependency', 'build', chartDir];
  if (opts.skipRefresh) argv.push('--skip-refresh');
  return argv;
}

/** `status NAME [--namespace NS] [connection] [args]`. */
export function statusArgv(r: HelmReleaseSpec, d: HelmDefaultsSpec, args?: string[], kubeconfig?: string): string[] {
  const argv = ['status', r.name];
  if (r.namespace) argv.push('--namespace', r.namespace);
  argv.push(...connectionFlags(r, d, kubeconfig));
  argv.push(...(args ?? d.args ?? []));
  return argv;
}

/** `test NAME [--namespace NS] [--logs] --timeout Ns [connection]`. */
export function testArgv(
  r: HelmReleaseSpec,
  d: HelmDefaultsSpec,
  opts: { logs?: boolean; timeout?: number; args?: string[]; kubeconfig?: string } = {},
): string[] {
  const argv = ['test', r.name];
  if (r.namespace) argv.push('--namespace', r.namespace);
  if (opts.logs) argv.push('--logs');
  const t = opts.timeout ?? r.timeout ?? d.timeout;
  if (t) argv.push('--timeout', `${t}s`);
  argv.push(...connectionFlags(r, d, opts.kubeconfig));
  argv.push(...chartDownloadFlags(r, d));
  argv.push(...(opts.args ?? d.args ?? []));
  return argv;
}

export { namespaceAndValuesFlags };
