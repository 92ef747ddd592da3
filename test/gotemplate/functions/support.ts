/** Helpers for calling template functions outside the engine. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinFuncMap } from '../../../src/gotemplate/functions/index.js';
import type { FuncContext, TemplateHost } from '../../../src/gotemplate/value.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** test/gotemplate/functions → repo root. */
export const repoRoot = path.resolve(here, '..', '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'gotemplate');

/** One row of the shared JSONL corpora. */
export interface CorpusRow {
  name: string;
  template: string;
  data: unknown;
  expected: string;
  ok: boolean;
  option?: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  dataYaml?: string;
  dataFaithful?: boolean;
  goTypes?: unknown;
  helmfileData?: boolean;
}

export function corpusRows(file: string): CorpusRow[] {
  return readFileSync(path.join(corpusDir, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusRow);
}

/** An in-memory TemplateHost; records exec calls. */
export function fakeHost(over: Partial<TemplateHost> & { files?: Record<string, string>; envVars?: Record<string, string> } = {}): TemplateHost & { execCalls: unknown[][] } {
  const files = over.files ?? {};
  const execCalls: unknown[][] = [];
  return {
    basePath: over.basePath ?? '/base',
    readFile: over.readFile ?? ((p: string) => {
      if (!Object.hasOwn(files, p)) throw new Error(`open ${p}: no such file or directory`);
      return files[p];
    }),
    readDir: over.readDir ?? ((p: string) => {
      const prefix = p.replace(/\/?$/, '/');
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const [first, ...more] = rest.split('/');
        names.set(first, more.length > 0 || names.get(first) === true);
      }
      if (names.size === 0) throw new Error('no such file or directory');
      return [...names].sort().map(([name, isDir]) => ({ name, isDir }));
    }),
    stat: over.stat ?? ((p: string) => {
      if (Object.hasOwn(files, p)) return { isFile: true, isDir: false };
      if (Object.keys(files).some((f) => f.startsWith(p + '/'))) return { isFile: false, isDir: true };
      return undefined;
    }),
    env: over.env ?? ((n: string) => over.envVars?.[n]),
    exec: over.exec ?? ((cmd: string, args: string[], opts: unknown) => { execCalls.push([cmd, args, opts]); return `ran ${cmd} ${args.join(' ')}`; }),
    insecureDisabled: over.insecureDisabled ?? false,
    execCalls,
  };
}

/** Call a function of the full helmfile map with a fake FuncContext. */
export function call(name: string, ...args: unknown[]): unknown {
  return callWith(fakeHost(), name, ...args);
}

export function callWith(host: TemplateHost, name: string, ...args: unknown[]): unknown {
  const fn = builtinFuncMap(host)[name];
  if (!fn) throw new Error(`no function ${name}`);
  const ctx: FuncContext = {
    include: (n, d) => `include(${n},${JSON.stringify(d)})`,
    tpl: (t, d) => `tpl(${t},${JSON.stringify(d)})`,
    host,
  };
  return fn.apply(ctx, args);
}
