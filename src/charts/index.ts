/**
 * Public API of src/charts — where charts come from, which version, and where
 * they are on disk.
 *
 * One resolver per run, shared by every release (src/app/chart-resolver.ts
 * `openChartResolver` builds it for template/lint/diff/sync):
 *
 *   const charts = createChartResolver(state, deps, {
 *     helmBinary, helmVersion,            // from the HelmClient (detected when omitted)
 *     skipDeps, skipRefresh, ociPlainHttp, // CLI flags; helmDefaults/release skips are merged in
 *   });
 *   const chart = await charts.resolve(release);   // ResolvedChart (also fits src/app's ChartResolver seam)
 *   // helm … NAME chart.ref [--version chart.version]   chart.ref: local dir | cached .tgz | cached OCI dir | as written
 *   // log `chart=${chart.display}`                     what Helmfile prints (cache dir for OCI, as written otherwise)
 *   if (chart.local && chart.hasChartYaml) await charts.buildDependencies(chart.ref, release); // once per dir, only if needed
 *   charts.dispose();
 *
 * What one run costs is in `charts.counters` (index reads, OCI tag listings,
 * pulls, dependency builds): each repository index is read once (the copy
 * `helm repo add` downloads is reused), each OCI repository listed at most
 * once, each chart version fetched once — concurrent releases share in-flight work.
 *
 * Versions follow helm exactly (Masterminds semver: see constraint.ts; `helm
 * pull` is the test oracle). With a lock file (`<file>.lock` or `lockFilePath:`)
 * `repo/chart` releases of declared repositories use the locked version; a lock
 * that no longer satisfies the file is a UserError telling to run `helmsync deps`.
 * Errors are UserErrors naming the release, its file:line, the repository and URL.
 */
export { createChartResolver } from './resolver.js';
export type { ChartResolverHandle, ChartResolverOptions, ChartSourceKind, ResolvedChart } from './resolve-context.js';
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
export { updateLockFile, lockableReleases } from './update-lock.js';
export type { LockUpdate } from './update-lock.js';
export { readLocalChart, needsDependencyBuild } from './local-chart.js';
export { chartCacheHome, createHelmHomes, passThroughHelmEnv } from './helm-env.js';
export { addRepositories } from './add-repositories.js';
export type { AddedRepository } from './add-repositories.js';
export { defaultFetchDir, materializeChart } from './fetch-charts.js';
