/**
 * The executor (text/template exec.go): walks a tree with a dot value and a variable
 * stack, writing into a chunk array. Field access, missingkey modes, range/with/if,
 * template calls and printing live here; function calls and argument checks in call.ts.
 */
import type { BranchNode, ChainNode, CommandNode, FieldNode, IdentifierNode, Node, NumberNode, PipeNode, TemplateNode, VariableNode } from './ast.js';
import { evalCall, evalArg, type FuncInfo } from './call.js';
import { TemplateExecError, execErrorMessage } from './errors.js';
import { formatValue } from './fmt/printer.js';
import { goQuote } from './fmt/quote.js';
import { signatureOf } from './signature.js';
import type { Template } from './template.js';
import { goTypeName, isIntNumber, isTrue, sortedKeys, zeroOfMapElem } from './types.js';
import { GoTyped, goFloat, isGoMap, isGoObject, type FuncContext, type GoFunc } from './value.js';

/** Marks "no value passed down the pipeline" (Go's missingVal). */
export const MISSING: unique symbol = Symbol('missing');
export type Final = unknown;

/** Go's maxExecDepth. */
export const MAX_EXEC_DEPTH = 100000;

const BREAK = { signal: 'break' };
const CONTINUE = { signal: 'continue' };

interface Variable {
  name: string;
  value: unknown;
  /** The value came out of an interface{} slot (map value, slice element). */
  iface: boolean;
}

/** Integer literal or index as the value model's int: number when safe, bigint beyond. */
export function intValue(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** One execution of a template (Go's `state`). */
export class ExecState {
  node: Node | undefined;
  vars: Variable[];
  depth = 0;
  /** Dot came from an interface{} slot (range element): field errors name `interface {}`. */
  dotIface = false;
  /** Side channel of evalField: the returned value sits in an interface{} slot. */
  fieldIface = false;

  constructor(
    public tmpl: Template,
    readonly out: string[],
    readonly funcCtx: FuncContext,
    data: unknown,
  ) {
    this.vars = [{ name: '$', value: data, iface: false }];
  }

  errorf(msg: string): never {
    throw new TemplateExecError(execErrorMessage(this.tmpl.name, this.node, msg), this.tmpl.name);
  }

  at(node: Node): void {
    this.node = node;
  }

  setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        this.vars[i].iface = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: unknown, iface: boolean): void {
    const v = this.vars[this.vars.length - n];
    v.value = value;
    v.iface = iface;
  }

  varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    return this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: unknown, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(node as BranchNode, dot);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node as BranchNode);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out.push(node.text);
        return;
    }
    this.errorf(`unknown node: ${node}`);
  }

  walkIfOrWith(node: BranchNode, dot: unknown): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) {
        if (node.type === 'with') {
          const saved = this.dotIface;
          this.dotIface = false;
          try {
            this.walk(val, node.list);
          } finally {
            this.dotIface = saved;
          }
        } else this.walk(dot, node.list);
      } else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  walkRange(dot: unknown, r: BranchNode): void {
    this.at(r);
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const one = (index: unknown, elem: unknown, iface: boolean): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem, iface);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.setTopVar(2, index, false);
        }
        const saved = this.dotIface;
        this.dotIface = iface;
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
          this.dotIface = saved;
        }
      };
      try {
        if (Array.isArray(val)) {
          if (val.length > 0) {
            for (let i = 0; i < val.length; i++) one(i, val[i], true);
            return;
          }
        } else if (isGoMap(val)) {
          const keys = sortedKeys(val);
          if (keys.length > 0) {
            for (const k of keys) one(k, val[k], true);
            return;
          }
        } else if (isRangeInt(val)) {
          if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
          const n = val instanceof GoTyped ? Number(val.value) : Number(val);
          if (n > 0) {
            for (let i = 0; i < n; i++) one(i, i, false);
            return;
          }
        } else if (val !== undefined) {
          this.errorf(`range can't iterate over ${formatValue(val)}`);
        }
      } catch (e) {
        if (e === BREAK) return;
        throw e;
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  walkTemplate(dot: unknown, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.tmpl.lookup(t.name);
    if (!tmpl || !tmpl.tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = this.evalPipeline(dot, t.pipe);
    const saved = { tmpl: this.tmpl, vars: this.vars, depth: this.depth, dotIface: this.dotIface };
    this.depth++;
    this.tmpl = tmpl;
    this.vars = [{ name: '$', value: newDot, iface: false }];
    this.dotIface = false;
    try {
      this.walk(newDot, tmpl.tree.root);
    } finally {
      Object.assign(this, saved);
    }
  }

  evalPipeline(dot: unknown, pipe: PipeNode | undefined): unknown {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // An interface{} holding nil is dug out to "no value" (exec.go evalPipeline).
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.vars.push({ name: v.ident[0], value, iface: false });
    }
    return value;
  }

  notAFunction(args: Node[] | null, final: Final): void {
    if ((args && args.length > 1) || final !== MISSING) this.errorf(`can't give argument to non-function ${args![0]}`);
  }

  evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    return this.errorf(`can't evaluate command ${goQuote(String(first))}`);
  }

  idealConstant(c: NumberNode): unknown {
    this.at(c);
    if (c.isComplex) return c.complex128;
    const t = c.text;
    const hexInt = t.length > 2 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X') && !/[pP]/.test(t);
    if (c.isFloat && !hexInt && t[0] !== "'" && /[.eEpP]/.test(t)) return goFloat(c.float64);
    if (c.isInt) return intValue(c.int64);
    if (c.isUint) this.errorf(`${t} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: unknown, field: FieldNode, args: Node[] | null, final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, this.dotIface, field, field.ident, args, final);
  }

  evalChainNode(dot: unknown, chain: ChainNode, args: Node[] | null, final: Final): unknown {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${chain}`);
    const pipe = evalArg(this, dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, false, chain, chain.field, args, final);
  }

  evalVariableNode(dot: unknown, variable: VariableNode, args: Node[] | null, final: Final): unknown {
    this.at(variable);
    const v = this.varValue(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, v.iface, variable, variable.ident.slice(1), args, final);
  }

  evalFieldChain(dot: unknown, receiver: unknown, iface: boolean, node: Node, ident: string[], args: Node[] | null, final: Final): unknown {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i], node, null, MISSING, receiver, iface);
      iface = this.fieldIface;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, receiver, iface);
  }

  evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): unknown {
    this.at(node);
    const fn = this.tmpl.findFunction(node.ident);
    if (!fn) this.errorf(`${goQuote(node.ident)} is not a defined function`);
    return evalCall(this, dot, fn, cmd, node.ident, args, final);
  }

  /** evalField: `.Name` on a map key, a host object's method or field. */
  evalField(dot: unknown, fieldName: string, node: Node, args: Node[] | null, final: Final, receiver: unknown, iface: boolean): unknown {
    this.fieldIface = false;
    if (receiver === undefined) {
      if (this.tmpl.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    const typ = iface ? 'interface {}' : goTypeName(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (isGoObject(receiver)) {
      const method = receiver.goMethod?.(fieldName);
      if (method) {
        const g = method as GoFunc;
        const info: FuncInfo = { fn: g, sig: signatureOf(g), isBuiltin: false, self: receiver };
        const result = evalCall(this, dot, info, node, fieldName, args, final);
        this.fieldIface = false;
        return result;
      }
      const field = receiver.goField?.(fieldName);
      if (field !== undefined) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return field;
      }
    } else if (isGoMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      this.fieldIface = true;
      if (Object.hasOwn(receiver, fieldName)) return receiver[fieldName];
      switch (this.tmpl.missingKey) {
        case 'zero':
          return zeroOfMapElem(receiver); // for map[string]interface{}: a nil interface
        case 'error':
          this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
      }
      return undefined;
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  printValue(node: Node, v: unknown): void {
    this.at(node);
    if (v === undefined || v === null) {
      this.out.push('<no value>');
      return;
    }
    if (typeof v === 'string') {
      this.out.push(v);
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${node} of type ${goTypeName(v)}`);
    this.out.push(formatValue(v));
  }
}

function isRangeInt(v: unknown): boolean {
  if (typeof v === 'number') return isIntNumber(v);
  if (typeof v === 'bigint') return true;
  return v instanceof GoTyped && (v.kind.startsWith('int') || v.kind.startsWith('uint'));
}
