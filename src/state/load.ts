/**
 * Entry point of state loading: discovery, each file (parts, bases, environments),
 * sub-helmfiles before their parent, releases, selectors and the needs graph
 * (Helmfile app.go visitStates).
 */
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import { discoverStateFiles, isStateFileName, type StateFileRef } from './discover.js';
import { glob, hasGlob } from './glob.js';
import { loadGoTemplateRenderer } from './gotemplate-renderer.js';
import { fetchRemote, isRemote } from './remote-source.js';
import { emptyEnv, loadStateFile, mergedValues, UndefinedEnvironmentError, type EnvAcc, type FileLoadContext, type ValueOverrides } from './load-file.js';
import type { LoadOptions } from './load-options.js';
import { mergeAll, type Plain } from './merge.js';
import { buildNeedsGraph, waves as computeWaves, widenSelection } from './needs.js';
import { buildReleases, type DeclaredIdentity } from './releases.js';
import type { TemplateRenderer } from './renderer.js';
import { DIR_LABEL, matchesAny, normalizeDir, parseSelector, selectorsCompatible, type Selector } from './selectors.js';
import { parseSetExpression } from './strvals.js';
import { environmentData } from './template-data.js';
import type { LoadedState, LoadedStateFile, Release, StateSpec, SubHelmfileSpec } from './types.js';
import { handleMissing, loadValuesEntries } from './values-entries.js';
import { declaredAt } from './field-location.js';


interface Visit {
  ref: StateFileRef;
  env: EnvAcc;
  overrides: ValueOverrides;
  /** Whether the file got values or an environment from outside (then an undefined env is fine). */
  given: boolean;
  /** Selectors in force for this file (OR-ed). */
  selectors: Selector[];
  /** Directory of the root state file, for the `dir` selector label. */
  rootDir: string;
  isRoot: boolean;
  parent?: number;
  inherited?: { keys: readonly string[]; from: StateSpec };
}

const INHERIT_MERGE: Record<string, (parent: unknown, child: unknown) => unknown> = {
  repositories: (p, c) => {
    const names = new Set(((c as { name: string }[] | undefined) ?? []).map((r) => r.name));
    return [...((p as { name: string }[] | undefined) ?? []).filter((r) => !names.has(r.name)), ...((c as unknown[] | undefined) ?? [])];
  },
  helmDefaults: (p, c) => ({ ...((p as object | undefined) ?? {}), ...((c as object | undefined) ?? {}) }),
  commonLabels: (p, c) => ({ ...((p as object | undefined) ?? {}), ...((c as object | undefined) ?? {}) }),
  templates: (p, c) => ({ ...((p as object | undefined) ?? {}), ...((c as object | undefined) ?? {}) }),
  apiVersions: (p, c) => ((c as unknown[] | undefined)?.length ? c : p),
  kubeVersion: (p, c) => c || p,
};

function lockFileName(absPath: string): string {
  let base = absPath.split('/').pop() ?? 'helmfile.yaml';
  base = base.replace(/\.gotmpl$/, '').replace(/\.ya?ml$/, '');
  return `${base === '-' ? 'helmfile' : base}.lock`;
}

/**
 * Loads the releases file(s) named by `opts.file` (or discovered in cwd) for one environment.
 * @throws UserError with file:line on malformed input, an undefined environment, a needs
 *   cycle, a bad selector; with exitCode 3 when no release matches the selectors (unless
 *   `allowNoMatchingRelease`).
 */
export async function loadState(opts: LoadOptions, deps: Deps): Promise<LoadedState> {
  const cwd = opts.cwd ?? deps.cwd;
  const envName = opts.environment || 'default';
  let engine: TemplateRenderer | undefined = opts.renderer;
  if (!engine) engine = await loadGoTemplateRenderer(deps);
  const renderer = (): TemplateRenderer => engine as TemplateRenderer;
  const namespaceOverride = opts.namespace ?? '';
  const fctx: FileLoadContext = {
    deps,
    renderer,
    envName,
    namespaceOverride,
    renderYaml: deps.env.HELMFILE_RENDER_YAML === 'true',
    helperCache: new Map(),
    strict: opts.strict ?? false,
    warnedV0: new Set(),
    ...(opts.traceEnvironmentValues ? { traceEnvironmentValues: opts.traceEnvironmentValues } : {}),
    ...(opts.traceDocument ? { traceDocument: opts.traceDocument } : {}),
  };

  const cliSelectors: Selector[] = (opts.selectors ?? []).map(parseSelector);
  const cliSets = [
    ...(opts.stateValuesSet ?? []).flatMap((s) => parseSetExpression(s, false)),
    ...(opts.stateValuesSetString ?? []).flatMap((s) => parseSetExpression(s, true)),
  ];
  const roots = discoverStateFiles(deps.fs, cwd, opts.file, { ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}), ...(opts.reverse ? { reverse: true } : {}) });
  // Helmfile reads --state-values-file after changing into the state file's directory; a
  // path that only exists relative to the working directory is accepted too.
  const stateDir = roots[0] && roots[0].path !== '-' ? dirname(roots[0].absPath) : cwd;
  const cliFiles = (opts.stateValuesFiles ?? []).map((f) =>
    isAbsolute(f) || deps.fs.exists(resolve(stateDir, f)) || !deps.fs.exists(resolve(cwd, f)) ? f : resolve(cwd, f),
  );
  const cliLayers: Plain[] = cliFiles.length
    ? [
        mergeAll(
          loadValuesEntries(
            { deps, baseDir: stateDir, renderer, data: environmentData(envName, '', {}, namespaceOverride), missingFileHandler: 'Error', what: '--state-values-file', environment: envName },
            cliFiles,
          ),
          'replace',
        ),
      ]
    : [];
  const cliOverrides: ValueOverrides = { layers: cliLayers, sets: cliSets };
  const cliGiven = cliLayers.length > 0 || cliSets.length > 0;

  const files: LoadedStateFile[] = [];
  let envSkipped = 0;
  // With several root files (helmfile.d), files without the environment are skipped; it
  // is an error only when none of them defines it.
  const undefinedRoots: { path: string; defined: string[] }[] = [];
  let singleRoot = true;

  const visit = (v: Visit): number | undefined => {
    const dir = dirname(v.ref.absPath);
    let loaded;
    try {
      const failFast = !v.isRoot || !singleRoot;
      loaded = loadStateFile(fctx, { display: v.ref.path, absPath: v.ref.absPath, ...(v.ref.text !== undefined ? { text: v.ref.text } : {}) }, dir, v.env, v.overrides, true, failFast);
    } catch (e) {
      // Helmfile skips a sub-helmfile whose environments do not include the one asked for
      // (and, with several root files, such a root file).
      if (e instanceof UndefinedEnvironmentError) {
        if (v.isRoot) undefinedRoots.push({ path: v.ref.path, defined: e.defined });
        envSkipped++;
        deps.logger.debug(`skipping ${v.ref.path}: environment "${envName}" is not defined there`);
        return undefined;
      }
      throw e;
    }
    if (envName !== 'default' && !loaded.env.defined) {
      if (v.isRoot && !v.given && singleRoot) {
        const defined = Object.keys(loaded.spec.environments ?? {});
        throw new UserError(`environment "${envName}" is not defined`, {
          location: { file: v.ref.path },
          environment: envName,
          hint: defined.length ? `defined environments: ${defined.join(', ')}` : 'add it under environments:',
        });
      }
      if (!v.given) {
        if (v.isRoot) undefinedRoots.push({ path: v.ref.path, defined: Object.keys(loaded.spec.environments ?? {}) });
        envSkipped++;
        deps.logger.debug(`skipping ${v.ref.path}: environment "${envName}" is not defined there`);
        return undefined;
      }
    }
    let spec: StateSpec = loaded.spec;
    if (v.inherited) {
      const s: Record<string, unknown> = { ...spec };
      for (const k of v.inherited.keys) {
        const merge = INHERIT_MERGE[k];
        if (merge) s[k] = merge((v.inherited.from as Record<string, unknown>)[k], s[k]);
      }
      spec = s as StateSpec;
    }

    // Sub-helmfiles first (Helmfile visits them before the parent's releases).
    const children: number[] = [];
    (spec.helmfiles ?? []).forEach((h: SubHelmfileSpec, i) => {
      for (const ref of subHelmfileRefs(h, i, v.ref, dir, spec)) {
        const parentValues = mergedValues(loaded.env, v.overrides);
        const layers = h.values?.length
          ? [
              mergeAll(
                loadValuesEntries(
                  { deps, baseDir: dir, renderer, data: environmentData(envName, loaded.env.kubeContext, parentValues, namespaceOverride), helpers: loaded.helpers, what: `helmfiles[${i}].values`, environment: envName },
                  h.values,
                ),
                'replace',
              ),
            ]
          : [];
        const inheritsEnv = h.inherits?.includes('environments') ?? false;
        const childEnv: EnvAcc = inheritsEnv ? { kubeContext: loaded.env.kubeContext, defaults: {}, values: parentValues, defined: true } : emptyEnv();
        // Explicit selectors replace the parent's; a sub-helmfile whose selectors cannot
        // match together with the ones in force is skipped (Helmfile #2544).
        const own = h.selectors && !h.selectorsInherited ? h.selectors.map(parseSelector) : undefined;
        if (own && !selectorsCompatible(v.selectors, own)) {
          deps.logger.debug(`skipping ${ref.path}: its selectors ${h.selectors?.join(' ')} conflict with ${v.selectors.map((x) => x.text).join(' ')}`);
          continue;
        }
        const selectors = own ?? v.selectors;
        const idx = visit({
          ref,
          env: childEnv,
          overrides: { layers: [...cliOverrides.layers, ...layers], sets: cliOverrides.sets },
          given: cliGiven || layers.length > 0 || inheritsEnv,
          selectors,
          rootDir: v.rootDir,
          isRoot: false,
          ...(h.inherits?.length ? { inherited: { keys: h.inherits, from: spec } } : {}),
        });
        if (idx !== undefined) children.push(idx);
      }
    });

    const fileIndex = files.length;
    const { releases, declared } = buildReleases(loaded, spec, {
      renderer,
      envName,
      namespaceOverride,
      kubeContextOverride: opts.kubeContext ?? '',
      chartOverride: opts.chart ?? '',
      fileIndex,
    });
    // The `dir` label (matching only): the file's directory relative to the root file's.
    const relDir = normalizeDir(relative(v.rootDir, dir) || '.');
    const dirLabel = relDir === '..' || relDir.startsWith('../') || relDir.startsWith('/') ? undefined : relDir;
    const edges = buildNeedsGraph(releases.map((r, i) => ({ ...(declared[i] as DeclaredIdentity), needs: r.spec.needs ?? [], location: r.source })));
    releases.forEach((r, i) => {
      r.needs = (edges[i] ?? []).map((j) => (releases[j] as Release).id);
      // A user-defined `dir` label is always shadowed by the automatic one (or dropped).
      const forMatch: Record<string, string> = { ...r.labels };
      if (dirLabel === undefined) delete forMatch[DIR_LABEL];
      else forMatch[DIR_LABEL] = dirLabel;
      r.matched = matchesAny(forMatch, v.selectors);
    });
    let sel = new Set<number>();
    releases.forEach((r, i) => {
      if (r.matched && r.enabled) sel.add(i);
    });
    const selecting = v.selectors.length > 0;
    // --skip-needs=false alone includes the direct needs, like --include-needs.
    if (selecting && (opts.includeNeeds || opts.includeTransitiveNeeds || opts.skipNeeds === false)) {
      sel = widenSelection(sel, edges, opts.includeTransitiveNeeds ?? false);
    }
    checkDuplicates([...sel].map((i) => releases[i] as Release));
    const waveIdx = computeWaves([...sel], edges);
    const waves = waveIdx.map((w) => w.map((i) => releases[i] as Release));
    const st = spec;
    const file: LoadedStateFile = {
      path: v.ref.path,
      absPath: v.ref.absPath,
      filePath: v.ref.path === '-' ? '-' : basename(v.ref.absPath),
      dir,
      spec: { ...st, releases: releases.map((r) => r.spec) },
      environment: { name: envName, kubeContext: loaded.env.kubeContext, values: loaded.values, ...(loaded.env.secrets ? { secrets: loaded.env.secrets } : {}) },
      helmDefaults: { ...(st.helmDefaults ?? {}) },
      repositories: st.repositories ?? [],
      commonLabels: st.commonLabels ?? {},
      lockFilePath: st.lockFilePath ?? lockFileName(v.ref.absPath),
      apiVersions: st.apiVersions ?? [],
      kubeVersion: st.kubeVersion ?? '',
      ...(st.helmBinary ? { helmBinary: st.helmBinary } : {}),
      ...(st.kustomizeBinary ? { kustomizeBinary: st.kustomizeBinary } : {}),
      hooks: st.hooks ?? [],
      releases,
      selected: waves.flat(),
      waves,
      children,
      selectors: v.selectors.map((x) => x.text),
      ...(loaded.promotion ? { promotion: loaded.promotion } : {}),
    };
    files.push(file);
    for (const c of children) (files[c] as LoadedStateFile).parent = fileIndex;
    return fileIndex;
  };

  const subHelmfileRefs = (h: SubHelmfileSpec, i: number, parent: StateFileRef, dir: string, spec: StateSpec): StateFileRef[] => {
    const p = h.path;
    // go-getter sources are fetched into Helmfile's cache (src/state/remote-source.ts).
    if (isRemote(p) || /^[a-z0-9]+::/i.test(p)) {
      const local = fetchRemote(deps, p, { what: `helmfiles[${i}]`, location: { file: parent.path }, environment: envName });
      return [{ path: p, absPath: local }];
    }
    if (/^oci:\/\//.test(p)) {
      throw new UserError(`remote sub-helmfile ${p} is not supported`, { location: { file: parent.path }, hint: 'check the file out locally and refer to its path' });
    }
    const abs = isAbsolute(p) ? p : resolve(dir, p);
    const display = (a: string): string => (parent.path === '-' || isAbsolute(p) ? a : normalize(join(dirname(parent.path), relative(dir, a))));
    const st = hasGlob(p) ? undefined : deps.fs.stat(abs);
    // A directory is read like `-f DIR`: its *.y*ml(.gotmpl) files, sorted.
    const found = hasGlob(p)
      ? glob(deps.fs, abs)
      : st?.isDir
        ? deps.fs
            .readDir(abs)
            .filter((e) => !e.isDir && isStateFileName(e.name))
            .map((e) => join(abs, e.name))
            .sort()
        : st?.isFile
          ? [abs]
          : [];
    if (!found.length) {
      handleMissing(deps, spec.missingFileHandler ?? 'Warn', `helmfiles[${i}]: no file matches ${p} (from ${parent.path})`, declaredAt(h) ?? { file: parent.path }, envName);
    }
    return found.map((a) => ({ path: display(a), absPath: a }));
  };

  singleRoot = roots.length === 1;
  for (const ref of roots) visit({ ref, env: emptyEnv(), overrides: cliOverrides, given: false, selectors: cliSelectors, rootDir: dirname(ref.absPath), isRoot: true });
  if (!cliGiven && undefinedRoots.length === roots.length && roots.length > 1) {
    const defined = [...new Set(undefinedRoots.flatMap((r) => r.defined))];
    throw new UserError(`environment "${envName}" is not defined in any of ${roots.map((r) => r.path).join(', ')}`, {
      environment: envName,
      hint: defined.length ? `defined environments: ${defined.join(', ')}` : 'add it under environments:',
    });
  }

  const releases = files.flatMap((f) => f.releases);
  const selected = files.flatMap((f) => f.selected);
  if (selected.length === 0 && !opts.allowNoMatchingRelease && (cliSelectors.length > 0 || (envSkipped > 0 && releases.length === 0))) {
    throw new UserError(`no releases found that matches specified selector(${(opts.selectors ?? []).join(', ')}) and environment(${envName}), in any helmfile`, {
      exitCode: 3,
      environment: envName,
      hint: 'check the -l selectors and -e environment, or pass --allow-no-matching-release',
    });
  }
  return { environmentName: envName, files, releases, selected, overrides: { namespace: namespaceOverride, kubeContext: opts.kubeContext ?? '', chart: opts.chart ?? '' } };
}

/** Helmfile's checkDuplicates over the selected releases (duplicates elsewhere are fine). */
function checkDuplicates(releases: Release[]): void {
  const groups = new Map<string, Release[]>();
  for (const r of releases) {
    const g = groups.get(r.id);
    if (g) g.push(r);
    else groups.set(r.id, [r]);
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const r = g[1] as Release;
    const where = `${r.namespace ? ` in namespace "${r.namespace}"` : ''}${r.kubeContext ? ` in kubecontext "${r.kubeContext}"` : ''}`;
    throw new UserError(`duplicate release "${r.name}" found${where}: there were ${g.length} releases named "${r.name}" matching specified selector`, {
      location: r.source,
      release: r.id,
      hint: `also declared at ${(g[0] as Release).source.file}:${(g[0] as Release).source.line ?? '?'}; rename one, or select only one with -l`,
    });
  }
}
