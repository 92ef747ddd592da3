/**
 * One-shot rendering with helmfile's settings, in the contract of the corpus runner
 * (shared/corpus/gotemplate/run-corpus.mjs): name, missingkey option, extra functions,
 * YAML-sourced data, helmfile's data shape and in-memory files.
 */
import { builtinFuncMap, parseGoYaml, sprigFuncMap } from './functions/index.js';
import { goTypeName } from './types.js';
import { Template, type MissingKey } from './template.js';
import type { FuncMap, GoFunc, GoObject, TemplateHost } from './value.js';

/** Options of {@link render}. */
export interface RenderOptions {
  /** Template name used in error messages; default `stringTemplate`. */
  name?: string;
  /** `missingkey=default|invalid|zero|error`. */
  option?: string;
  /** Extra functions (each may carry `goSig`). */
  funcs?: Record<string, GoFunc>;
  /** YAML the data came from; decoded with Go's YAML rules when given. */
  dataYaml?: string;
  /** Wrap the values in helmfile's EnvironmentTemplateData. */
  helmfileData?: boolean;
  /** In-memory files for readFile and friends. */
  files?: Record<string, string>;
  /** Environment seen by env/expandenv/requiredEnv (the engine never reads process.env). */
  env?: Record<string, string>;
  /** Host services; when absent one is built from `files` and `env`. */
  host?: TemplateHost;
  /** Function map; default the full sprig + helmfile map. */
  funcMap?: FuncMap;
  /**
   * Corpus the row comes from. `go-exec` rows were produced by plain text/template
   * (builtins only), `sprig` rows by sprig's own map (where `get` is sprig's, not
   * helmfile's), so each renders with the function map it was generated with.
   */
  corpus?: string;
}

function defaultFuncMap(opts: RenderOptions, host: TemplateHost): FuncMap {
  if (opts.funcMap) return opts.funcMap;
  if (opts.corpus === 'go-exec') return {};
  if (opts.corpus === 'sprig') return sprigFuncMap(host);
  return builtinFuncMap(host);
}

/** A Go struct value exposing exported fields by name. */
export class GoStruct implements GoObject {
  readonly goKind: string;
  constructor(
    readonly goType: string,
    private readonly fields: Record<string, unknown>,
  ) {
    this.goKind = goType.startsWith('*') ? 'ptr' : 'struct';
  }
  goField(name: string): unknown {
    return Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
  }
  goFields(): [string, unknown][] {
    return Object.entries(this.fields);
  }
}

/** helmfile's `*state.EnvironmentTemplateData` for a values map. */
export function helmfileTemplateData(values: unknown, envName = 'default'): GoStruct {
  const v = values !== null && typeof values === 'object' && !Array.isArray(values) ? values : {};
  const env = new GoStruct('state.Environment', { Name: envName, KubeContext: '', Values: v, Defaults: {}, CLIOverrides: {} });
  return new GoStruct('*state.EnvironmentTemplateData', { Environment: env, Namespace: '', Values: v, StateValues: v });
}

function memoryHost(files: Record<string, string> | undefined, environment: Record<string, string> | undefined): TemplateHost {
  const fs = files ?? {};
  const vars = environment ?? {};
  return {
    basePath: '.',
    readFile(path: string): string {
      const p = path.replace(/^\.\//, '');
      if (!Object.hasOwn(fs, p)) throw new Error(`open ${path}: no such file or directory`);
      return fs[p];
    },
    readDir(path: string) {
      const prefix = path.replace(/^\.\//, '').replace(/\/?$/, '/');
      return Object.keys(fs)
        .filter((f) => f.startsWith(prefix === './' || prefix === '/' ? '' : prefix))
        .map((f) => ({ name: f.split('/').pop()!, isDir: false }));
    },
    stat(path: string) {
      const p = path.replace(/^\.\//, '');
      if (Object.hasOwn(fs, p)) return { isFile: true, isDir: false };
      if (Object.keys(fs).some((f) => f.startsWith(p + '/'))) return { isFile: false, isDir: true };
      return undefined;
    },
    env: (name: string) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
    exec(): string {
      throw new Error('exec is not available in this renderer');
    },
    insecureDisabled: false,
  };
}

/** The engine's own `typeOf` (fmt `%T`) for test function maps. */
const typeOf: GoFunc = Object.assign((v: unknown) => goTypeName(v), { goSig: 'func(interface {}) string' });

function decodeData(data: unknown, opts: RenderOptions): unknown {
  if (opts.dataYaml === undefined) return data;
  try {
    const decoded = parseGoYaml(opts.dataYaml);
    return opts.helmfileData ? helmfileTemplateData(decoded) : decoded;
  } catch {
    return data;
  }
}

function reshape(data: unknown, opts: RenderOptions): unknown {
  if (!opts.helmfileData) return data;
  // The corpus runner already wrapped the values as a plain object; give it struct semantics.
  if (data && typeof data === 'object' && 'Values' in data) return helmfileTemplateData((data as { Values: unknown }).Values);
  return helmfileTemplateData(data);
}

/** Options of {@link newHelmfileTemplate}. */
export interface HelmfileTemplateOptions {
  /** I/O for readFile, exec, env… (built from Deps by the caller). */
  host: TemplateHost;
  /** `_*.tpl` helper files of the base directory, in sorted glob order. */
  helpers?: { name: string; text: string }[];
  /** Default `error`, as helmfile v1 renders. */
  missingkey?: MissingKey;
  /** Template name in error messages; default `stringTemplate`. */
  name?: string;
  /** Function map; default helmfile's (sprig + helmfile + Helm extras). */
  funcMap?: FuncMap;
}

/**
 * A template set configured like helmfile's `newTemplate()`: helmfile's functions,
 * `missingkey=error`, the helpers parsed first, and `tpl` rendering in a fresh set that
 * again holds only the helpers. Parse the file text into it, then execute.
 */
export function newHelmfileTemplate(opts: HelmfileTemplateOptions): Template {
  const funcs = opts.funcMap ?? builtinFuncMap(opts.host);
  const make = (): Template => {
    const t = new Template(opts.name ?? 'stringTemplate', {
      funcs,
      missingkey: opts.missingkey ?? 'error',
      host: opts.host,
      tplFactory: make,
    });
    for (const h of opts.helpers ?? []) t.parse(h.text);
    return t;
  };
  return make();
}

/**
 * Render `template` with `data` like helmfile's renderer (Go text/template + sprig +
 * helmfile functions); throws an Error carrying Go's message on parse/exec errors.
 */
export function render(template: string, data: unknown, opts: RenderOptions = {}): string {
  const host = opts.host ?? memoryHost(opts.files, opts.env);
  const funcs: FuncMap = { ...defaultFuncMap(opts, host) };
  if (opts.funcs) {
    for (const [k, f] of Object.entries(opts.funcs)) funcs[k] = k === 'typeOf' ? typeOf : f;
  }
  let missingkey: MissingKey = 'default';
  if (opts.option) missingkey = (/^missingkey=(\w+)$/.exec(opts.option)?.[1] ?? 'default') as MissingKey;
  const t = new Template(opts.name ?? 'stringTemplate', { funcs, missingkey, host });
  const value = opts.dataYaml !== undefined ? decodeData(data, opts) : data;
  const finalData = opts.dataYaml !== undefined && value !== data ? value : reshape(data, opts);
  return t.parse(template).execute(finalData);
}
