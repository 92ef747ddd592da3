/**
 * Function and method calls (exec.go evalCall/evalArg/validateType): arity checks against
 * the Go signature, literal conversion by parameter type, assignability of computed values,
 * `and`/`or` short-circuit, and `error calling NAME: …` wrapping of thrown errors.
 */
import type { Node } from './ast.js';
import { MISSING, intValue, type ExecState, type Final } from './exec.js';
import { goQuote } from './fmt/quote.js';
import type { Signature } from './signature.js';
import { goTypeName, isIntNumber, isTrue } from './types.js';
import { GoComplex, GoFloat, GoTyped, goFloat, isGoMap, isGoObject, type GoFunc } from './value.js';

/** A resolved function: the callable, its Go signature, and whether it is a text/template builtin. */
export interface FuncInfo {
  fn: GoFunc | ((...args: unknown[]) => unknown);
  sig: Signature;
  isBuiltin: boolean;
  /** Receiver for host-object methods. */
  self?: unknown;
}

type TypeKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'iface' | 'reflect' | 'other';

const INT_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'rune']);
const UINT_TYPES = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte']);

export function typeKind(t: string | null): TypeKind {
  if (t === null || t === 'interface {}') return 'iface';
  if (t === 'reflect.Value') return 'reflect';
  if (t === 'bool') return 'bool';
  if (t === 'string') return 'string';
  if (INT_TYPES.has(t)) return 'int';
  if (UINT_TYPES.has(t)) return 'uint';
  if (t === 'float64' || t === 'float32') return 'float';
  if (t === 'complex128' || t === 'complex64') return 'complex';
  return 'other';
}

/** reflect: can an untyped nil be assigned to the type. */
export function canBeNil(t: string): boolean {
  return (
    t === 'interface {}' ||
    t === 'reflect.Value' ||
    t === 'error' ||
    t === 'fmt.Stringer' ||
    t.startsWith('[]') ||
    t.startsWith('map[') ||
    t.startsWith('*') ||
    t.startsWith('func') ||
    t.startsWith('chan')
  );
}

/** reflect.Zero for a nil-able type: a nil interface is null; a zero reflect.Value is "no value". */
function zeroOf(t: string): unknown {
  return t === 'reflect.Value' ? undefined : null;
}

function isIntValue(v: unknown): boolean {
  if (typeof v === 'number') return isIntNumber(v);
  if (typeof v === 'bigint') return true;
  return v instanceof GoTyped && (v.kind.startsWith('int') || v.kind.startsWith('uint'));
}

/**
 * Go assignability of a value of the model to a parameter type. Integer widths are
 * treated leniently (function libraries return plain numbers for int64 results).
 */
export function assignable(v: unknown, t: string): boolean {
  if (t === 'interface {}' || t === 'reflect.Value') return true;
  if (v === null || v === undefined) return false;
  switch (typeKind(t)) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
    case 'uint':
      return t === 'int' ? typeof v === 'bigint' || (typeof v === 'number' && isIntNumber(v)) : isIntValue(v);
    case 'float':
      return v instanceof GoFloat || (typeof v === 'number' && !isIntNumber(v)) || (v instanceof GoTyped && v.goType === t);
    case 'complex':
      return v instanceof GoComplex;
  }
  if (t.startsWith('[]')) return Array.isArray(v);
  if (t.startsWith('map[')) return isGoMap(v);
  if (t.startsWith('func')) return typeof v === 'function';
  if (v instanceof GoTyped) return v.goType === t;
  if (isGoObject(v)) return true;
  return false;
}

/** validateType: the value must be valid and assignable to the parameter type. */
export function validateType(s: ExecState, value: unknown, typ: string | null): unknown {
  if (value === undefined) {
    if (typ === null) return undefined;
    if (canBeNil(typ)) return zeroOf(typ);
    s.errorf(`invalid value; expected ${typ}`);
  }
  if (typ === null || typ === 'reflect.Value' || typ === 'interface {}') return value;
  if (!assignable(value, typ)) {
    s.errorf(`wrong type for value; expected ${typ}; got ${value === null ? 'interface {}' : goTypeName(value)}`);
  }
  return value;
}

/** evalArg: evaluate an argument node for a parameter of type `typ` (null = untyped). */
export function evalArg(s: ExecState, dot: unknown, typ: string | null, n: Node): unknown {
  s.at(n);
  switch (n.type) {
    case 'dot':
      return validateType(s, dot, typ);
    case 'nil':
      if (typ !== null && canBeNil(typ)) return zeroOf(typ);
      return s.errorf(`cannot assign nil to ${typ}`);
    case 'field':
      return validateType(s, s.evalFieldNode(dot, n, [n], MISSING), typ);
    case 'variable':
      return validateType(s, s.evalVariableNode(dot, n, null, MISSING), typ);
    case 'pipe':
      return validateType(s, s.evalPipeline(dot, n), typ);
    case 'identifier':
      return validateType(s, s.evalFunction(dot, n, n, null, MISSING), typ);
    case 'chain':
      return validateType(s, s.evalChainNode(dot, n, null, MISSING), typ);
  }
  switch (typeKind(typ)) {
    case 'bool':
      if (n.type === 'bool') return n.value;
      return s.errorf(`expected bool; found ${n}`);
    case 'complex':
      if (n.type === 'number' && n.isComplex) return n.complex128;
      return s.errorf(`expected complex; found ${n}`);
    case 'float':
      if (n.type === 'number' && n.isFloat) return goFloat(n.float64);
      return s.errorf(`expected float; found ${n}`);
    case 'int':
      if (n.type === 'number' && n.isInt) return intValue(n.int64);
      return s.errorf(`expected integer; found ${n}`);
    case 'uint':
      if (n.type === 'number' && n.isUint) return intValue(n.uint64);
      return s.errorf(`expected unsigned integer; found ${n}`);
    case 'string':
      if (n.type === 'string') return n.text;
      return s.errorf(`expected string; found ${n}`);
    case 'iface':
    case 'reflect':
      return evalEmptyInterface(s, dot, n);
  }
  return s.errorf(`can't handle ${n} for arg of type ${typ}`);
}

function evalEmptyInterface(s: ExecState, dot: unknown, n: Node): unknown {
  s.at(n);
  switch (n.type) {
    case 'bool':
      return n.value;
    case 'number':
      return s.idealConstant(n);
    case 'string':
      return n.text;
  }
  return s.errorf(`can't handle assignment of ${n} to empty interface argument`);
}

/** Go's `reflect.Value.String()` of a non-string value: `<int Value>`. */
function valueString(v: unknown): string {
  return typeof v === 'string' ? v : `<${goTypeName(v)} Value>`;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** evalCall: check arity, evaluate and check arguments, call, wrap errors. */
export function evalCall(
  s: ExecState,
  dot: unknown,
  fn: FuncInfo,
  node: Node,
  name: string,
  args: Node[] | null,
  final: Final,
): unknown {
  const argNodes = args ? args.slice(1) : [];
  const sig = fn.sig;
  let numIn = argNodes.length;
  if (final !== MISSING) numIn++;
  let numFixed = argNodes.length;
  if (sig.variadic) {
    numFixed = sig.params.length - 1;
    if (numIn < numFixed) {
      s.errorf(`wrong number of args for ${name}: want at least ${sig.params.length - 1} got ${argNodes.length}`);
    }
  } else if (numIn !== sig.params.length) {
    s.errorf(`wrong number of args for ${name}: want ${sig.params.length} got ${numIn}`);
  }
  if (!(sig.results.length === 1 || (sig.results.length === 2 && sig.results[1] === 'error'))) {
    s.errorf(`can't call method/function ${goQuote(name)} with ${sig.results.length} results`);
  }
  if (fn.isBuiltin && (name === 'and' || name === 'or')) {
    const argType = sig.params[0];
    let v: unknown = undefined;
    for (const a of argNodes) {
      v = evalArg(s, dot, argType, a);
      if (isTrue(v) === (name === 'or')) return v;
    }
    if (final !== MISSING) v = validateType(s, final, argType);
    return v;
  }
  const argv: unknown[] = new Array(numIn);
  let i = 0;
  for (; i < numFixed && i < argNodes.length; i++) argv[i] = evalArg(s, dot, sig.params[i], argNodes[i]);
  if (sig.variadic) {
    const t = sig.params[sig.params.length - 1];
    for (; i < argNodes.length; i++) argv[i] = evalArg(s, dot, t, argNodes[i]);
  }
  if (final !== MISSING) {
    let t = sig.params[sig.params.length - 1];
    if (sig.variadic && numIn - 1 < numFixed) t = sig.params[numIn - 1];
    argv[i] = validateType(s, final, t);
  }
  let callArgs = argv;
  if (fn.isBuiltin && name === 'call') {
    callArgs = [argNodes.length === 0 ? valueString(final) : String(argNodes[0]), ...argv];
  }
  let v: unknown;
  try {
    v = (fn.fn as (...a: unknown[]) => unknown).apply(fn.self ?? s.funcCtx, callArgs);
  } catch (e) {
    if (e instanceof RangeError && /call stack/.test(e.message)) throw e;
    s.at(node);
    s.errorf(`error calling ${name}: ${errorText(e)}`);
  }
  // A Go function always returns a value: a JS undefined is a nil interface.
  if (v === undefined && !fn.isBuiltin) v = null;
  return v;
}
