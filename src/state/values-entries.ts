/**
 * Loads `values:`-style lists (environment values, top-level values, helmfiles[].values,
 * --state-values-file): file paths (globs, `.gotmpl` rendered), or inline maps.
 * Missing files follow `missingFileHandler` (Error|Warn|Info|Debug).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Deps } from '../ports/index.js';
import { UserError, withContext, type SourceLocation } from '../errors/index.js';
import { glob, hasGlob } from './glob.js';
import { fetchRemote, isRemote } from './remote-source.js';
import { evaluateHclValues, type HclFile } from './hcl/evaluate.js';
import { clone, isPlainMap, type Plain } from './merge.js';
import type { TemplateRenderer } from './renderer.js';
import type { MissingFileHandler, ValuesEntry } from './types.js';
import { decodeValuesYaml } from './values-codec.js';

/** How to load one list of entries. */
export interface ValuesLoadContext {
  deps: Deps;
  /** Directory relative paths resolve against. */
  baseDir: string;
  /** Renders `.gotmpl` files. */
  renderer: () => TemplateRenderer;
  /** Data for `.gotmpl` files. */
  data: unknown;
  /** `_*.tpl` helpers of the state file's directory. */
  helpers?: { name: string; text: string }[];
  missingFileHandler?: MissingFileHandler;
  /** Where the list is declared, for messages. */
  location?: SourceLocation;
  /** Where entry `i` of the list is written (falls back to `location`). */
  entryLocation?: (i: number) => SourceLocation | undefined;
  /** e.g. `environment "prod" values`. */
  what: string;
  environment?: string;
}

const REMOTE = /^(git::|https?:\/\/|s3::|s3:\/\/|gs:\/\/|oci:\/\/|ref\+)/;

/** Reports a missing file as the handler says; returns normally unless the handler is Error. */
export function handleMissing(deps: Deps, handler: MissingFileHandler | undefined, message: string, location?: SourceLocation, environment?: string): void {
  switch (handler ?? 'Error') {
    case 'Warn':
      deps.logger.warn(message);
      return;
    case 'Info':
      deps.logger.info(message);
      return;
    case 'Debug':
      deps.logger.debug(message);
      return;
    default:
      throw new UserError(message, {
        ...(location ? { location } : {}),
        ...(environment ? { environment } : {}),
        hint: 'fix the path, or set missingFileHandler: Warn to skip missing files',
      });
  }
}

/** Resolves one path entry to existing absolute files (a glob may give several; a missing file none). */
export function resolveValuesPaths(ctx: Pick<ValuesLoadContext, 'deps' | 'baseDir' | 'missingFileHandler' | 'location' | 'what' | 'environment'>, entry: string): string[] {
  // go-getter sources (git::…, http(s)://…) are fetched into the cache; s3:: and others say why not.
  if (isRemote(entry) || /^[a-z0-9]+::/i.test(entry)) {
    return [fetchRemote(ctx.deps, entry, { what: ctx.what, ...(ctx.location ? { location: ctx.location } : {}), ...(ctx.environment ? { environment: ctx.environment } : {}) })];
  }
  if (REMOTE.test(entry)) {
    throw new UserError(`remote values file ${entry} is not supported`, {
      ...(ctx.location ? { location: ctx.location } : {}),
      hint: 'download the file and refer to a local path',
    });
  }
  const abs = isAbsolute(entry) ? entry : resolve(ctx.baseDir, entry);
  if (hasGlob(entry)) {
    const found = glob(ctx.deps.fs, abs);
    if (!found.length) handleMissing(ctx.deps, ctx.missingFileHandler, `no file matches ${entry} in ${ctx.what}`, ctx.location, ctx.environment);
    return found;
  }
  if (!ctx.deps.fs.stat(abs)?.isFile) {
    handleMissing(ctx.deps, ctx.missingFileHandler, `${ctx.what}: file ${entry} does not exist (looked at ${abs})`, ctx.location, ctx.environment);
    return [];
  }
  return [abs];
}

/**
 * Reads one values file, rendering it first when it ends in `.gotmpl` — with the file's
 * own directory as the base path of readFile/exec/…, as Helmfile does (envvals loader).
 */
export function readValuesFile(ctx: ValuesLoadContext, abs: string, display: string): Plain {
  let text = ctx.deps.fs.readFile(abs);
  if (abs.endsWith('.gotmpl')) {
    try {
      text = ctx.renderer().render(text, ctx.data, { name: display, basePath: dirname(abs), ...(ctx.helpers ? { helpers: ctx.helpers } : {}) });
    } catch (e) {
      if (e instanceof UserError) throw e;
      const m = /:(\d+)(?::\d+)?:/.exec((e as Error).message);
      throw new UserError(`failed to render values file: ${(e as Error).message}`, {
        location: { file: display, ...(m ? { line: Number(m[1]) } : {}) },
        ...(ctx.environment ? { environment: ctx.environment } : {}),
        hint: 'fix the template at this line (a missing key? use default, or define it in the environment values)',
        cause: e,
      });
    }
  }
  try {
    return decodeValuesYaml(text, { file: display });
  } catch (e) {
    throw withContext(e, { ...(ctx.environment ? { environment: ctx.environment } : {}), hint: 'fix the YAML syntax of this values file at this line' });
  }
}

/** One loaded entry and where it came from (for `helmsync promote`, which writes keys back). */
export interface ValuesLayer {
  value: Plain;
  /** `file`: YAML; `template`: a rendered `.gotmpl`; `hcl`: all `.hcl` files of the list, evaluated together; `inline`: a map. */
  kind: 'file' | 'template' | 'hcl' | 'inline';
  /** Absolute path (the first file for `hcl`; none for `inline`). */
  absPath?: string;
  /** Path as written (or found by a glob). */
  display?: string;
}

/**
 * Loads every entry, in order, as maps (inline maps are cloned). `.hcl` files are
 * evaluated together and their result comes last, so HCL wins over YAML for the same key
 * (Helmfile's environment values loader).
 */
export function loadValuesEntries(ctx: ValuesLoadContext, entries: readonly ValuesEntry[] | undefined): Plain[] {
  return loadValuesLayers(ctx, entries).map((l) => l.value);
}

/** {@link loadValuesEntries} with the origin of each map. */
export function loadValuesLayers(ctx: ValuesLoadContext, entries: readonly ValuesEntry[] | undefined): ValuesLayer[] {
  const out: ValuesLayer[] = [];
  const hcl: HclFile[] = [];
  let firstHcl: string | undefined;
  for (const [i, entry] of (entries ?? []).entries()) {
    if (typeof entry === 'string') {
      const at = ctx.entryLocation?.(i);
      for (const abs of resolveValuesPaths(at ? { ...ctx, location: at } : ctx, entry)) {
        const display = entry === abs || hasGlob(entry) ? abs : entry;
        if (abs.endsWith('.hcl')) {
          firstHcl ??= abs;
          hcl.push({ path: display, text: ctx.deps.fs.readFile(abs) });
        } else out.push({ value: readValuesFile(ctx, abs, display), kind: abs.endsWith('.gotmpl') ? 'template' : 'file', absPath: abs, display });
      }
    } else if (isPlainMap(entry)) {
      out.push({ value: clone(entry), kind: 'inline' });
    }
  }
  if (hcl.length) out.push({ value: evaluateHclValues(hcl), kind: 'hcl', absPath: firstHcl!, display: hcl[0]!.path });
  return out;
}
