/**
 * Helmfile's template functions (pkg/tmpl/context_funcs.go, get_or_nil.go, maputil), which
 * override sprig's of the same name. All I/O goes through the TemplateHost.
 */
import type { FuncContext, GoObject, TemplateHost } from '../value.js';
import { isGoMap, isGoObject } from '../value.js';
import { fail, setKey, str, type Impl } from './define.js';
import { formatValue } from './go-fmt.js';
import { goJoin } from './paths.js';
import { goTypeOf, tagType, taggedType } from './reflect.js';
import { hostOf } from './os.js';
import { decodeGoYaml } from './yaml-decode.js';
import { encodeGoYaml } from './yaml-encode.js';

/** helmfile's DisableInsecureFeaturesErr. */
export const INSECURE_DISABLED = 'HELMFILE_DISABLE_INSECURE_FEATURES is active, insecure function calls are disabled';

/** A `get` miss; getOrNil turns it into nil. */
class NoValueError extends Error {}

/** One entry of readDirEntries: an fs.DirEntry with Name/IsDir/Type methods. */
class DirEntry implements GoObject {
  readonly goType = 'os.DirEntry';
  readonly goKind = 'interface';
  constructor(readonly name: string, readonly isDir: boolean) {}
  goField(): unknown { return undefined; }
  goMethod(name: string): ((...a: unknown[]) => unknown) | undefined {
    if (name === 'Name') return () => this.name;
    if (name === 'IsDir') return () => this.isDir;
    if (name === 'Type') return () => (this.isDir ? 'd---------' : '----------');
    return undefined;
  }
  goString(): string { return `${this.isDir ? 'd ' : '- '}${this.name}${this.isDir ? '/' : ''}`; }
}

function requireHost(ctx: FuncContext | undefined, fallback: TemplateHost | undefined, fn: string): TemplateHost {
  const h = hostOf(ctx, fallback);
  if (!h) fail(`${fn}: no template host available for I/O`);
  return h;
}

function secure(h: TemplateHost): void {
  if (h.insecureDisabled) fail(INSECURE_DISABLED);
}

const abs = (h: TemplateHost, p: string): string => (p.startsWith('/') ? p : goJoin(h.basePath, p));

/** helmfile's get (get_or_nil.go). */
export function helmfileGet(path: string, ...varArgs: unknown[]): unknown {
  let defSet: boolean, def: unknown, obj: unknown;
  if (varArgs.length === 1) { defSet = false; def = undefined; obj = varArgs[0]; }
  else if (varArgs.length === 2) { defSet = true; def = varArgs[0]; obj = varArgs[1]; }
  else fail(`unexpected number of args passed to the template function get(path, [def, ]obj): expected 1 or 2, got ${varArgs.length}, args was ${formatValue(varArgs)}`);
  if (path === '') return obj;
  const keys = path.split('.');
  const k = keys[0];
  let v: unknown;
  if (isGoMap(obj)) {
    if (!Object.hasOwn(obj, k)) {
      if (defSet) return def;
      throw new NoValueError(`no value exist for key "${k}" in ${formatValue(obj)}`);
    }
    v = obj[k];
    // A map[string]string (sprig's split) answers the first key without descending.
    if (taggedType(obj) === 'map[string]string') return v;
  } else if (isGoObject(obj) && obj.goKind === 'struct') {
    const f = obj.goField?.(k);
    if (f === undefined) {
      if (defSet) return def;
      throw new NoValueError(`no field named "${k}" exist in ${obj.goString ? obj.goString() : '{}'}`);
    }
    v = f;
  } else {
    throw new NoValueError(`unexpected type(${goTypeOf(obj)}) of value for key "${k}": it must be either map[string]any or any struct`);
  }
  const rest = keys.slice(1).join('.');
  return defSet ? helmfileGet(rest, def, v) : helmfileGet(rest, v);
}

/** maputil.SetValueAtPath: sets in place, intermediate keys must exist and be maps. */
export function setValueAtPath(path: string, value: unknown, values: unknown): unknown {
  const parts = path.split('.');
  const key = parts.pop()!;
  let cur: unknown = values;
  for (const k of parts) {
    if (!isGoMap(cur)) fail(`failed to set value at path "${path}": value for key "${k}" was not a map`);
    if (!Object.hasOwn(cur, k)) fail(`failed to set value at path "${path}": value for key "${k}" does not exist`);
    const elem = cur[k];
    if (!isGoMap(elem)) fail(`failed to set value at path "${path}": value for key "${k}" was not a map`);
    cur = elem;
  }
  if (!isGoMap(cur)) fail(`failed to set value at path "${path}": value for key "${key}" was not a map`);
  setKey(cur, key, value);
  return values;
}

function execArgs(args: unknown): string[] {
  const list = Array.isArray(args) ? args : args === null || args === undefined ? [] : fail('exec args must be a list');
  return list.map((a, i) => (typeof a === 'string' ? a : fail(`unexpected type of arg "${goTypeOf(a)}" in args ${formatValue(list)} at index ${i}`)));
}

/** Runs in basePath through the host; the host's error (exit status, stderr) propagates as is. */
function runExec(h: TemplateHost, command: string, args: string[], input: string | undefined, env: Record<string, string> | undefined): string {
  return h.exec(command, args, { input, env });
}

export function helmfileFuncs(host: TemplateHost | undefined): Record<string, Impl> {
  return {
    exec(command, args, ...inputs) {
      const h = requireHost(this, host, 'exec');
      secure(h);
      return runExec(h, str(command), execArgs(args), inputs.length ? str(inputs[0]) : undefined, undefined);
    },
    envExec(envs, command, args, ...inputs) {
      const h = requireHost(this, host, 'envExec');
      secure(h);
      const env: Record<string, string> = {};
      if (isGoMap(envs)) {
        for (const [k, v] of Object.entries(envs)) {
          if (typeof v !== 'string') fail(`unexpected type of env "${goTypeOf(v)}" in envs ${formatValue(envs)} at index ${k}`);
          env[k] = v;
        }
      }
      return runExec(h, str(command), execArgs(args), inputs.length ? str(inputs[0]) : undefined, env);
    },
    readFile(filename) {
      const h = requireHost(this, host, 'readFile');
      secure(h);
      return h.readFile(abs(h, str(filename)));
    },
    readDir(path) {
      const h = requireHost(this, host, 'readDir');
      secure(h);
      const p = str(path);
      let entries: { name: string; isDir: boolean }[];
      try { entries = h.readDir(abs(h, p)); } catch (e) { fail(`ReadDir ${JSON.stringify(abs(h, p))}: ${(e as Error).message}`); }
      return tagType(entries.filter((e) => !e.isDir).map((e) => goJoin(p, e.name)), '[]string');
    },
    readDirEntries(path) {
      const h = requireHost(this, host, 'readDirEntries');
      secure(h);
      const p = abs(h, str(path));
      let entries: { name: string; isDir: boolean }[];
      try { entries = h.readDir(p); } catch (e) { fail(`ReadDirEntries ${JSON.stringify(p)}: ${(e as Error).message}`); }
      return tagType(entries.map((e) => new DirEntry(e.name, e.isDir)), '[]fs.DirEntry');
    },
    isFile(filename) {
      // helmfile: anything that exists and is not a directory.
      const h = requireHost(this, host, 'isFile');
      const st = h.stat(abs(h, str(filename)));
      return st !== undefined && !st.isDir;
    },
    isDir(filename) {
      const h = requireHost(this, host, 'isDir');
      return h.stat(abs(h, str(filename)))?.isDir ?? false;
    },
    toYaml: (v) => encodeGoYaml(v, 2),
    fromYaml: (s) => {
      try {
        return decodeGoYaml(str(s), { nonStringKeys: 'error' });
      } catch (e) {
        const msg = (e as Error).message;
        if (msg.startsWith('unexpected type of key')) fail(msg);
        fail(`${msg}, offending yaml: ${str(s)}`);
      }
    },
    setValueAtPath: (path, value, values) => setValueAtPath(str(path), value, values),
    requiredEnv(name) {
      const v = hostOf(this, host)?.env(str(name));
      if (v === undefined || v === '') fail(`required env var \`${str(name)}\` is not set`);
      return v;
    },
    get: (path, ...rest) => helmfileGet(str(path), ...rest),
    getOrNil: (path, o) => {
      try {
        return helmfileGet(str(path), o);
      } catch (e) {
        if (e instanceof NoValueError) return null;
        throw e;
      }
    },
    tpl(text, data) { return this.tpl(str(text), data); },
    include(name, data) { return this.include(str(name), data); },
    required: (warn, val) => {
      if (val === null || val === undefined || val === '') fail(str(warn));
      return val;
    },
    // vals references (src/secrets/vals.ts through the host): the offline backends.
    fetchSecretValue(ref) {
      const h = requireHost(this, host, 'fetchSecretValue');
      if (!h.vals) fail('fetchSecretValue: vals references are not available here');
      return h.vals.fetch(str(ref));
    },
    expandSecretRefs(values) {
      const h = requireHost(this, host, 'expandSecretRefs');
      if (!h.vals) fail('expandSecretRefs: vals references are not available here');
      if (!isGoMap(values)) fail(`expandSecretRefs: expected a map, got ${goTypeOf(values)}`);
      return h.vals.expand(values);
    },
  };
}
