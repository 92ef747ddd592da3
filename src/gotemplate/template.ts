/**
 * Template sets (text/template template.go): templates sharing one set of named trees,
 * one FuncMap and one option. `parse` is repeatable and adds to the set; a later parse
 * may redefine a template (how `block` overrides work), an empty body never replaces one.
 */
import { builtinFuncs } from './builtins.js';
import type { FuncInfo } from './call.js';
import { TemplateExecError } from './errors.js';
import { ExecState } from './exec.js';
import { goQuote } from './fmt/quote.js';
import { parseTemplates, type Tree } from './parser.js';
import { signatureOf } from './signature.js';
import { isEmptyTree } from './ast.js';
import type { FuncContext, FuncMap, GoFunc, TemplateHost } from './value.js';

/** text/template's `missingkey` option. */
export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

/** Options for a new template set. */
export interface TemplateOptions {
  /** Functions added to the set; they win over builtins of the same name (as in Go). */
  funcs?: FuncMap;
  /** Behaviour for a missing map key; default `default`. */
  missingkey?: MissingKey;
  /** Host services handed to functions as `this.host`. */
  host?: TemplateHost;
  leftDelim?: string;
  rightDelim?: string;
  /**
   * Builds the set a `tpl` call renders in. Helmfile's tpl uses a fresh set (helpers
   * only), so the default is a new empty set with the same functions and options.
   */
  tplFactory?: () => Template;
  /** Limit of nested `include` uses of one name (helmfile: 1000). */
  includeLimit?: number;
}

/** Per-execution settings of {@link Template.execute}. */
export interface ExecuteContext {
  /** Host services for this execution, instead of the set's `host` option. */
  host?: TemplateHost;
}

interface Common {
  tmpl: Map<string, Template>;
  funcs: FuncMap;
  funcInfo: Map<string, FuncInfo>;
  opts: TemplateOptions;
  missingKey: MissingKey;
  includeCounts: Map<string, number>;
  /** Parse results may be shared through the cache (no functions added after creation). */
  cacheable: boolean;
}

/**
 * Parsed trees per function map (the set of names decides what parses) and source:
 * `tpl` is often called in loops with the same text. Trees are never mutated after parsing.
 */
const parseCache = new WeakMap<object, Map<string, Map<string, Tree>>>();
const PARSE_CACHE_LIMIT = 256;
const NO_FUNCS = {};

/** Thrown for a bad `missingkey=` option value. */
function parseOption(opt: string): MissingKey {
  const m = /^missingkey=(default|invalid|zero|error)$/.exec(opt);
  if (!m) {
    if (opt.startsWith('missingkey=')) throw new Error(`unrecognized option: ${opt}`);
    throw new Error(`unrecognized option: ${opt}`);
  }
  return m[1] as MissingKey;
}

/** A named template in a set (Go's *template.Template). */
export class Template {
  /** The parsed body; undefined until parsed (executing it is an error). */
  tree: Tree | undefined;
  private common: Common;
  private leftDelim: string | undefined;
  private rightDelim: string | undefined;

  constructor(
    readonly name: string,
    opts: TemplateOptions = {},
    common?: Common,
  ) {
    this.common = common ?? {
      tmpl: new Map(),
      funcs: { ...(opts.funcs ?? {}) },
      funcInfo: new Map(),
      opts,
      missingKey: opts.missingkey ?? 'default',
      includeCounts: new Map(),
      cacheable: true,
    };
  }

  /** A new template with the given name, associated with this one's set. */
  new(name: string): Template {
    return new Template(name, this.common.opts, this.common);
  }

  get missingKey(): MissingKey {
    return this.common.missingKey;
  }

  /** Template.Delims: action delimiters for later parses of this template ('' = default). */
  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  /** Template.Option("missingkey=…"). */
  option(...opts: string[]): this {
    for (const o of opts) this.common.missingKey = parseOption(o);
    return this;
  }

  /** Template.Funcs: add functions to the set (must precede parsing of uses). */
  funcs(map: FuncMap): this {
    Object.assign(this.common.funcs, map);
    this.common.funcInfo.clear();
    this.common.cacheable = false;
    return this;
  }

  hasFunction(name: string): boolean {
    return Object.hasOwn(this.common.funcs, name) || Object.hasOwn(builtinFuncs, name);
  }

  /** findFunction: the set's functions first, then text/template's builtins. */
  findFunction(name: string): FuncInfo | undefined {
    const hit = this.common.funcInfo.get(name);
    if (hit) return hit;
    let fn: GoFunc | undefined;
    let isBuiltin = false;
    if (Object.hasOwn(this.common.funcs, name)) fn = this.common.funcs[name];
    else if (Object.hasOwn(builtinFuncs, name)) {
      fn = builtinFuncs[name];
      isBuiltin = true;
    }
    if (typeof fn !== 'function') return undefined;
    const info: FuncInfo = { fn, sig: signatureOf(fn), isBuiltin };
    this.common.funcInfo.set(name, info);
    return info;
  }

  /** Parse text as this template's body; `{{define}}`s are added to the set. */
  parse(text: string): this {
    const leftDelim = this.leftDelim ?? this.common.opts.leftDelim ?? '';
    const rightDelim = this.rightDelim ?? this.common.opts.rightDelim ?? '';
    let cache: Map<string, Map<string, Tree>> | undefined;
    const key = `${this.name}\0${leftDelim}\0${rightDelim}\0${text}`;
    if (this.common.cacheable) {
      const owner = this.common.opts.funcs ?? NO_FUNCS;
      cache = parseCache.get(owner);
      if (!cache) parseCache.set(owner, (cache = new Map()));
    }
    let trees = cache?.get(key);
    if (!trees) {
      trees = parseTemplates(this.name, text, { leftDelim, rightDelim, hasFunction: (n) => this.hasFunction(n) });
      if (cache) {
        if (cache.size >= PARSE_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
        cache.set(key, trees);
      }
    }
    for (const [name, tree] of trees) this.addParseTree(name, tree);
    return this;
  }

  /** AddParseTree: install a tree unless it is empty and would replace a real one. */
  addParseTree(name: string, tree: Tree): Template {
    const nt = name === this.name ? this : (this.common.tmpl.get(name) ?? this.new(name));
    const old = this.common.tmpl.get(name);
    if (old && old.tree && isEmptyTree(tree.root)) {
      if (!nt.tree) nt.tree = tree;
      return nt;
    }
    this.common.tmpl.set(name, nt);
    nt.tree = tree;
    return nt;
  }

  /** The template of the set with the given name. */
  lookup(name: string): Template | undefined {
    return this.common.tmpl.get(name);
  }

  /** All templates of the set. */
  templates(): Template[] {
    return [...this.common.tmpl.values()];
  }

  /** Copy of the set: later parses of either side do not affect the other. */
  clone(): Template {
    const common: Common = {
      ...this.common,
      tmpl: new Map(),
      funcs: { ...this.common.funcs },
      funcInfo: new Map(),
      includeCounts: new Map(),
    };
    const copy = new Template(this.name, this.common.opts, common);
    for (const [name, t] of this.common.tmpl) {
      const c = name === this.name ? copy : new Template(name, this.common.opts, common);
      c.tree = t.tree;
      common.tmpl.set(name, c);
    }
    if (!common.tmpl.has(this.name)) copy.tree = this.tree;
    return copy;
  }

  /** Execute this template with `data` and return the output; throws Go-worded errors. */
  execute(data: unknown, ctx: ExecuteContext = {}): string {
    // reflect.ValueOf(nil) is the invalid value, not a nil interface.
    if (data === null) data = undefined;
    const out: string[] = [];
    const state = new ExecState(this, out, this.funcContext(ctx.host), data);
    try {
      const tree = this.tree;
      if (!tree) return state.errorf(`${goQuote(this.name)} is an incomplete or empty template`);
      state.walk(data, tree.root);
    } catch (e) {
      if (e instanceof RangeError && /call stack/.test(e.message)) {
        const err = new TemplateExecError(`template: ${this.name}: exceeded maximum template depth (100000)`, this.name);
        err.partialOutput = out.join('');
        throw err;
      }
      if (e instanceof TemplateExecError) e.partialOutput = out.join('');
      throw e;
    }
    return out.join('');
  }

  /** ExecuteTemplate: execute the named template of the set. */
  executeTemplate(name: string, data: unknown, ctx: ExecuteContext = {}): string {
    const t = this.common.tmpl.get(name);
    if (!t) throw new TemplateExecError(`template: no template ${goQuote(name)} associated with template ${goQuote(this.name)}`, this.name);
    return t.execute(data, ctx);
  }

  /** DefinedTemplates: `; defined templates are: "a", "b"` or ''. */
  definedTemplates(): string {
    const names = [...this.common.tmpl.entries()].filter(([, t]) => t.tree).map(([n]) => goQuote(n));
    return names.length ? '; defined templates are: ' + names.join(', ') : '';
  }

  /** What functions see as `this`: include (this set) and tpl (a fresh set). */
  private funcContext(host: TemplateHost | undefined): FuncContext {
    const common = this.common;
    const limit = common.opts.includeLimit ?? 1000;
    return {
      host: host ?? common.opts.host,
      include: (name: string, data: unknown): string => {
        const n = common.includeCounts.get(name) ?? 0;
        if (n > limit) throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
        common.includeCounts.set(name, n + 1);
        const out = this.executeTemplate(name, data, { host });
        common.includeCounts.set(name, n);
        return out;
      },
      tpl: (text: string, data: unknown): string => {
        const t = common.opts.tplFactory
          ? common.opts.tplFactory()
          : new Template('stringTemplate', { ...common.opts, funcs: common.funcs, missingkey: common.missingKey });
        return t.parse(text).execute(data, { host });
      },
    };
  }
}
