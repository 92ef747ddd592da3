/**
 * Maps loaded state to the plain data src/helm's argv builders take, so src/helm
 * does not depend on src/state's shapes.
 */
import { isAbsolute, resolve } from 'node:path';
import type { HelmDefaultsSpec, HelmReleaseSpec, HelmSet, HelmValuesArgs } from '../helm/release-spec.js';
import type { HelmDefaults, Release } from '../state/types.js';
import type { ReleaseValues } from '../values/types.js';
import type { ResolvedChart } from './chart-resolver.js';

/** The release's helm-relevant fields, with the resolved chart. */
export function toHelmRelease(r: Release, chart: ResolvedChart, kubeVersion?: string, apiVersions?: string[]): HelmReleaseSpec {
  const s = r.spec;
  return {
    name: r.name,
    namespace: r.namespace || undefined,
    chart: chart.ref,
    // A chart on disk (local, or fetched into the cache) has exactly one version: no --version.
    version: chart.local || chart.onDisk ? undefined : chart.version || undefined,
    kubeContext: r.kubeContext || undefined,
    devel: s.devel,
    verify: s.verify,
    keyring: s.keyring,
    wait: s.wait,
    waitForJobs: s.waitForJobs,
    timeout: s.timeout,
    force: s.force,
    forceConflicts: s.forceConflicts,
    recreatePods: s.recreatePods,
    atomic: s.atomic,
    rollbackOnFailure: s.rollbackOnFailure,
    cleanupOnFail: s.cleanupOnFail,
    historyMax: s.historyMax,
    createNamespace: s.createNamespace,
    reuseValues: s.reuseValues,
    enableDNS: s.enableDNS,
    skipSchemaValidation: s.skipSchemaValidation,
    disableOpenAPIValidation: s.disableOpenAPIValidation,
    insecureSkipTLSVerify: s.insecureSkipTLSVerify,
    plainHttp: s.plainHttp,
    postRenderer: s.postRenderer,
    postRendererArgs: s.postRendererArgs,
    // Release-level apiVersions/kubeVersion win over the state-level ones.
    apiVersions: s.apiVersions?.length ? s.apiVersions : apiVersions,
    kubeVersion: s.kubeVersion || kubeVersion || undefined,
    description: s.description,
    takeOwnership: s.takeOwnership,
    serverSide: s.serverSide,
    cascade: s.cascade,
    deleteWait: s.deleteWait,
    deleteTimeout: s.deleteTimeout,
    labels: r.labels,
    syncReleaseLabels: s.syncReleaseLabels,
  };
}

export function toHelmDefaults(d: HelmDefaults): HelmDefaultsSpec {
  return { ...d };
}

/** Values files + sets, then the CLI `--values` (absolute, against the releases file dir) and `--set`. */
export function toHelmValues(v: Pick<ReleaseValues, 'files' | 'secrets' | 'sets'>, baseDir: string, cliValues: string[] = [], cliSets: string[] = []): HelmValuesArgs {
  const sets: HelmSet[] = v.sets.map((s) => ({ kind: s.flag.slice(2) as HelmSet['kind'], expr: s.arg }));
  return {
    files: [...v.files, ...v.secrets],
    sets,
    cliFiles: cliValues.map((f) => (isAbsolute(f) ? f : resolve(baseDir, f))),
    cliSets,
  };
}
