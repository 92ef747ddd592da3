/**
 * The default {@link TemplateRenderer}: an adapter over src/gotemplate. The engine is
 * loaded lazily by path so state loading of plain YAML works without it.
 */
import type { Deps } from '../app/deps.js';
import { UserError } from '../errors/index.js';
import type { TemplateHost } from '../gotemplate/value.js';
import type { RenderContext, TemplateRenderer } from './renderer.js';

type RenderFn = (template: string, data: unknown, opts: Record<string, unknown>) => string | Promise<string>;

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

/**
 * Loads src/gotemplate and returns a renderer over it, or undefined when the engine is not
 * available (then rendering a `.gotmpl` fails with a clear UserError).
 */
export async function loadGoTemplateRenderer(deps: Deps): Promise<TemplateRenderer | undefined> {
  let mod: { render?: RenderFn };
  try {
    const path = '../gotemplate/index.js';
    mod = (await import(path)) as { render?: RenderFn };
  } catch {
    return undefined;
  }
  const render = mod.render;
  if (typeof render !== 'function') return undefined;
  return {
    render(text: string, data: unknown, ctx: RenderContext): string {
      const out = render(text, data, {
        name: ctx.name,
        option: `missingkey=${ctx.missingKey ?? 'error'}`,
        helpers: ctx.helpers ?? [],
        host: templateHost(deps, ctx.basePath),
        helmfileData: true,
      });
      if (typeof out !== 'string') throw new UserError(`template engine returned a promise for ${ctx.name}; a synchronous render is required`);
      return out;
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
