/**
 * Versions and cache paths of the real control plane (issue 9), shared by
 * scripts/cluster-build.mjs, the cluster runner (test/emulator/real.ts) and
 * test/support/prerequisites.mjs. Everything lives outside the work tree, in
 * ~/.cache/helmsync/ (HELMSYNC_CACHE overrides), keyed by version, so CI can
 * cache one folder: binaries, GOMODCACHE and GOCACHE.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const KUBERNETES_VERSION = '1.34.4';
export const ETCD_VERSION = '3.6.16';
export const KWOK_VERSION = '0.8.0';

export function cacheRoot(env = process.env) {
  return env.HELMSYNC_CACHE || join(env.HOME || homedir(), '.cache', 'helmsync');
}

/** GOMODCACHE/GOCACHE inside the cache root, so one folder holds everything a warm build needs. */
export function goEnv(env = process.env) {
  const root = cacheRoot(env);
  return { GOMODCACHE: join(root, 'go', 'mod'), GOCACHE: join(root, 'go', 'build'), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' };
}

/** Where each built binary (and kwok's stage file) lives. */
export function clusterBinaries(env = process.env) {
  const root = cacheRoot(env);
  const k8s = join(root, `kubernetes-v${KUBERNETES_VERSION}`, 'bin');
  const kwok = join(root, `kwok-v${KWOK_VERSION}`);
  return {
    kubeApiserver: join(k8s, 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'kube-controller-manager'),
    kubeScheduler: join(k8s, 'kube-scheduler'),
    etcd: join(root, `etcd-v${ETCD_VERSION}`, 'bin', 'etcd'),
    kwok: join(kwok, 'bin', 'kwok'),
    kwokStages: join(kwok, 'stages.yaml'),
  };
}

/** The binaries that are missing (empty when the real control plane can start). */
export function missingClusterBinaries(env = process.env) {
  return Object.entries(clusterBinaries(env))
    .filter(([, p]) => !existsSync(p))
    .map(([name, p]) => `${name} (${p})`);
}

/** Helmfile, the peer helmsync is compared with (test/peers): the newest v1.x the proxy serves that builds here. */
export const HELMFILE_VERSION = '1.8.0';

/**
 * helm-diff, the plugin helmfile diff/apply call. The Go module proxy serves
 * only some versions of github.com/databus23/helm-diff/v3 (403 "This module
 * version is not available" for the others, including every v3.14.x and
 * v3.15.x, the ones that state helm 4 support); v3.13.2 is the newest it
 * serves. The same build serves helm 3.17 and helm 4.1 (test/peers checks both).
 */
export const HELM_DIFF_VERSION = '3.13.2';

export function peerBinaries(env = process.env) {
  const root = cacheRoot(env);
  const plugins = join(root, `helm-diff-v${HELM_DIFF_VERSION}`, 'plugins');
  return {
    helmfile: join(root, `helmfile-v${HELMFILE_VERSION}`, 'bin', 'helmfile'),
    /** A HELM_PLUGINS folder holding only helm-diff, as published (helm 4). */
    helmPlugins: plugins,
    /** The same for helm 3.17, whose plugin.yaml decoder refuses platformHooks. */
    helmPlugins3: join(root, `helm-diff-v${HELM_DIFF_VERSION}`, 'plugins-helm3'),
    helmDiff: join(plugins, 'helm-diff', 'bin', 'diff'),
  };
}

/** The peer binaries that are missing (empty when test/peers can run). */
export function missingPeerBinaries(env = process.env) {
  return Object.entries(peerBinaries(env))
    .filter(([name, p]) => !name.startsWith('helmPlugins') && !existsSync(p))
    .map(([name, p]) => `${name} (${p})`);
}
