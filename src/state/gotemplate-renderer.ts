/**
 * The default {@link TemplateRenderer}: an adapter over src/gotemplate. The engine is
 * loaded lazily by path so state loading of plain YAML works without it.
 */
import type { Deps } from '../app/deps.js';
import { UserError } from '../errors/index.js';
import type { TemplateHost } from '../gotemplate/value.js';
import type { RenderContext, TemplateRenderer } from './renderer.js';

/** A TemplateHost for helmfile's I/O functions, rooted at `basePath`, over Deps. */
export function templateHost(deps: Deps, basePath: string): TemplateHost {
  const abs = (p: string): string => (p.startsWith('/') ? p : `${basePath}/${p}`);
  return {
    basePath,
    readFile: (p) => deps.fs.readFile(abs(p)),
    readDir: (p) => deps.fs.readDir(abs(p)).map((e) => ({ name: e.name, isDir: e.isDir })),
    stat: (p) => {
      const s = deps.fs.stat(abs(p));
      return s ? { isFile: s.isFile, isDir: s.isDir } : undefined;
    },
    env: (n) => deps.env[n],
    exec: (command, args, opts) => {
      const r = deps.syncRunner.runSync(command, args, { cwd: basePath, ...(opts.input !== undefined ? { input: opts.input } : {}), ...(opts.env ? { env: opts.env } : {}) });
      if (r.exitCode !== 0) throw new Error(`exit status ${r.exitCode}${r.stderr ? `: ${r.stderr}` : ''}`);
      return r.stdout;
    },
    insecureDisabled: ['true', '1'].includes(deps.env.HELMFILE_DISABLE_INSECURE_FEATURES ?? '') ||
      ['true', '1'].includes(deps.env.HELMFILE_DISABLE_INSECURE_TEMPLATE_FUNCTIONS ?? ''),
  };
}

interface EngineModule {
  Template: new (name: string, opts: { funcs?: unknown; missingkey?: string; host?: TemplateHost }) => {
    parse(text: string): unknown;
    execute(data: unknown): string;
  };
  GoStruct: new (goType: string, fields: Record<string, unknown>) => unknown;
}

interface FunctionsModule {
  builtinFuncMap(host?: TemplateHost): unknown;
}

/**
 * Helmfile's template data are Go structs (unknown fields are errors, not missing keys);
 * the values inside stay maps.
 */
function toGoData(engine: EngineModule, data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('Environment' in data)) return data;
  const d = data as Record<string, unknown>;
  const fields: Record<string, unknown> = { ...d };
  fields.Environment = new engine.GoStruct('environment.Environment', { ...(d.Environment as object), Defaults: {}, CLIOverrides: {} });
  if (d.Release) {
    fields.Release = new engine.GoStruct('state.releaseTemplateDataRelease', d.Release as Record<string, unknown>);
    return new engine.GoStruct('state.releaseTemplateData', fields);
  }
  return new engine.GoStruct('*state.EnvironmentTemplateData', fields);
}

/**
 * Loads src/gotemplate and returns a renderer over it, or undefined when the engine is not
 * available (then rendering a `.gotmpl` fails with a clear UserError).
 */
export async function loadGoTemplateRenderer(deps: Deps): Promise<TemplateRenderer | undefined> {
  let engine: EngineModule;
  let functions: FunctionsModule;
  try {
    const enginePath = '../gotemplate/index.js';
    const functionsPath = '../gotemplate/functions/index.js';
    engine = (await import(enginePath)) as EngineModule;
    functions = (await import(functionsPath)) as FunctionsModule;
  } catch {
    return undefined;
  }
  if (typeof engine.Template !== 'function' || typeof functions.builtinFuncMap !== 'function') return undefined;
  // Building the function map is not free: one per base path.
  const funcsByBase = new Map<string, { host: TemplateHost; funcs: unknown }>();
  const parsed = new Map<string, InstanceType<EngineModule['Template']>>();
  return {
    render(text: string, data: unknown, ctx: RenderContext): string {
      if (text === '') return '';
      let f = funcsByBase.get(ctx.basePath);
      if (!f) {
        const host = templateHost(deps, ctx.basePath);
        f = { host, funcs: functions.builtinFuncMap(host) };
        funcsByBase.set(ctx.basePath, f);
      }
      // Release templates repeat the same text for many releases: parse each text once
      // (per base path, helper set and missingkey). A parsed set is reusable, as in Go.
      const key = `${ctx.basePath}\u0000${ctx.missingKey ?? 'error'}\u0000${(ctx.helpers ?? []).map((h) => h.name).join(',')}\u0000${text}`;
      let t = parsed.get(key);
      if (!t) {
        // Go's name in helmfile is always `stringTemplate`; callers add file and part.
        t = new engine.Template('stringTemplate', { funcs: f.funcs, missingkey: ctx.missingKey ?? 'error', host: f.host });
        for (const h of ctx.helpers ?? []) t.parse(h.text);
        t.parse(text);
        if (parsed.size >= 2000) parsed.clear();
        parsed.set(key, t);
      }
      return t.execute(toGoData(engine, data));
    },
  };
}

/** A renderer that fails: used when no engine is available and a `.gotmpl` must be rendered. */
export const missingRenderer: TemplateRenderer = {
  render(_text, _data, ctx) {
    throw new UserError(`cannot render ${ctx.name}: the Go template engine is not available`, {
      hint: 'use a plain .yaml state file, or a build of helmsync that includes src/gotemplate',
    });
  },
};
