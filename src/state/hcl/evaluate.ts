/**
 * Evaluates HCL values files the way Helmfile's pkg/hcllang does: every `values { }`
 * block of every file of one environment feeds one namespace `hv` (a later file's
 * attribute replaces an earlier one), `locals { }` are per file (`local.x`), and
 * attributes are evaluated lazily in dependency order (cycles are errors).
 */
import { UserError } from '../../errors/index.js';
import { HCL_FUNCTIONS } from './functions.js';
import { HclSyntaxError, parseHcl, type Expr, type TemplatePart } from './parser.js';

/** One HCL file to evaluate. */
export interface HclFile {
  /** Path shown in messages. */
  path: string;
  text: string;
}

interface Slot {
  expr: Expr;
  file: string;
  line: number;
  locals: Map<string, Slot>;
  state: 'new' | 'busy' | 'done';
  value?: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toStr(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  throw new Error(`${where}: cannot use ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v} in a string template`);
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

/** Evaluates the files together; returns the merged `values` map. @throws UserError */
export function evaluateHclValues(files: readonly HclFile[]): Record<string, unknown> {
  const hv = new Map<string, Slot>();
  for (const f of files) {
    let body;
    try {
      body = parseHcl(f.text);
    } catch (e) {
      if (e instanceof HclSyntaxError) throw new UserError(`HCL syntax error: ${e.message}`, { location: { file: f.path, line: e.line, column: e.column } });
      throw e;
    }
    const locals = new Map<string, Slot>();
    for (const b of body.blocks) {
      if (b.type === 'locals') {
        for (const a of b.body.attributes) locals.set(a.name, { expr: a.expr, file: f.path, line: a.line, locals, state: 'new' });
      } else if (b.type !== 'values') {
        throw new UserError(`unsupported HCL block "${b.type}" (only values and locals)`, { location: { file: f.path, line: b.line } });
      }
    }
    if (body.attributes.length) {
      const a = body.attributes[0] as { name: string; line: number };
      throw new UserError(`HCL attribute "${a.name}" must be inside a values or locals block`, { location: { file: f.path, line: a.line } });
    }
    for (const b of body.blocks) {
      if (b.type !== 'values') continue;
      for (const a of b.body.attributes) hv.set(a.name, { expr: a.expr, file: f.path, line: a.line, locals, state: 'new' });
    }
  }

  const force = (slot: Slot, name: string): unknown => {
    if (slot.state === 'done') return slot.value;
    if (slot.state === 'busy') throw new UserError(`HCL values: circular reference through "${name}"`, { location: { file: slot.file, line: slot.line } });
    slot.state = 'busy';
    try {
      slot.value = evaluate(slot.expr, slot, new Map());
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`HCL values: ${name}: ${(e as Error).message}`, { location: { file: slot.file, line: slot.line } });
    }
    slot.state = 'done';
    return slot.value;
  };

  const namespace = (ns: string, slot: Slot): Record<string, unknown> => {
    const src = ns === 'hv' ? hv : slot.locals;
    // A lazy view: only referenced attributes are evaluated (and so may form no cycle).
    return new Proxy({} as Record<string, unknown>, {
      get: (_t, key) => {
        if (typeof key !== 'string') return undefined;
        const s = src.get(key);
        if (!s) throw new Error(`unsupported attribute "${key}": ${ns}.${key} is not defined`);
        return force(s, `${ns}.${key}`);
      },
      has: (_t, key) => typeof key === 'string' && src.has(key),
      ownKeys: () => [...src.keys()],
      getOwnPropertyDescriptor: (_t, key) =>
        typeof key === 'string' && src.has(key) ? { enumerable: true, configurable: true, value: force(src.get(key) as Slot, `${ns}.${key}`) } : undefined,
    });
  };

  const materialize = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(materialize);
    if (isObj(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) out[k] = materialize(v[k]);
      return out;
    }
    return v;
  };

  const evaluate = (e: Expr, slot: Slot, scope: Map<string, unknown>): unknown => {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'tmpl':
        return renderParts(e.parts, slot, scope);
      case 'var':
        if (scope.has(e.name)) return scope.get(e.name);
        if (e.name === 'hv' || e.name === 'local') return namespace(e.name, slot);
        throw new Error(`unknown variable "${e.name}"`);
      case 'get': {
        const o = evaluate(e.obj, slot, scope);
        if (!isObj(o) && !(typeof o === 'object' && o !== null)) throw new Error(`cannot read "${e.key}" of ${o === null ? 'null' : typeof o}`);
        if (!(e.key in (o as object))) throw new Error(`unsupported attribute "${e.key}"`);
        return (o as Record<string, unknown>)[e.key];
      }
      case 'index': {
        const o = evaluate(e.obj, slot, scope);
        const i = evaluate(e.index, slot, scope);
        if (Array.isArray(o)) {
          if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= o.length) throw new Error(`invalid index ${String(i)}`);
          return o[i];
        }
        if (isObj(o) || (typeof o === 'object' && o !== null)) {
          const k = toStr(i, 'index');
          if (!(k in (o as object))) throw new Error(`invalid key "${k}"`);
          return (o as Record<string, unknown>)[k];
        }
        throw new Error('cannot index a value that is not a list or map');
      }
      case 'call': {
        const fn = HCL_FUNCTIONS[e.name];
        if (!fn) throw new Error(`call to unknown function "${e.name}"`);
        let args = e.args.map((a) => materialize(evaluate(a, slot, scope)));
        if (e.expand) {
          const last = args.pop();
          if (!Array.isArray(last)) throw new Error('the last argument before "..." must be a list');
          args = [...args, ...last];
        }
        return fn(...args);
      }
      case 'list':
        return e.items.map((x) => evaluate(x, slot, scope));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const { key, value } of e.items) out[toStr(evaluate(key, slot, scope), 'object key')] = evaluate(value, slot, scope);
        return out;
      }
      case 'unary': {
        const x = evaluate(e.x, slot, scope);
        if (e.op === '!') {
          if (typeof x !== 'boolean') throw new Error('"!" needs a bool');
          return !x;
        }
        if (typeof x !== 'number') throw new Error('"-" needs a number');
        return -x;
      }
      case 'binary':
        return binary(e.op, evaluate(e.l, slot, scope), () => evaluate(e.r, slot, scope));
      case 'cond': {
        const c = evaluate(e.c, slot, scope);
        if (typeof c !== 'boolean') throw new Error('the condition must be a bool');
        return c ? evaluate(e.t, slot, scope) : evaluate(e.f, slot, scope);
      }
      case 'for': {
        const coll = materialize(evaluate(e.coll, slot, scope));
        const entries: [unknown, unknown][] = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : isObj(coll) ? Object.entries(coll) : [];
        const outList: unknown[] = [];
        const outObj: Record<string, unknown> = {};
        for (const [k, v] of entries) {
          const s = new Map(scope);
          if (e.keyVar) s.set(e.keyVar, k);
          s.set(e.valVar, v);
          if (e.cond && evaluate(e.cond, slot, s) !== true) continue;
          if (e.object) outObj[toStr(evaluate(e.keyExpr as Expr, slot, s), 'for key')] = evaluate(e.valExpr, slot, s);
          else outList.push(evaluate(e.valExpr, slot, s));
        }
        return e.object ? outObj : outList;
      }
    }
  };

  const renderParts = (parts: TemplatePart[], slot: Slot, scope: Map<string, unknown>): string => {
    let out = '';
    for (const p of parts) {
      if (p.k === 'text') out += p.v;
      else if (p.k === 'interp') out += toStr(materialize(evaluate(p.e, slot, scope)), 'interpolation');
      else if (p.k === 'if') {
        const c = evaluate(p.c, slot, scope);
        if (typeof c !== 'boolean') throw new Error('%{if} needs a bool');
        out += renderParts(c ? p.then : p.else, slot, scope);
      } else {
        const coll = materialize(evaluate(p.coll, slot, scope));
        const entries: [unknown, unknown][] = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : isObj(coll) ? Object.entries(coll) : [];
        for (const [k, v] of entries) {
          const s = new Map(scope);
          if (p.keyVar) s.set(p.keyVar, k);
          s.set(p.valVar, v);
          out += renderParts(p.body, slot, s);
        }
      }
    }
    return out;
  };

  const result: Record<string, unknown> = {};
  for (const [name, slot] of hv) result[name] = materialize(force(slot, `hv.${name}`));
  return result;
}

function binary(op: string, l: unknown, rThunk: () => unknown): unknown {
  if (op === '&&' || op === '||') {
    if (typeof l !== 'boolean') throw new Error(`"${op}" needs bools`);
    if (op === '&&' && !l) return false;
    if (op === '||' && l) return true;
    const r = rThunk();
    if (typeof r !== 'boolean') throw new Error(`"${op}" needs bools`);
    return r;
  }
  const r = rThunk();
  if (op === '==') return JSON.stringify(l) === JSON.stringify(r);
  if (op === '!=') return JSON.stringify(l) !== JSON.stringify(r);
  const ln = typeof l === 'string' && l.trim() !== '' && !Number.isNaN(Number(l)) ? Number(l) : l;
  const rn = typeof r === 'string' && r.trim() !== '' && !Number.isNaN(Number(r)) ? Number(r) : r;
  if (typeof ln !== 'number' || typeof rn !== 'number') throw new Error(`"${op}" needs numbers`);
  switch (op) {
    case '+':
      return ln + rn;
    case '-':
      return ln - rn;
    case '*':
      return ln * rn;
    case '/':
      if (rn === 0) throw new Error('divide by zero');
      return ln / rn;
    case '%':
      return ln % rn;
    case '<':
      return ln < rn;
    case '>':
      return ln > rn;
    case '<=':
      return ln <= rn;
    case '>=':
      return ln >= rn;
  }
  throw new Error(`unknown operator ${op}`);
}
