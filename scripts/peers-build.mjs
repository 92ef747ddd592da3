#!/usr/bin/env node
/**
 * `npm run peers:build`: builds Helmfile (the peer test/peers compares
 * helmsync with) from the Go module proxy into ~/.cache/helmsync/, once.
 *
 * Helmfile v1.8.0's go.mod replaces k8s.io/api, apimachinery and client-go
 * with published versions; a dependent module ignores replaces, so the
 * generated wrapper module repeats them (read from Helmfile's own go.mod).
 * helm-diff (needed by helmfile diff/apply) is not built: the Go module proxy
 * refuses github.com/databus23/helm-diff/v3 (403 on every version), so
 * test/peers compares build, list, template and sync only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HELMFILE_VERSION, cacheRoot, goEnv, peerBinaries } from './cluster-versions.mjs';

const started = Date.now();
const log = (line) => process.stdout.write(`peers:build [${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
const env = { ...process.env, ...goEnv(), CGO_ENABLED: '0' };
const go = (args, cwd, capture = false) => {
  const r = spawnSync('go', args, { cwd, env, stdio: capture ? ['ignore', 'pipe', 'inherit'] : ['ignore', 'inherit', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error?.code === 'ENOENT') {
    process.stderr.write('peers:build: Go 1.26 or newer is needed to build Helmfile (no go on PATH); install the Go toolchain, then rerun npm run peers:build\n');
    process.exit(1);
  }
  if (r.status !== 0) {
    process.stderr.write(`peers:build: go ${args.join(' ')} failed (exit ${r.status}) in ${cwd}\n`);
    process.exit(1);
  }
  return r.stdout ?? '';
};

const { helmfile } = peerBinaries();
if (existsSync(helmfile)) {
  log(`helmfile v${HELMFILE_VERSION}: already built, skipped (${helmfile})`);
  process.exit(0);
}
const V = HELMFILE_VERSION;
const dir = join(cacheRoot(), 'wrappers', `helmfile-v${V}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
log(`helmfile v${V}: generating the wrapper module in ${dir}`);
go(['mod', 'init', 'local/helmsync-helmfile'], dir);
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
mkdirSync(dirname(helmfile), { recursive: true });
const ld = `-s -w -X go.szostok.io/version.version=v${V} -X go.szostok.io/version.dirtyBuild=false`;
go(['build', '-trimpath', '-ldflags', ld, '-o', `${helmfile}.tmp`, 'github.com/helmfile/helmfile'], dir);
renameSync(`${helmfile}.tmp`, helmfile);
log(`done: ${helmfile}`);
