/**
 * The default {@link TemplateRenderer}: an adapter over src/gotemplate.
 */
import type { Deps } from '../ports/index.js';
import { GoStruct, newHelmfileTemplate, TemplateExecError, type Template } from '../gotemplate/index.js';
import { builtinFuncMap } from '../gotemplate/functions/index.js';
import type { FuncMap, TemplateHost } from '../gotemplate/value.js';
import type { RenderContext, TemplateRenderer } from './renderer.js';
import { noteSecret } from '../secrets/registry.js';
import { expandRefsInTree, fetchSecretValue } from '../secrets/vals.js';

/** A TemplateHost for helmfile's I/O functions, rooted at `basePath`, over Deps. */
export function templateHost(deps: Deps, basePath: string): TemplateHost {
  const valsCtx = () => ({ deps, baseDir: basePath, what: 'template', onSecret: (v: string) => noteSecret(deps, v) });
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
    vals: {
      fetch: (ref) => fetchSecretValue(ref, valsCtx()),
      expand: (values) => expandRefsInTree(values, valsCtx()) as Record<string, unknown>,
    },
  };
}

/**
 * Helmfile's template data are Go structs (unknown fields are errors, not missing keys);
 * the values inside stay maps.
 */
function toGoData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('Environment' in data)) return data;
  const d = data as Record<string, unknown>;
  const fields: Record<string, unknown> = { ...d };
  fields.Environment = new GoStruct('environment.Environment', { ...(d.Environment as object), Defaults: {}, CLIOverrides: {} });
  if (d.Release) {
    fields.Release = new GoStruct('state.releaseTemplateDataRelease', d.Release as Record<string, unknown>);
    return new GoStruct('state.releaseTemplateData', fields);
  }
  return new GoStruct('*state.EnvironmentTemplateData', fields);
}

/**
 * The renderer over src/gotemplate. Each template set is built as helmfile's
 * `newTemplate()` is (helpers first, `tpl` in a fresh set that also holds the helpers).
 * Async for the callers' sake: loading once was lazy while the engine was optional.
 */
export async function loadGoTemplateRenderer(deps: Deps): Promise<TemplateRenderer> {
  // Building the function map is not free: one per base path.
  const funcsByBase = new Map<string, { host: TemplateHost; funcs: FuncMap }>();
  const parsed = new Map<string, Template>();
  return {
    render(text: string, data: unknown, ctx: RenderContext): string {
      if (text === '') return '';
      const pre = ctx.preRender === true;
      const hostKey = `${pre ? 'pre\u0000' : ''}${ctx.basePath}`;
      let f = funcsByBase.get(hostKey);
      if (!f) {
        const real = templateHost(deps, ctx.basePath);
        // v0's first pass disables the side-effecting functions.
        const host: TemplateHost = pre ? { ...real, readFile: () => '', exec: () => '' } : real;
        f = { host, funcs: builtinFuncMap(host) };
        funcsByBase.set(hostKey, f);
      }
      const missingKey = pre ? 'zero' : (ctx.missingKey ?? 'error');
      // Release templates repeat the same text for many releases: parse each text once
      // (per base path, helper set and missingkey). A parsed set is reusable, as in Go.
      const key = `${hostKey}\u0000${missingKey}\u0000${(ctx.helpers ?? []).map((h) => h.name).join(',')}\u0000${text}`;
      let t = parsed.get(key);
      if (!t) {
        // Go's name in helmfile is always `stringTemplate`; callers add file and part.
        t = newHelmfileTemplate({ host: f.host, funcMap: f.funcs, helpers: ctx.helpers ?? [], missingkey: missingKey });
        t.parse(text);
        if (parsed.size >= 2000) parsed.clear();
        parsed.set(key, t);
      }
      if (!pre) return t.execute(toGoData(data));
      try {
        return t.execute(toGoData(data));
      } catch (e) {
        if (e instanceof TemplateExecError) return e.partialOutput ?? '';
        throw e;
      }
    },
  };
}
