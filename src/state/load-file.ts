/**
 * Loads ONE state file (root, helmfile.d entry, base or sub-helmfile): `---` parts rendered
 * in order with the environment accumulated so far (v1), `bases:` layered under the part
 * that names them, environment and top-level values loaded per part (create.go
 * LoadEnvValues), CLI/parent overrides on top (inventory §3.1, §3.3).
 */
import { basename, dirname, resolve } from 'node:path';
import type { Deps, FileSystem } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import { clone, mergeAll, mergeValues, setAtPath, type Plain } from './merge.js';
import { splitParts, type StatePart } from './parts.js';
import type { TracedDocument } from './load-options.js';
import type { HelperTemplate, TemplateRenderer } from './renderer.js';
import { decodeObject, stateFields } from './schema.js';
import { validateEnums } from './validate-enums.js';
import { mergeStateSpecs } from './state-merge.js';
import type { SetAssignment } from './strvals.js';
import { environmentData } from './template-data.js';
import type { EnvironmentValuesLayer, PromotionDeclaration, SourcePos, StateSpec } from './types.js';
import { loadEnvironmentSecrets } from './environment-secrets.js';
import { loadValuesEntries, loadValuesLayers } from './values-entries.js';
import { keyLocations, recordDeclaration } from './field-location.js';
import { normalizeDeprecatedKeys } from './deprecated-keys.js';
import { fileLayout, needsFirstPass } from './v0-layout.js';
import { parseYamlSource } from './yaml-source.js';

/** What every file load shares. */
export interface FileLoadContext {
  deps: Deps;
  renderer: () => TemplateRenderer;
  envName: string;
  /** `--namespace` ('' when none): `.Namespace` in templates. */
  namespaceOverride: string;
  /** HELMFILE_RENDER_YAML=true: render plain `.yaml` files too. */
  renderYaml: boolean;
  /** Cache of `_*.tpl` helpers per directory. */
  helperCache: Map<string, HelperTemplate[]>;
  /** Receives each environment values layer in layering order (LoadOptions.traceEnvironmentValues). */
  traceEnvironmentValues?: (layer: EnvironmentValuesLayer) => void;
  /** Receives each part's rendered text before it is decoded (LoadOptions.traceDocument). */
  traceDocument?: (doc: TracedDocument) => void;
  /** `--strict`: Helmfile v1's layout rules are errors instead of v0-layout warnings. */
  strict: boolean;
  /** State files already warned about as v0 layouts. */
  warnedV0: Set<string>;
}

/** Environment accumulated across parts. */
export interface EnvAcc {
  kubeContext: string;
  /** Top-level `values:` (Helmfile's Defaults). */
  defaults: Plain;
  /** `environments.<env>.values`. */
  values: Plain;
  /** Whether some part defined the environment. */
  defined: boolean;
  /** The decrypted `environments.<env>.secrets` merged so far (in memory only: for masking). */
  secrets?: Plain;
}

/** Values given from outside the file: `--state-values-*` or `helmfiles[].values`. */
export interface ValueOverrides {
  /** Maps merged over the environment values, in order. */
  layers: Plain[];
  /** `--state-values-set` assignments applied last (index-wise into arrays). */
  sets: SetAssignment[];
}

/** One loaded file. */
export interface LoadedFile {
  display: string;
  absPath: string;
  dir: string;
  spec: StateSpec;
  env: EnvAcc;
  /** `.Values` after all layers and overrides. */
  values: Plain;
  /** Declaration of each release object in `spec.releases`. */
  positions: WeakMap<object, SourcePos>;
  helpers: HelperTemplate[];
  /** `promotion:` of the last part (or base) declaring it. */
  promotion?: PromotionDeclaration;
}

/** A sub-helmfile's part defines environments but not the one asked for: Helmfile skips the file. */
export class UndefinedEnvironmentError extends UserError {
  /** Environments the file does define. */
  defined: string[] = [];
}

export function emptyEnv(): EnvAcc {
  return { kubeContext: '', defaults: {}, values: {}, defined: false };
}

/** `.Values` for an accumulated environment. */
export function mergedValues(env: EnvAcc, overrides: ValueOverrides): Plain {
  let vals: unknown = env.values;
  for (const l of overrides.layers) vals = mergeValues(vals, l, 'sparse');
  const out = mergeValues(env.defaults, vals, 'sparse') as Plain;
  for (const s of overrides.sets) setAtPath(out, s.path, clone(s.value));
  return out;
}

/** `_*.tpl` files of a directory, sorted. */
export function helpersOf(fs: FileSystem, dir: string, cache?: Map<string, HelperTemplate[]>): HelperTemplate[] {
  const cached = cache?.get(dir);
  if (cached) return cached;
  let found: HelperTemplate[] = [];
  try {
    found = fs
      .readDir(dir)
      .filter((e) => e.isFile && /^_.*\.tpl$/.test(e.name))
      .map((e) => ({ name: e.name, text: fs.readFile(resolve(dir, e.name)) }));
  } catch {
    found = [];
  }
  cache?.set(dir, found);
  return found;
}

function renderError(e: unknown, display: string, part: number, multi: boolean, lineOffset: number, text: string): UserError {
  if (e instanceof UserError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const m = /:(\d+)(?::\d+)?:/.exec(msg);
  let line = m ? Number(m[1]) + lineOffset : undefined;
  // Go reports an unclosed action where the text ends; the mistake is where it opens.
  const opened = /unclosed action$/.test(msg) ? unclosedActionLine(text) : undefined;
  if (opened !== undefined) line = opened + lineOffset;
  return new UserError(`template error: ${msg}`, {
    location: { file: display, ...(multi ? { part } : {}), ...(line !== undefined ? { line } : {}) },
    hint: templateHint(msg),
    cause: e,
  });
}

/** The 1-based line of the last `{{` that no `}}` closes, if any. */
function unclosedActionLine(text: string): number | undefined {
  let open = -1;
  let i = 0;
  while ((i = text.indexOf('{{', i)) >= 0) {
    const close = text.indexOf('}}', i + 2);
    if (close < 0) {
      open = i;
      break;
    }
    i = close + 2;
  }
  return open < 0 ? undefined : text.slice(0, open).split('\n').length;
}

/** The next step for a template error in a state file, by what went wrong. */
function templateHint(msg: string): string {
  if (/unclosed action/.test(msg)) return 'close the action with }} (an action may span lines, but must end)';
  const fn = /function "([^"]+)" not defined/.exec(msg);
  if (fn) return `"${fn[1]}" is not a template function (sprig, helm and helmfile functions are); check its spelling`;
  const key = /map has no entry for key "([^"]+)"/.exec(msg);
  if (key) return `define "${key[1]}" in the environment's values, or read it with a default: {{ .Values | get "${key[1]}" "fallback" }}`;
  if (/error calling required/.test(msg)) return 'set the value the template requires (environment values, or --state-values-set)';
  return 'in a .gotmpl state file, escape release templates as {{`{{ .Release.Name }}`}}';
}

/**
 * Applies one (layered) part's environment and top-level values to the accumulator.
 * @param traceFile the state file whose layers are reported to ctx.traceEnvironmentValues (none for a base's own load).
 */
function applyEnvironment(ctx: FileLoadContext, acc: EnvAcc, spec: StateSpec, dir: string, helpers: HelperTemplate[], overrides: ValueOverrides, traceFile?: { absPath: string; display: string }, positions?: WeakMap<object, SourcePos>): EnvAcc {
  const entryAt = (owner: object | undefined, key: string) => (i: number) => (owner ? positions?.get(owner)?.keys?.[`${key}[${i}]`] : undefined);
  const data = environmentData(ctx.envName, acc.kubeContext, mergedValues(acc, overrides), ctx.namespaceOverride);
  const next: EnvAcc = { ...acc };
  const envSpec = spec.environments?.[ctx.envName];
  if (envSpec) {
    next.defined = true;
    const layers = loadValuesLayers(
      { deps: ctx.deps, baseDir: dir, renderer: ctx.renderer, data, helpers, missingFileHandler: envSpec.missingFileHandler ?? 'Error', what: `environment "${ctx.envName}" values`, environment: ctx.envName, entryLocation: entryAt(envSpec, 'values') },
      envSpec.values,
    );
    // fallback: the first file wins, so merge in reverse.
    const ordered = envSpec.mergeStrategy === 'fallback' ? [...layers].reverse() : layers;
    if (traceFile && ctx.traceEnvironmentValues) {
      for (const l of ordered) {
        ctx.traceEnvironmentValues({ stateFile: traceFile.absPath, environment: ctx.envName, kind: l.kind, ...(l.absPath ? { absPath: l.absPath } : {}), display: l.display ?? traceFile.display, value: l.value });
      }
    }
    let envValues = mergeAll(ordered.map((l) => l.value), 'sparse');
    if (envSpec.secrets?.length) {
      // Helmfile's loadEnvValues: decrypted secrets are merged over the values, whatever the order.
      const secrets = loadEnvironmentSecrets(
        { deps: ctx.deps, baseDir: dir, missingFileHandler: envSpec.missingFileHandler ?? 'Error', what: `environment "${ctx.envName}" secrets`, environment: ctx.envName },
        envSpec.secrets,
      );
      envValues = mergeValues(envValues, secrets, 'sparse') as Plain;
      next.secrets = mergeValues(acc.secrets ?? {}, secrets, 'sparse') as Plain;
    }
    next.values = mergeValues(acc.values, envValues, 'sparse') as Plain;
    if (envSpec.kubeContext) next.kubeContext = envSpec.kubeContext;
  }
  if (spec.values?.length) {
    // Top-level values have no handler of their own: a missing file is an error (the
    // state-level missingFileHandler is for sub-helmfiles).
    const maps = loadValuesEntries(
      { deps: ctx.deps, baseDir: dir, renderer: ctx.renderer, data, helpers, missingFileHandler: 'Error', what: 'values', environment: ctx.envName, entryLocation: entryAt(spec, 'values') },
      spec.values,
    );
    next.defaults = mergeValues(acc.defaults, mergeAll(maps, 'sparse'), 'sparse') as Plain;
  }
  return next;
}

/**
 * Loads a file's parts into a spec plus its accumulated environment.
 * @param baseDir directory relative paths resolve against (a base uses its includer's).
 * @param evaluateBases false for a base: bases of bases are an error.
 */
export function loadStateFile(
  ctx: FileLoadContext,
  ref: { display: string; absPath: string; text?: string },
  baseDir: string,
  initialEnv: EnvAcc,
  overrides: ValueOverrides,
  evaluateBases = true,
  failOnUndefinedEnv = false,
): LoadedFile {
  let text: string;
  if (ref.text !== undefined) text = ref.text;
  else {
    try {
      text = ctx.deps.fs.readFile(ref.absPath);
    } catch (e) {
      throw new UserError(`cannot read state file ${ref.display}: ${(e as Error).message}`, { location: { file: ref.display }, cause: e });
    }
  }
  const parts = splitParts(text);
  const layout = fileLayout({ logger: ctx.deps.logger, strict: ctx.strict, renderYaml: ctx.renderYaml, warned: ctx.warnedV0 }, ref.display, ref.absPath, text, parts);
  const helpers = layout.render ? helpersOf(ctx.deps.fs, baseDir, ctx.helperCache) : [];
  const multi = parts.length > 1;
  const positions = new WeakMap<object, SourcePos>();
  let acc = initialEnv;
  let final: StateSpec = {};
  let promotion: PromotionDeclaration | undefined;
  const file: PartFile = { ref, baseDir, overrides, evaluateBases, multi, helpers };
  /** Environments the parts so far declare (for the undefined-environment error). */
  const declared = new Set<string>();

  for (const part of parts) {
    let partText = part.text;
    if (layout.render) {
      // v0 renders a part that declares environments twice: first leniently to learn them.
      const first = layout.v0 && needsFirstPass(part.text) ? firstPassEnv(ctx, file, part, acc) : { env: acc };
      const data = environmentData(ctx.envName, first.env.kubeContext, mergedValues(first.env, overrides), ctx.namespaceOverride);
      try {
        partText = ctx.renderer().render(partText, data, { name: partName(file, part), basePath: baseDir, helpers });
      } catch (e) {
        const err = renderError(e, ref.display, part.index, multi, part.lineOffset, part.text);
        // Issue 13 defect 3: `-e NAME` that no earlier part defines makes later templates miss
        // their values; the environment is what is wrong, so say that (Helmfile's UndefinedEnvError).
        if (ctx.envName !== 'default' && !acc.defined && declared.size > 0) throw undefinedEnvironment(ctx.envName, ref.display, [...declared], failOnUndefinedEnv, err.message);
        // The likelier cause: the first pass could not load the environment the template reads.
        if (first.error) throw new UserError(`${err.message} (the environment this part declares did not load: ${first.error})`, { ...(err.location ? { location: err.location } : {}), environment: ctx.envName, hint: 'fix the environment first', cause: e });
        throw err;
      }
    }
    if (partText.trim() === '') continue;
    ctx.traceDocument?.({ file: ref.display, absPath: ref.absPath, part: part.index, text: partText, lineOffset: part.lineOffset });
    const d = decodePart(ctx, file, part, partText, acc, positions);
    if (d.promotion) promotion = d.promotion;
    acc = applyEnvironment(ctx, acc, d.layered, baseDir, helpers, overrides, evaluateBases ? ref : undefined, positions);
    for (const name of Object.keys(d.layered.environments ?? {})) declared.add(name);
    if (failOnUndefinedEnv && ctx.envName !== 'default' && !acc.defined && Object.keys(d.layered.environments ?? {}).length > 0) {
      const err = new UndefinedEnvironmentError(`environment "${ctx.envName}" is not defined`, { location: { file: ref.display }, environment: ctx.envName });
      err.defined = Object.keys(d.layered.environments ?? {});
      throw err;
    }
    final = mergeStateSpecs(final, d.layered, 'parts');
  }
  return { display: ref.display, absPath: ref.absPath, dir: baseDir, spec: final, env: acc, values: mergedValues(acc, overrides), positions, helpers, ...(promotion ? { promotion } : {}) };
}

/**
 * The environment asked for is defined by no part read so far. A sub-helmfile (or one of
 * several root files) is then skipped, as Helmfile skips it: {@link UndefinedEnvironmentError}.
 */
function undefinedEnvironment(envName: string, display: string, defined: string[], skippable: boolean, templateError: string): UserError {
  const message = `environment "${envName}" is not defined`;
  const hint = `defined environments: ${defined.join(', ')} (rendering the next part failed without it: ${templateError})`;
  if (skippable) {
    const err = new UndefinedEnvironmentError(message, { location: { file: display }, environment: envName, hint });
    err.defined = defined;
    return err;
  }
  return new UserError(message, { location: { file: display }, environment: envName, hint });
}

/** What every part of one file shares. */
interface PartFile {
  ref: { display: string; absPath: string };
  baseDir: string;
  overrides: ValueOverrides;
  evaluateBases: boolean;
  multi: boolean;
  helpers: HelperTemplate[];
}

function partName(file: PartFile, part: StatePart): string {
  return `${basename(file.ref.display)}${file.multi ? ` part ${part.index}` : ''}`;
}

/**
 * Helmfile v0's first pass over a part (desiredStateLoader.renderPrestate): rendered
 * with missing keys as zero and exec/readFile disabled, as far as it renders; whatever
 * environment the output declares is loaded. Any failure leaves the environment as it was.
 */
function firstPassEnv(ctx: FileLoadContext, file: PartFile, part: StatePart, acc: EnvAcc): { env: EnvAcc; error?: string } {
  try {
    const data = environmentData(ctx.envName, acc.kubeContext, mergedValues(acc, file.overrides), ctx.namespaceOverride);
    const out = ctx.renderer().render(part.text, data, { name: partName(file, part), basePath: file.baseDir, helpers: file.helpers, preRender: true });
    const d = decodePart(ctx, file, part, out.replaceAll('<no value>', ''), acc, new WeakMap());
    return { env: applyEnvironment(ctx, acc, d.layered, file.baseDir, file.helpers, file.overrides) };
  } catch (e) {
    const msg = e instanceof UserError ? e.message + (e.location?.file ? ` (${e.location.file}${e.location.line ? `:${e.location.line}` : ''})` : '') : (e as Error).message;
    ctx.deps.logger.debug(`${file.ref.display}: first-pass rendering of part ${part.index} gave no environment: ${msg}`);
    return { env: acc, error: msg };
  }
}

/** One rendered part: decoded, validated, and layered over its `bases:`. */
function decodePart(ctx: FileLoadContext, file: PartFile, part: StatePart, partText: string, acc: EnvAcc, positions: WeakMap<object, SourcePos>): { layered: StateSpec; promotion?: PromotionDeclaration } {
  const { ref, baseDir, overrides } = file;
  const src = parseYamlSource(partText, { file: ref.display, ...(file.multi ? { part: part.index } : {}), lineOffset: part.lineOffset });
  const spec = decodeObject(src.value, stateFields, src, '') as StateSpec;
  validateEnums(spec, src.value, src, ref.display);
  let promotion = spec.promotion ? promotionDeclaration(spec, src) : undefined;
  const raw = (src.value ?? {}) as Record<string, unknown>;
  const item = (list: unknown, i: number) => (Array.isArray(list) ? list[i] : undefined);
  const declared = (spec.charts ?? []).map((r, i) => [r, src.locate(raw.charts, i), keyLocations(src, item(raw.charts, i))] as const);
  spec.releases?.forEach((r, i) => declared.push([r, src.locate(raw.releases, i), keyLocations(src, item(raw.releases, i))]));
  for (const [r, at, keys] of declared) positions.set(r, { ...at, absFile: ref.absPath, ...(keys ? { keys } : {}) });
  // Environments and the file itself, for the lines of their values entries.
  const rawEnvs = raw.environments as Record<string, unknown> | undefined;
  for (const [name, env] of Object.entries(spec.environments ?? {})) {
    const keys = keyLocations(src, rawEnvs?.[name]);
    if (env && typeof env === 'object') positions.set(env, { ...src.locate(rawEnvs, name), absFile: ref.absPath, ...(keys ? { keys } : {}) });
  }
  const rawRepos = raw.repositories;
  spec.repositories?.forEach((repo, i) => {
    const keys = keyLocations(src, item(rawRepos, i));
    if (repo && typeof repo === 'object') recordDeclaration(repo, { ...src.locate(rawRepos, i), absFile: ref.absPath, ...(keys ? { keys } : {}) });
  });
  spec.helmfiles?.forEach((h, i) => {
    if (h && typeof h === 'object') recordDeclaration(h, { ...src.locate(raw.helmfiles, i), absFile: ref.absPath });
  });
  const topKeys = keyLocations(src, raw);
  positions.set(spec, { ...src.locate(raw), absFile: ref.absPath, ...(topKeys ? { keys: topKeys } : {}) });
  normalizeDeprecatedKeys(spec, ref.display, ctx.deps.logger);
  if (!spec.bases?.length) return { layered: spec, ...(promotion ? { promotion } : {}) };
  if (!file.evaluateBases) {
    throw new UserError('nested `base` helmfile is unsupported', { location: src.locate(src.value, 'bases'), hint: 'move the nested bases into the including file' });
  }
  let acc2: StateSpec = {};
  const rawBases = (src.value as Record<string, unknown>).bases;
  spec.bases.forEach((b, bi) => {
    const abs = resolve(baseDir, b);
    if (!ctx.deps.fs.exists(abs)) {
      throw new UserError(`base file ${b} does not exist (looked at ${abs})`, { location: src.locate(rawBases, bi), hint: 'bases paths are relative to the including state file' });
    }
    const loaded = loadStateFile(ctx, { display: relDisplay(ref.display, b), absPath: abs }, baseDir, acc, overrides, false);
    for (const r of loaded.spec.releases ?? []) {
      const p = loaded.positions.get(r);
      if (p) positions.set(r, p);
    }
    acc2 = mergeStateSpecs(acc2, loaded.spec, 'bases');
    if (loaded.promotion && !promotion) promotion = loaded.promotion;
  });
  const own: StateSpec = { ...spec };
  delete own.bases;
  return { layered: mergeStateSpecs(acc2, own, 'bases'), ...(promotion ? { promotion } : {}) };
}

/** `promotion:` with the positions of the key and its entries (src/promote checks the entries against the whole state). */
function promotionDeclaration(spec: StateSpec, src: ReturnType<typeof parseYamlSource>): PromotionDeclaration {
  const raw = ((src.value ?? {}) as Record<string, unknown>).promotion as Record<string, unknown> | undefined;
  const at = (container: unknown, n: number) => Array.from({ length: n }, (_, i) => src.locate(container, i));
  const rawReleases = (raw?.releases ?? {}) as Record<string, Record<string, unknown> | null>;
  const p = spec.promotion!;
  return {
    spec: p,
    source: src.locate(src.value, 'promotion'),
    entries: {
      environments: at(raw?.environments, p.environments?.length ?? 0),
      values: at(raw?.values, p.values?.length ?? 0),
      releases: Object.fromEntries(Object.entries(p.releases ?? {}).map(([name, r]) => [name, at(rawReleases[name]?.values, r.values?.length ?? 0)])),
    },
  };
}

/** Display path of a base: joined onto the includer's directory as the user sees it. */
function relDisplay(includer: string, base: string): string {
  if (base.startsWith('/')) return base;
  const d = dirname(includer);
  if (d === '.' || includer === '-') return base;
  const joined = `${d}/${base}`;
  // Collapse `x/../` segments so paths read like the user's.
  const segs: string[] = [];
  for (const s of joined.split('/')) {
    if (s === '..' && segs.length && segs[segs.length - 1] !== '..') segs.pop();
    else if (s !== '.') segs.push(s);
  }
  return segs.join('/') || base;
}
