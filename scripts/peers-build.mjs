#!/usr/bin/env node
/**
 * `npm run peers:build`: builds the peers test/peers compares helmsync with,
 * from the Go module proxy with the ordinary `go` client, once per machine,
 * into ~/.cache/helmsync/ (see cluster-versions.mjs):
 *
 *   helmfile   github.com/helmfile/helmfile v1.8.0
 *   helm-diff  github.com/databus23/helm-diff/v3 v3.13.2, installed as a helm
 *              plugin in its own HELM_PLUGINS folder (bin/diff + plugin.yaml,
 *              as helm-diff's Makefile install target lays it out; no hooks),
 *              and a second one for helm 3.17 (see buildHelmDiff)
 *
 * Helmfile v1.8.0's go.mod replaces k8s.io/api, apimachinery and client-go
 * with published versions; a dependent module ignores replaces, so the
 * generated wrapper module repeats them (read from Helmfile's own go.mod).
 * helm-diff has no replaces. The proxy serves only some helm-diff versions
 * (403 for the rest, every v3.14.x/v3.15.x among them): v3.13.2 is the newest
 * it serves. What is already built is skipped; wrappers live in the cache.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HELMFILE_VERSION, HELM_DIFF_VERSION, cacheRoot, goEnv, peerBinaries } from './cluster-versions.mjs';

const started = Date.now();
const log = (line) => process.stdout.write(`peers:build [${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
const env = { ...process.env, ...goEnv(), CGO_ENABLED: '0' };
const go = (args, cwd, capture = false) => {
  const r = spawnSync('go', args, { cwd, env, stdio: capture ? ['ignore', 'pipe', 'inherit'] : ['ignore', 'inherit', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error?.code === 'ENOENT') {
    process.stderr.write('peers:build: Go 1.26 or newer is needed to build Helmfile and helm-diff (no go on PATH); install the Go toolchain, then rerun npm run peers:build\n');
    process.exit(1);
  }
  if (r.status !== 0) {
    // `go mod download -json` says why on stdout (for helm-diff: the proxy's 403 for a version it does not serve).
    const why = capture ? /"Error":\s*"(.*)"/.exec(r.stdout ?? '')?.[1]?.replace(/\\n\\t/g, ' ') : undefined;
    process.stderr.write(`peers:build: go ${args.join(' ')} failed (exit ${r.status}) in ${cwd}${why ? `: ${why}` : ''}\n`);
    process.exit(1);
  }
  return r.stdout ?? '';
};

/** A fresh wrapper module folder in the cache. */
function wrapper(name) {
  const dir = join(cacheRoot(), 'wrappers', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  go(['mod', 'init', `local/helmsync-${name}`], dir);
  return dir;
}

/** Builds `pkg` into `out` (via out.tmp, so an interrupted build never looks finished). */
function build(dir, pkg, ldflags, out) {
  mkdirSync(dirname(out), { recursive: true });
  go(['build', '-trimpath', '-ldflags', ldflags, '-o', `${out}.tmp`, pkg], dir);
  renameSync(`${out}.tmp`, out);
}

function buildHelmfile(target) {
  const V = HELMFILE_VERSION;
  const dir = wrapper(`helmfile-v${V}`);
  log(`helmfile v${V}: generating the wrapper module in ${dir}`);
  const info = JSON.parse(go(['mod', 'download', '-json', `github.com/helmfile/helmfile@v${V}`], dir, true));
  const mod = readFileSync(info.GoMod, 'utf8');
  // Published-version replaces only (a path replace could not be repeated from outside).
  const block = /^replace\s*\(([\s\S]*?)^\)/m.exec(mod)?.[1] ?? '';
  const lines = [...block.split('\n'), ...[...mod.matchAll(/^replace\s+([^(\n].*)$/gm)].map((m) => m[1])]
    .map((l) => l.replace(/\/\/.*$/, '').trim())
    .filter((l) => /^\S+(\s+\S+)?\s+=>\s+\S+\s+v\S+$/.test(l));
  writeFileSync(join(dir, 'go.mod'), `${readFileSync(join(dir, 'go.mod'), 'utf8')}\n${lines.map((l) => `replace ${l}`).join('\n')}\n`);
  log(`helmfile v${V}: ${lines.length} replace lines repeated; resolving modules`);
  go(['get', '-tool', `github.com/helmfile/helmfile@v${V}`], dir);
  log(`helmfile v${V}: go build (a few minutes on a cold cache)`);
  build(dir, 'github.com/helmfile/helmfile', `-s -w -X go.szostok.io/version.version=v${V} -X go.szostok.io/version.dirtyBuild=false`, target);
  log(`helmfile v${V}: built ${target}`);
}

/** YAML text without one top-level key's block (the key line and the indented or blank lines under it). */
function withoutTopLevelKey(text, key) {
  const out = [];
  let skipping = false;
  for (const line of text.split('\n')) {
    if (new RegExp(`^${key}:`).test(line)) skipping = true;
    else if (skipping && /^\S/.test(line)) skipping = false;
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}

function buildHelmDiff(target) {
  const V = HELM_DIFF_VERSION;
  const mod = 'github.com/databus23/helm-diff/v3';
  const dir = wrapper(`helm-diff-v${V}`);
  log(`helm-diff v${V}: resolving ${mod}@v${V}`);
  const info = JSON.parse(go(['mod', 'download', '-json', `${mod}@v${V}`], dir, true));
  go(['get', '-tool', `${mod}@v${V}`], dir);
  log(`helm-diff v${V}: go build`);
  // The version helmfile reads back (`helm diff version`) to gate its flags.
  build(dir, mod, `-s -w -X ${mod}/cmd.Version=${V}`, target);
  // plugin.yaml beside bin/, as helm-diff's `make install/helm3` lays it out.
  // plugin.yaml beside bin/, as helm-diff's `make install/helm3` lays it out.
  const published = readFileSync(join(info.Dir, 'plugin.yaml'), 'utf8');
  writeFileSync(join(dirname(target), '..', 'plugin.yaml'), published, { mode: 0o644 });
  // helm 3.17 refuses the published file ("unknown field platformHooks": it
  // decodes plugin.yaml strictly and learnt platformHooks in 3.18), and helm 4.1
  // finds no command without it; the hooks only run on `helm plugin
  // install/update`, which this layout never does. So helm 3 gets a second
  // folder with the same binary and the hooks left out.
  const h3 = join(peerBinaries().helmPlugins3, 'helm-diff');
  mkdirSync(join(h3, 'bin'), { recursive: true });
  copyFileSync(target, join(h3, 'bin', 'diff'));
  writeFileSync(join(h3, 'plugin.yaml'), withoutTopLevelKey(published, 'platformHooks'), { mode: 0o644 });
  log(`helm-diff v${V}: installed as a helm plugin in ${join(dirname(target), '..', '..')}`);
}

const bins = peerBinaries();
if (existsSync(bins.helmfile)) log(`helmfile v${HELMFILE_VERSION}: already built, skipped (${bins.helmfile})`);
else buildHelmfile(bins.helmfile);
if ([bins.helmDiff, join(bins.helmPlugins, 'helm-diff', 'plugin.yaml'), join(bins.helmPlugins3, 'helm-diff', 'plugin.yaml')].every((p) => existsSync(p))) log(`helm-diff v${HELM_DIFF_VERSION}: already built, skipped (${bins.helmDiff})`);
else buildHelmDiff(bins.helmDiff);
log('done');
