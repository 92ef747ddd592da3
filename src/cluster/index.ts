/** Public surface of the cluster domain: what the cluster holds, read through kubectl/helm. */
export * from './kubectl-argv.js';
export * from './release-payload.js';
export { readReleaseRecords, storageForDriver, splitChartLabel, type ReadReleaseRecordsOptions } from './release-records.js';
export { readLiveObjects, type ReadLiveObjectsOptions } from './live-objects.js';
export { observeReleases, type ObserveInput, type ObserveOptions, type Observed } from './observe.js';
