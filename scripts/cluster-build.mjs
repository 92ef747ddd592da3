#!/usr/bin/env node
/**
 * `npm run cluster:build`: builds the real control plane used by the
 * real-cluster test suites from published Go modules with the ordinary `go`
 * client, once per machine, into ~/.cache/helmsync/ (see cluster-versions.mjs):
 *
 *   kube-apiserver, kube-controller-manager, kube-scheduler  k8s.io/kubernetes v1.34.x
 *   etcd                                                     go.etcd.io/etcd/server/v3 v3.6.x
 *   kwok (fake node and pod lifecycle) + its stage file      sigs.k8s.io/kwok v0.8.x
 *
 * Each wrapper module (go.mod) is generated here, in the cache, at build time;
 * no Go source is kept in this repository. What is already built is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ETCD_VERSION,
  KUBERNETES_VERSION,
  KWOK_VERSION,
  cacheRoot,
  clusterBinaries,
  goEnv,
} from './cluster-versions.mjs';

const started = Date.now();
const log = (line) => process.stdout.write(`cluster:build [${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
const env = { ...process.env, ...goEnv(), CGO_ENABLED: '0' };

function go(args, cwd, opts = {}) {
  const r = spawnSync('go', args, { cwd, env, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    process.stderr.write(`cluster:build: go ${args.join(' ')} failed (exit ${r.status}) in ${cwd}\n`);
    process.exit(1);
  }
  return r.stdout ?? '';
}

function checkGo() {
  const r = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env });
  const v = r.status === 0 ? r.stdout.trim() : '';
  const m = /^go(\d+)\.(\d+)/.exec(v);
  if (!m || Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 26)) {
    process.stderr.write(
      `cluster:build: Go 1.26 or newer is needed to build the real control plane (found ${v || 'no go on PATH'}); install the Go toolchain and put go on PATH, then rerun npm run cluster:build\n`,
    );
    process.exit(1);
  }
  return v;
}

/** A fresh wrapper module folder in the cache. */
function wrapper(name) {
  const dir = join(cacheRoot(), 'wrappers', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function buildKubernetes(out) {
  const V = KUBERNETES_VERSION;
  const S = `v0.${V.split('.').slice(1).join('.')}`;
  const dir = wrapper(`kubernetes-v${V}`);
  log(`kubernetes v${V}: generating the wrapper module in ${dir}`);
  go(['mod', 'init', 'local/helmsync-kubernetes'], dir);
  // k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them
  // with ./staging paths, which a dependent module ignores: replace each with
  // the published v0.x.y that corresponds to v1.x.y.
  const info = JSON.parse(go(['mod', 'download', '-json', `k8s.io/kubernetes@v${V}`], dir, { capture: true }));
  const staging = [...readFileSync(info.GoMod, 'utf8').matchAll(/^\s*(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\//gm)].map((m) => m[1]);
  if (staging.length < 20) throw new Error(`found only ${staging.length} staging replaces in ${info.GoMod}`);
  writeFileSync(join(dir, 'go.mod'), `${readFileSync(join(dir, 'go.mod'), 'utf8')}\n${staging.map((m) => `replace ${m} => ${m} ${S}`).join('\n')}\n`);
  log(`kubernetes v${V}: ${staging.length} staging modules pinned to ${S}; resolving modules`);
  const cmds = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `k8s.io/kubernetes/cmd/${c}`);
  go(['get', '-tool', ...cmds.map((c) => `${c}@v${V}`)], dir);
  // Module zips carry no git metadata: without these the server reports
  // v0.0.0-master+$Format:%H$ and helm's kubeVersion checks fail.
  const [major, minor] = V.split('.');
  const pkg = 'k8s.io/component-base/version';
  const ld = [
    '-s', '-w',
    `-X ${pkg}.gitVersion=v${V}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`, `-X ${pkg}.buildDate=${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  ].join(' ');
  log(`kubernetes v${V}: go build ${cmds.map((c) => c.split('/').pop()).join(', ')} (the long step: minutes on a cold cache)`);
  const tmp = `${out}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  go(['build', '-trimpath', '-pgo=off', '-tags', 'selinux,notest', '-ldflags', ld, '-o', `${tmp}/`, ...cmds], dir);
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
}

function buildEtcd(out) {
  const dir = wrapper(`etcd-v${ETCD_VERSION}`);
  log(`etcd v${ETCD_VERSION}: generating the wrapper module; go build go.etcd.io/etcd/server/v3`);
  go(['mod', 'init', 'local/helmsync-etcd'], dir);
  go(['get', '-tool', `go.etcd.io/etcd/server/v3@v${ETCD_VERSION}`], dir);
  mkdirSync(dirname(out), { recursive: true });
  go(['build', '-trimpath', '-ldflags', '-s -w', '-o', `${out}.tmp`, 'go.etcd.io/etcd/server/v3'], dir);
  renameSync(`${out}.tmp`, out);
}

/** kwok loads no stages by itself: node/pod stages from the module plus our hook-pod stage. */
function kwokStages(dir) {
  const info = JSON.parse(go(['mod', 'download', '-json', `sigs.k8s.io/kwok@v${KWOK_VERSION}`], dir, { capture: true }));
  const base = join(info.Dir, 'kustomize', 'stage');
  const files = [
    join(base, 'node', 'fast', 'node-initialize.yaml'),
    ...readdirSync(join(base, 'node', 'heartbeat-with-lease')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort().map((f) => join(base, 'node', 'heartbeat-with-lease', f)),
    ...['pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml'].map((f) => join(base, 'pod', 'fast', f)),
  ];
  return files.map((f) => readFileSync(f, 'utf8').trim()).join('\n---\n');
}

function buildKwok(binary) {
  const dir = wrapper(`kwok-v${KWOK_VERSION}`);
  log(`kwok v${KWOK_VERSION}: go install sigs.k8s.io/kwok/cmd/kwok`);
  mkdirSync(dirname(binary), { recursive: true });
  const r = spawnSync('go', ['install', '-trimpath', '-ldflags', '-s -w', `sigs.k8s.io/kwok/cmd/kwok@v${KWOK_VERSION}`], { cwd: dir, env: { ...env, GOBIN: dirname(binary) }, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`cluster:build: go install sigs.k8s.io/kwok/cmd/kwok@v${KWOK_VERSION} failed\n`);
    process.exit(1);
  }
}

/** The stage file is cheap: written on every run, so a changed stage needs no rebuild. */
function writeKwokStages(stages) {
  const dir = join(cacheRoot(), 'wrappers', 'kwok-stages');
  mkdirSync(dir, { recursive: true });
  writeFileSync(stages, `${kwokStages(dir)}\n---\n${HOOK_POD_STAGE}`);
}

/**
 * Pods that helm runs itself (test and hook pods carry the helm.sh/hook
 * annotation and no owner) would stay Running under kwok's pod-complete stage,
 * which only matches Job-owned pods: complete them once they are Running.
 * A pod annotated emulator.helmsync.dev/fail: "true" fails instead, as on the
 * emulator (the fixtures' failing helm test).
 */
const HOOK_POD_STAGE = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: helmsync-hook-pod-complete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.metadata.annotations["helm.sh/hook"]'
      operator: 'Exists'
    - key: '.metadata.annotations["emulator.helmsync.dev/fail"]'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Running'
  weight: 1
  delay:
    durationMilliseconds: 500
  next:
    statusTemplate: |
      {{ $now := Now }}
      containerStatuses:
      {{ range $index, $item := .spec.containers }}
      - image: {{ $item.image | Quote }}
        name: {{ $item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Succeeded
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: helmsync-annotated-pod-fail
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.metadata.annotations["emulator.helmsync.dev/fail"]'
      operator: 'In'
      values:
      - 'true'
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Running'
  weight: 1
  delay:
    durationMilliseconds: 500
  next:
    statusTemplate: |
      {{ $now := Now }}
      containerStatuses:
      {{ range $index, $item := .spec.containers }}
      - image: {{ $item.image | Quote }}
        name: {{ $item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 1
            finishedAt: {{ $now | Quote }}
            reason: Error
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Failed
`;

const goVersion = checkGo();
const bins = clusterBinaries();
log(`${goVersion}; cache ${cacheRoot()}`);
const k8sReady = [bins.kubeApiserver, bins.kubeControllerManager, bins.kubeScheduler].every((p) => existsSync(p));
if (k8sReady) log(`kubernetes v${KUBERNETES_VERSION}: already built, skipped`);
if (existsSync(bins.etcd)) log(`etcd v${ETCD_VERSION}: already built, skipped`);
else buildEtcd(bins.etcd);
if (existsSync(bins.kwok)) log(`kwok v${KWOK_VERSION}: already built, skipped`);
else buildKwok(bins.kwok);
writeKwokStages(bins.kwokStages);
log(`kwok stages: ${bins.kwokStages}`);
if (!k8sReady) buildKubernetes(dirname(bins.kubeApiserver));
log('done');
for (const [name, p] of Object.entries(bins)) log(`  ${name}: ${p}`);
