// Jest runs the TypeScript sources directly (ts-jest, ESM, transpile-only so one
// half-written module elsewhere never breaks an unrelated suite). End-to-end
// tests drive the built CLI in dist/ (npm test builds first).
// Prerequisites beyond npm ci (docker-registry, openssl, ../shared/corpus) are
// checked first (test/support/prerequisites.mjs): missing ones fail the run
// under CI=true, and elsewhere leave out the suites that need them, saying so.
import { checkPrerequisites } from './test/support/prerequisites.mjs';

const skipped = checkPrerequisites();

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...skipped.map((s) => `<rootDir>/${s.replace(/[.]/g, '\\.')}$`)],
  testTimeout: 120000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
