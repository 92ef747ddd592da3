/**
 * Public API of src/charts — chart sources for helmsync.
 *
 * Use cases create ONE resolver per run and pass it wherever charts are needed:
 *
 *   const charts = createChartResolver(state, deps, { helmBinary, helmVersion, skipDeps, skipRefresh, ociPlainHttp });
 *   const chart = await charts.resolve(release);      // ResolvedChart
 *   helm template NAME chart.ref [--version chart.version]   (chart.ref is a dir/.tgz for repo & OCI charts)
 *   log `Templating release=…, chart=${chart.display}` (what Helmfile prints)
 *   if (chart.local && chart.hasChartYaml) await charts.buildDependencies(chart.ref, release);  // once, only if needed
 *   charts.dispose();
 *
 * `resolve(release, file?, deps?)` also satisfies src/app's `ChartResolver` seam.
 * Index reads, tag listings, pulls and dependency builds are counted in `charts.counters`.
 */
export { createChartResolver } from './resolver.js';
export type { ChartResolverHandle, ChartResolverOptions, ChartSourceKind, ResolvedChart } from './resolver.js';
export { createCounters, total } from './counters.js';
export type { ChartCounters } from './counters.js';
export { parseConstraint, prereleaseScopeFor, ConstraintSyntaxError } from './constraint.js';
export type { Constraint, PrereleaseScope } from './constraint.js';
export { selectVersion, selectOciTag, satisfies } from './select-version.js';
export type { VersionRequest, SelectResult } from './select-version.js';
export { parseChartRef, parseOciReference } from './chart-ref.js';
export type { ChartRef } from './chart-ref.js';
export { readLockFile, formatLockFile, lockFilePathFor, lockDigest, findLockedVersion } from './lock-file.js';
export type { LockFile, LockedDependency, LockRequirement } from './lock-file.js';
export { readLocalChart, needsDependencyBuild } from './local-chart.js';
export { chartCacheHome, createHelmHomes } from './helm-env.js';
export { addRepositories } from './add-repositories.js';
export type { AddedRepository } from './add-repositories.js';
