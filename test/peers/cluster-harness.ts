/**
 * Helmfile beside helmsync on one cluster (issue 9): the same releases file,
 * the same helm (with helm-diff as its plugin, npm run peers:build), the same
 * real control plane. The two tools take turns on the same namespaces:
 *
 *   1. `diff --detailed-exitcode` on an empty cluster, by both (exit codes compared);
 *   2. the first tool `sync`s; the cluster state is read (release records:
 *      chart, version, status, user-supplied values, manifest; and every live
 *      object of each manifest, reduced as the differential suite reduces it);
 *   3. `diff --detailed-exitcode` by both tools on what the first installed;
 *   4. the case's values are edited; `diff --detailed-exitcode` by both; the
 *      first tool `apply`s; the state is read again; `diff` by both again;
 *   5. the first tool `destroy`s; no release may be left;
 *
 * then the same with the tools swapped, and the two states after sync (and
 * after apply) are compared. Every exit code of step 1/3/4 must agree between
 * the tools, whichever installed the releases.
 */
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { comparable, differences } from '../real/differential-compare.js';
import type { TestCluster } from '../support/test-cluster.js';

export type Tool = 'helmfile' | 'helmsync';

export interface ClusterCase {
  id: string;
  /** Folder holding the releases file and the charts it names. */
  src: string;
  /** Global flags (-f, -e, …) both tools get. */
  globals: string[];
  /** Namespaces the releases live in (read and cleaned). */
  namespaces: string[];
  /** Edits the case's copy so that every tool's diff must report a change. */
  mutate(root: string): void;
}

export interface ClusterPeerOptions {
  helmfile: string;
  helmsync: string;
  helm: string;
  kubectl: string;
  helmMajor: 3 | 4;
  /** HELM_PLUGINS holding helm-diff. */
  helmPlugins: string;
  cluster: TestCluster;
}

export interface Check {
  id: string;
  command: 'diff' | 'sync' | 'apply' | 'destroy';
  what: string;
  same: boolean;
  detail?: string;
}

interface Run {
  code: number;
  out: string;
}

async function run(tool: Tool, root: string, args: string[], o: ClusterPeerOptions, home: string): Promise<Run> {
  const env = {
    ...o.cluster.env,
    HOME: join(home, 'home'),
    HELM_CONFIG_HOME: join(home, 'helm', 'config'),
    HELM_CACHE_HOME: join(home, 'helm', 'cache'),
    HELM_DATA_HOME: join(home, 'helm', 'data'),
    HELM_PLUGINS: o.helmPlugins,
    HELMFILE_CACHE_HOME: join(home, 'helmfile-cache'),
    HELMFILE_TEMPDIR: join(home, 'helmfile-tmp'),
    HELMFILE_HELM4: o.helmMajor === 4 ? '1' : '0',
    HELMFILE_UPGRADE_NOTICE_DISABLED: '1',
    HELM_DIFF_USE_UPGRADE_DRY_RUN: 'false',
    NO_COLOR: '1',
    CI: 'true',
    PATH: `${join(o.helm, '..')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
  };
  const [file, argv] = tool === 'helmfile' ? [o.helmfile, args] : [process.execPath, [o.helmsync, ...args, '--kubectl-binary', o.kubectl]];
  const r = await execa(file, [...argv, '--helm-binary', o.helm], { cwd: root, env, extendEnv: false, reject: false, timeout: 300_000, all: true });
  return { code: r.exitCode ?? -1, out: String(r.all ?? '') };
}

/** What the cluster holds for the case: per release its record and live objects. */
async function state(c: ClusterCase, o: ClusterPeerOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const ns of c.namespaces) {
    for (const rel of await o.cluster.releases(ns)) {
      if (rel.info?.status === 'superseded') continue;
      const objects: Record<string, unknown> = {};
      for (const d of parseAllDocuments(String(rel.manifest ?? ''))) {
        const m = d.toJS() as Record<string, any> | null;
        if (!m?.kind) continue;
        const live = await o.cluster.get(m.apiVersion, m.kind, m.metadata?.namespace ?? ns, m.metadata.name);
        const v = live ? comparable(live) : 'missing';
        // Who wrote it is the tool's business (helm either way); the time and the manager's field sets are compared.
        objects[`${m.kind}/${m.metadata.name}`] = v;
      }
      out[`${ns}/${rel.name}`] = {
        status: rel.info?.status,
        version: rel.version,
        chart: `${rel.chart?.metadata?.name}-${rel.chart?.metadata?.version}`,
        config: rel.config ?? {},
        manifest: rel.manifest,
        hooks: (rel.hooks ?? []).map((h: Record<string, any>) => `${h.kind}/${h.name} ${h.events?.join(',')}`).sort(),
        objects,
      };
    }
  }
  return out;
}

async function leftover(c: ClusterCase, o: ClusterPeerOptions): Promise<string[]> {
  const names: string[] = [];
  for (const ns of c.namespaces) for (const r of await o.cluster.releases(ns)) names.push(`${ns}/${r.name} v${r.version} ${r.info?.status}`);
  return names;
}

/** One turn: `first` installs, both diff, `first` applies a change and destroys. */
async function turn(c: ClusterCase, first: Tool, o: ClusterPeerOptions, work: string) {
  const other: Tool = first === 'helmfile' ? 'helmsync' : 'helmfile';
  const roots = {} as Record<Tool, string>;
  for (const t of [first, other]) {
    roots[t] = join(work, `${first}-first`, t, 'case');
    cpSync(c.src, roots[t], { recursive: true });
    mkdirSync(join(work, `${first}-first`, t, 'home'), { recursive: true });
  }
  const home = (t: Tool) => join(work, `${first}-first`, t);
  const diff = async (t: Tool) => (await run(t, roots[t], [...c.globals, 'diff', '--detailed-exitcode'], o, home(t))).code;
  const codes: Record<string, Record<Tool, number>> = {};
  const log: string[] = [];
  const step = async (t: Tool, verb: string, extra: string[] = []) => {
    const r = await run(t, roots[t], [...c.globals, verb, ...extra], o, home(t));
    log.push(`${t} ${verb}: exit ${r.code}${r.code ? `\n${r.out.slice(-1500)}` : ''}`);
    return r.code;
  };
  codes['empty cluster'] = { helmfile: await diff('helmfile'), helmsync: await diff('helmsync') };
  const syncCode = await step(first, 'sync');
  const afterSync = await state(c, o);
  codes[`after ${first} sync`] = { helmfile: await diff('helmfile'), helmsync: await diff('helmsync') };
  for (const t of [first, other]) c.mutate(roots[t]);
  codes['values edited'] = { helmfile: await diff('helmfile'), helmsync: await diff('helmsync') };
  const applyCode = await step(first, 'apply');
  const afterApply = await state(c, o);
  codes[`after ${first} apply`] = { helmfile: await diff('helmfile'), helmsync: await diff('helmsync') };
  const destroyCode = await step(first, 'destroy');
  const left = await leftover(c, o);
  return { syncCode, applyCode, destroyCode, afterSync, afterApply, codes, left, log };
}

/** Runs both turns of a case and returns one check per comparison. */
export async function compareOnCluster(c: ClusterCase, o: ClusterPeerOptions): Promise<Check[]> {
  const work = mkdtempSync(join(tmpdir(), 'helmsync-peer-cluster-'));
  try {
    const a = await turn(c, 'helmfile', o, work);
    const b = await turn(c, 'helmsync', o, work);
    const checks: Check[] = [];
    const same = (command: Check['command'], what: string, x: unknown, y: unknown, detail?: () => string) => {
      const ok = isDeepStrictEqual(x, y);
      checks.push({ id: c.id, command, what, same: ok, detail: ok ? undefined : detail?.() ?? `helmfile ${JSON.stringify(x)} vs helmsync ${JSON.stringify(y)}` });
    };
    const stateDetail = (x: unknown, y: unknown) => () =>
      differences(x, y)
        .slice(0, 8)
        .map((d) => `${d.path}: helmfile ${JSON.stringify(d.real)?.slice(0, 300)} vs helmsync ${JSON.stringify(d.emulator)?.slice(0, 300)}`)
        .join('\n');
    same('sync', 'exit code', a.syncCode, b.syncCode, () => [...a.log, ...b.log].join('\n'));
    same('sync', 'cluster state after sync', a.afterSync, b.afterSync, stateDetail(a.afterSync, b.afterSync));
    same('apply', 'exit code', a.applyCode, b.applyCode, () => [...a.log, ...b.log].join('\n'));
    same('apply', 'cluster state after apply', a.afterApply, b.afterApply, stateDetail(a.afterApply, b.afterApply));
    for (const [turnOf, t] of [
      ['helmfile', a],
      ['helmsync', b],
    ] as const)
      for (const [when, codes] of Object.entries(t.codes)) same('diff', `diff --detailed-exitcode ${when}${when.startsWith('after') ? '' : ` (${turnOf} turn)`}`, codes.helmfile, codes.helmsync);
    same('destroy', 'exit code', a.destroyCode, b.destroyCode);
    same('destroy', 'releases left after destroy', a.left, b.left);
    return checks;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
