/** Public surface of the helm facade. Only this folder builds helm argv. */
export * from './version.js';
export * from './release-spec.js';
export * from './argv-common.js';
export * from './argv-template.js';
export * from './argv-release.js';
export * from './argv-storage.js';
export { lintArgv, dependencyBuildArgv, statusArgv, testArgv } from './argv-misc.js';
export * from './helm.js';
export * from './redact.js';
