/**
 * vals references (`ref+BACKEND://PATH[?PARAMS][#FRAGMENT][+]`, issue 13) in
 * values, as Helmfile evaluates them with github.com/helmfile/vals: in release
 * values files and inline values, `set`/`setString` values, and the template
 * functions `fetchSecretValue`/`expandSecretRefs`. The backends that work
 * offline are implemented here with vals' semantics:
 * - `echo`: the path itself (`ref+echo://a/b/c#/a/b` digs `{a: {b: c}}`);
 * - `file`: the file's text (`?encode=base64`), or a key of it as YAML/JSON;
 * - `envsubst`: `$VAR`/`${VAR}`/`${VAR:-default}`… substituted from the environment;
 * - `sops`: the file decrypted with the real sops (src/secrets/sops.ts), or a key of it.
 * Any other backend (vault, awssecrets, …) is a clear error naming it.
 *
 * Matching is vals' DefaultRefRegexp; a string that is one whole reference takes
 * the value's own type (a fragment may point at a number or a map), a string
 * with references inside gets them formatted in (`%v`). A missing fragment key
 * gives null unless HELMFILE_VALS_FAIL_ON_MISSING_KEY_IN_MAP=true (Helmfile's
 * default). Relative paths resolve against the state file's directory, where
 * Helmfile runs them (it changes into that directory).
 */
import { isAbsolute, resolve } from 'node:path';
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import { decryptSopsFileSync, sopsBinary } from './sops.js';
import { parse as parseYaml } from 'yaml';

/** vals' DefaultRefRegexp (pkg/expansion/expand_match.go). */
const REF = /((secret)?ref)\+([^+:]*:\/\/[^+\n ]+[^+\n ",])\+?/;
const REF_G = new RegExp(REF.source, 'g');

/** Backends implemented here. */
export const OFFLINE_BACKENDS = ['echo', 'envsubst', 'file', 'sops'] as const;

/** Where references are evaluated, for relative paths and messages. */
export interface ValsContext {
  deps: Deps;
  /** Relative `file`/`sops` paths resolve here. */
  baseDir: string;
  /** e.g. `release ns/app values`. */
  what: string;
  release?: string;
  environment?: string;
  /** Receives every string a reference resolved to (except echo's), for masking. */
  onSecret?: (value: string) => void;
}

/** True when a string holds a vals reference. */
export function hasRef(s: string): boolean {
  return REF.test(s);
}

interface ParsedRef {
  scheme: string;
  host: string;
  path: string;
  params: URLSearchParams;
  fragment: string;
  /** The reference without its fragment: one document per such key. */
  docKey: string;
}

/** Splits `scheme://host/path?query#fragment` as Go's url.Parse does for these references. */
function parseRef(ref: string): ParsedRef {
  const i = ref.indexOf('://');
  const scheme = ref.slice(0, i);
  let rest = ref.slice(i + 3);
  let fragment = '';
  const h = rest.indexOf('#');
  if (h >= 0) {
    fragment = rest.slice(h + 1);
    rest = rest.slice(0, h);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const host = dec(slash >= 0 ? rest.slice(0, slash) : rest);
  const path = dec(slash >= 0 ? rest.slice(slash) : '');
  return { scheme, host, path, params: new URLSearchParams(query), fragment: dec(fragment), docKey: h >= 0 ? ref.slice(0, ref.lastIndexOf('#')) : ref };
}

/** vals joins host and path into the provider's key. */
function keyOf(r: ParsedRef): string {
  const parts: string[] = [];
  if (r.host) parts.push(r.host);
  const p = r.host ? r.path.replace(/^\//, '') : r.path;
  if (p) parts.push(p);
  return parts.join('/');
}

/** a8m/envsubst, the forms vals users write: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:=d}, ${VAR=d}, $$ for $. */
export function envsubst(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced: string | undefined, op: string | undefined, def: string | undefined, bare: string | undefined) => {
    if (m === '$$') return '$';
    const name = braced ?? bare!;
    const v = env[name];
    if (op === undefined) return v ?? '';
    const useDefault = op.startsWith(':') ? v === undefined || v === '' : v === undefined;
    return useDefault ? def ?? '' : v!;
  });
}

/** Go's %v of a value formatted into a string. */
function formatV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

class Evaluator {
  private docs = new Map<string, Record<string, unknown>>();
  private strs = new Map<string, string>();
  constructor(private readonly ctx: ValsContext) {}

  private error(message: string, hint: string, cause?: unknown): UserError {
    return new UserError(message, {
      ...(this.ctx.release ? { release: this.ctx.release } : {}),
      ...(this.ctx.environment ? { environment: this.ctx.environment } : {}),
      hint,
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  private path(key: string): string {
    const p = key.replace(/\/$/, '');
    return isAbsolute(p) ? p : resolve(this.ctx.baseDir, p);
  }

  private readText(r: ParsedRef, ref: string): string {
    const key = keyOf(r);
    switch (r.scheme) {
      case 'echo':
        return key.replace(/\/+$/, '');
      case 'envsubst':
        return envsubst(key.replace(/\/$/, '').trim(), this.ctx.deps.env);
      case 'file': {
        const abs = this.path(key);
        let bytes: Uint8Array;
        try {
          bytes = this.ctx.deps.fs.readBytes(abs);
        } catch (e) {
          throw this.error(`${this.ctx.what}: ref+${ref}: cannot read ${abs}: ${(e as Error).message}`, 'fix the path (relative paths start at the releases file\'s directory)', e);
        }
        const encode = r.params.get('encode') || 'raw';
        if (encode === 'base64') return Buffer.from(bytes).toString('base64');
        if (encode !== 'raw') throw this.error(`${this.ctx.what}: ref+${ref}: unsupported encode parameter '${encode}'`, 'use encode=raw or encode=base64');
        return Buffer.from(bytes).toString('utf8');
      }
      case 'sops':
        return this.sops(r, ref, 'auto');
      default:
        throw this.unsupported(r.scheme, ref);
    }
  }

  private sops(r: ParsedRef, ref: string, forceType: string | undefined): string {
    if ((r.params.get('key_type') ?? 'filepath') !== 'filepath') {
      throw this.error(`${this.ctx.what}: ref+${ref}: key_type=${r.params.get('key_type')} is not supported`, 'refer to an encrypted file by its path');
    }
    const abs = this.path(keyOf(r));
    const type = r.params.get('format') || forceType;
    return decryptSopsFileSync(this.ctx.deps, abs, { display: `ref+${r.scheme}://${keyOf(r)}`, ...(this.ctx.release ? { release: this.ctx.release } : {}), ...(this.ctx.environment ? { environment: this.ctx.environment } : {}) }, type);
  }

  private unsupported(scheme: string, ref: string): UserError {
    return this.error(
      `${this.ctx.what}: vals backend "${scheme}" (ref+${ref}) is not supported: helmsync evaluates only the offline backends ${OFFLINE_BACKENDS.join(', ')}`,
      `resolve it before helmsync runs (e.g. with the vals CLI into a file read with ref+file:// or a sops file), or pass it in an environment variable read with ref+envsubst://$VAR`,
    );
  }

  private readDoc(r: ParsedRef, ref: string): Record<string, unknown> {
    const cached = this.docs.get(r.docKey);
    if (cached) return cached;
    const key = keyOf(r);
    let doc: unknown;
    switch (r.scheme) {
      case 'echo': {
        const keys = key.split('/');
        if (keys.length < 2) throw this.error(`${this.ctx.what}: ref+${ref}: key must have two or more components separated by "/": got "${key}"`, 'write ref+echo://a/b/value#/a/b');
        const root: Record<string, unknown> = {};
        let cur = root;
        for (let i = 0; i < keys.length - 1; i++) {
          if (i === keys.length - 2) cur[keys[i]!] = keys[i + 1];
          else {
            const next: Record<string, unknown> = {};
            cur[keys[i]!] = next;
            cur = next;
          }
        }
        doc = root;
        break;
      }
      case 'envsubst':
      case 'file':
        doc = this.parseDoc(this.readText({ ...r, params: new URLSearchParams() }, ref), ref);
        break;
      case 'sops':
        doc = this.parseDoc(this.sops(r, ref, 'yaml'), ref);
        break;
      default:
        throw this.unsupported(r.scheme, ref);
    }
    const m = (doc ?? {}) as Record<string, unknown>;
    this.docs.set(r.docKey, m);
    return m;
  }

  private parseDoc(text: string, ref: string): unknown {
    try {
      const v = parseYaml(text);
      if (v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v))) throw new Error('not a map');
      return v;
    } catch {
      // Never quote the text: it may be a secret.
      throw this.error(`${this.ctx.what}: ref+${ref}: the document is not a YAML or JSON map, so #fragment cannot select a key in it`, 'drop the #fragment to use the whole text');
    }
  }

  /** The value one reference (without `ref+`) stands for. */
  lookup(ref: string): unknown {
    const r = parseRef(ref);
    if (!(OFFLINE_BACKENDS as readonly string[]).includes(r.scheme)) throw this.unsupported(r.scheme, ref);
    const frag = r.fragment.replace(/^#/, '').replace(/^\//, '');
    let value: unknown;
    if (!frag) {
      const hit = this.strs.get(ref);
      value = hit ?? this.readText(r, ref);
      this.strs.set(ref, value as string);
    } else {
      let obj: Record<string, unknown> = this.readDoc(r, ref);
      const keys = frag.split('/');
      value = null;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (!Object.hasOwn(obj, k)) {
          if (/^(1|t|true)$/i.test(this.ctx.deps.env.HELMFILE_VALS_FAIL_ON_MISSING_KEY_IN_MAP ?? '')) {
            throw this.error(`${this.ctx.what}: ref+${ref}: no value found for key ${frag}`, 'fix the #fragment, or unset HELMFILE_VALS_FAIL_ON_MISSING_KEY_IN_MAP');
          }
          value = null;
          break;
        }
        const t = obj[k];
        if (i === keys.length - 1) {
          value = t;
          break;
        }
        if (typeof t !== 'object' || t === null || Array.isArray(t)) {
          throw this.error(`${this.ctx.what}: ref+${ref}: unexpected type of value for key at ${i}=${k} in [${keys.join(' ')}]: expected a map`, 'fix the #fragment');
        }
        obj = t as Record<string, unknown>;
      }
    }
    if (r.scheme !== 'echo') noteStrings(value, this.ctx.onSecret);
    return value;
  }

  /** vals' resolveInnerRefs: `ref+echo://ref+envsubst://$X/p` resolves the inner reference first. */
  private inner(s: string, depth = 0): string {
    if (depth >= 10) throw this.error(`${this.ctx.what}: maximum nesting depth (10) of vals references exceeded`, 'simplify the nested ref+ expressions');
    const starts = [...s.matchAll(/(secret)?ref\+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
    if (starts.length <= 1) return s;
    for (let i = starts.length - 1; i >= 1; i--) {
      if (/[ \n\r\t",]/.test(s.slice(starts[i - 1]![1], starts[i]![0]))) continue;
      const start = starts[i]![0];
      const m = REF.exec(s.slice(start));
      if (!m) continue;
      const val = this.lookup(m[3]!);
      if (val === null || val === undefined || typeof val === 'object') {
        throw this.error(`${this.ctx.what}: nested ref ${m[3]} resolved to ${val === null || val === undefined ? 'nil' : 'a map or list'}; nested refs must resolve to scalar values`, 'fix the inner reference');
      }
      const from = start + m.index;
      return this.inner(s.slice(0, from) + formatV(val) + s.slice(from + m[0].length), depth + 1);
    }
    return s;
  }

  /** vals' InValue: a whole reference keeps its type, references inside a string are formatted in. */
  inValue(input: string): unknown {
    const s = this.inner(input);
    const m = REF.exec(s);
    if (!m) return s;
    if (m.index === 0 && m[0].length === s.length) {
      if (m[1] !== 'ref' && m[1] !== 'secretref') return s;
      return this.lookup(m[3]!);
    }
    return this.inString(s);
  }

  inString(input: string): string {
    const s = this.inner(input);
    return s.replace(REF_G, (_m, _kind: string, _secret: string, ref: string) => formatV(this.lookup(ref)));
  }

  /** Every string of a tree (maps and lists walked), keys left alone. */
  inTree(v: unknown): unknown {
    if (typeof v === 'string') return this.inValue(v);
    if (Array.isArray(v)) return v.map((x) => this.inTree(x));
    if (typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.inTree(x);
      return out;
    }
    return v;
  }
}

function noteStrings(v: unknown, note: ((s: string) => void) | undefined): void {
  if (!note) return;
  if (typeof v === 'string') note(v);
  else if (typeof v === 'number' || typeof v === 'boolean') note(String(v));
  else if (Array.isArray(v)) v.forEach((x) => noteStrings(x, note));
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => noteStrings(x, note));
}

/** Evaluates every reference in a values tree (a copy is returned; no reference, same content). */
export function expandRefsInTree(tree: unknown, ctx: ValsContext): unknown {
  return new Evaluator(ctx).inTree(tree);
}

/** Evaluates the references of one string (`set` values): the result formatted as a string. */
export function expandRefsInString(s: string, ctx: ValsContext): string {
  if (!hasRef(s)) return s;
  return formatV(new Evaluator(ctx).inValue(s));
}

/** Helmfile's fetchSecretValue: one string whose references must resolve to a string. */
export function fetchSecretValue(s: string, ctx: ValsContext): string {
  const v = new Evaluator(ctx).inValue(s);
  if (typeof v !== 'string') throw new Error(`expected ${formatV(v)} to be string`);
  return v;
}

/** The sops binary in use (for messages of callers). */
export { sopsBinary };
