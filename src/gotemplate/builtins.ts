/**
 * text/template's builtin functions (funcs.go). Parameters typed `reflect.Value` receive
 * values unconverted: `undefined` is an invalid value, `null` a nil interface.
 * `and`/`or` short-circuit inside the executor; `call` gets the callee's name prepended.
 */
import { canBeNil, assignable } from './call.js';
import { formatValue, sprint, sprintf, sprintln } from './fmt/printer.js';
import { isPrint } from './fmt/quote.js';
import { signatureOf } from './signature.js';
import { basicKind, compareGoStrings, goTypeName, isTrue, toBigInt, toFloat, unboxTyped, utf8Length, zeroOfMapElem, type BasicKind } from './types.js';
import { GoComplex, GoTyped, isGoMap, isGoObject, type FuncContext, type FuncMap, type GoFunc } from './value.js';

function sig<T extends (...a: never[]) => unknown>(fn: T, goSig: string): GoFunc {
  return Object.assign(fn, { goSig }) as unknown as GoFunc;
}

/** indirectInterface: a nil interface becomes "no value". */
function unwrap(v: unknown): unknown {
  return v === null ? undefined : v;
}

function isIntKind(v: unknown): boolean {
  const k = basicKind(v);
  return k === 'int' || k === 'uint';
}

function indexArg(index: unknown, cap: number): number {
  if (index === undefined || index === null) throw new Error('cannot index slice/array with nil');
  if (!isIntKind(index)) throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = toBigInt(index);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function prepareArg(value: unknown, argType: string): unknown {
  if (value === undefined || value === null) {
    if (!canBeNil(argType)) throw new Error(`value is nil; should be of type ${argType}`);
    return argType === 'reflect.Value' ? undefined : null;
  }
  if (assignable(value, argType)) return value;
  if (isIntKind(value) && (argType.startsWith('int') || argType.startsWith('uint'))) return value;
  throw new Error(`value has type ${goTypeName(value)}; should be ${argType}`);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  item = unwrap(item);
  if (item === undefined) throw new Error('index of untyped nil');
  for (let idx of indexes) {
    idx = unwrap(idx);
    if (item === null || item === undefined) throw new Error('index of nil pointer');
    const s = unboxTyped(item);
    if (Array.isArray(s)) {
      const x = indexArg(idx, s.length);
      if (x === s.length) throw new Error(`index out of range: ${x}`);
      item = s[x];
    } else if (typeof s === 'string') {
      const bytes = Buffer.from(s, 'utf8');
      const x = indexArg(idx, bytes.length);
      if (x === bytes.length) throw new Error(`index out of range: ${x}`);
      item = new GoTyped('uint8', 'uint8', bytes[x]);
    } else if (isGoMap(item)) {
      const key = prepareArg(idx, 'string') as string;
      item = Object.hasOwn(item, key) ? item[key] : zeroOfMapElem(item);
    } else {
      throw new Error(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  item = unwrap(item);
  if (item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const s = unboxTyped(item);
  let len: number;
  let bytes: Buffer | undefined;
  if (typeof s === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    bytes = Buffer.from(s, 'utf8');
    len = bytes.length;
  } else if (Array.isArray(s)) {
    len = s.length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(unwrap(x), len)));
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (bytes) return bytes.subarray(idx[0], idx[1]).toString('utf8');
  return (s as unknown[]).slice(idx[0], idx[1]);
}

function length(item: unknown): number {
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  const s = unboxTyped(item);
  if (typeof s === 'string') return utf8Length(s);
  if (Array.isArray(s)) return s.length;
  if (isGoMap(s)) return Object.keys(s).length;
  throw new Error(`len of type ${goTypeName(item)}`);
}

function call(this: FuncContext, name: string, fn: unknown, ...args: unknown[]): unknown {
  fn = unwrap(fn);
  if (fn === undefined) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${goTypeName(fn)}`);
  const g = fn as GoFunc;
  const s = signatureOf(g);
  if (!(s.results.length === 1 || (s.results.length === 2 && s.results[1] === 'error'))) {
    throw new Error(`function ${name} has ${s.results.length} return values; should be 1 or 2`);
  }
  const numIn = s.params.length;
  if (s.variadic) {
    if (args.length < numIn - 1) throw new Error(`wrong number of args for ${name}: got ${args.length} want at least ${numIn - 1}`);
  } else if (args.length !== numIn) {
    throw new Error(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((a, i) => {
    const t = !s.variadic || i < numIn - 1 ? s.params[i] : s.params[numIn - 1];
    try {
      return prepareArg(unwrap(a), t);
    } catch (e) {
      throw new Error(`arg ${i}: ${(e as Error).message}`);
    }
  });
  const v = g.apply(this, argv);
  return v === undefined ? null : v;
}

const errBadComparisonType = 'invalid type for comparison';
const errNoComparison = 'missing argument for comparison';

function incompatible(a: unknown, b: unknown): Error {
  return new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

function sameBasic(k: BasicKind, a: unknown, b: unknown): boolean {
  switch (k) {
    case 'bool':
    case 'string':
      return unboxTyped(a) === unboxTyped(b);
    case 'complex': {
      const x = a as GoComplex;
      const y = b as GoComplex;
      return x.re === y.re && x.im === y.im;
    }
    case 'float':
      return toFloat(a) === toFloat(b);
    default:
      return toBigInt(a) === toBigInt(b);
  }
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  arg1 = unwrap(arg1);
  if (arg2.length === 0) throw new Error(errNoComparison);
  const k1 = basicKind(arg1);
  for (let arg of arg2) {
    arg = unwrap(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = toBigInt(arg1) >= 0n && toBigInt(arg1) === toBigInt(arg);
      else if (k1 === 'uint' && k2 === 'int') truth = toBigInt(arg) >= 0n && toBigInt(arg1) === toBigInt(arg);
      else if (arg1 !== undefined && arg !== undefined) throw incompatible(arg1, arg);
    } else if (k1 !== 'invalid') {
      truth = sameBasic(k1, arg1, arg);
    } else {
      if (arg1 !== undefined && arg !== undefined && goTypeName(arg1) !== goTypeName(arg)) {
        throw new Error(`non-comparable types ${formatValue(arg1)}: ${goTypeName(arg1)}, ${goTypeName(arg)}: ${formatValue(arg)}`);
      }
      if (arg1 === undefined || arg === undefined) truth = arg1 === arg;
      else {
        if (Array.isArray(arg) || isGoMap(arg) || typeof arg === 'function') {
          throw new Error(`non-comparable type ${formatValue(arg)}: ${goTypeName(arg)}`);
        }
        // Pointers compare by identity; struct values by content (approximated by String()).
        truth =
          arg1 === arg ||
          (isGoObject(arg1) && isGoObject(arg) && arg1.goKind !== 'ptr' && !!arg1.goString && arg1.goString() === arg.goString?.());
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  arg1 = unwrap(arg1);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new Error(errBadComparisonType);
  arg2 = unwrap(arg2);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new Error(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return toBigInt(arg1) < 0n || toBigInt(arg1) < toBigInt(arg2);
    if (k1 === 'uint' && k2 === 'int') return toBigInt(arg2) >= 0n && toBigInt(arg1) < toBigInt(arg2);
    throw incompatible(arg1, arg2);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new Error(errBadComparisonType);
    case 'float':
      return toFloat(arg1) < toFloat(arg2);
    case 'string':
      return compareGoStrings(unboxTyped(arg1) as string, unboxTyped(arg2) as string) < 0;
    default:
      return toBigInt(arg1) < toBigInt(arg2);
  }
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

/** evalArgs: like fmt.Sprint, but nil/invalid arguments print as `<no value>`. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => {
    switch (c) {
      case '\0':
        return '\uFFFD';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || isPrint(c)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const RV = 'reflect.Value';

/** The builtin function map, with Go signatures. */
export const builtinFuncs: FuncMap = {
  and: sig(() => undefined, `func(${RV}, ...${RV}) ${RV}`),
  or: sig(() => undefined, `func(${RV}, ...${RV}) ${RV}`),
  call: sig(call, `func(${RV}, ...${RV}) (${RV}, error)`),
  html: sig((...a: unknown[]) => htmlEscape(evalArgs(a)), 'func(...interface {}) string'),
  index: sig(index, `func(${RV}, ...${RV}) (${RV}, error)`),
  slice: sig(slice, `func(${RV}, ...${RV}) (${RV}, error)`),
  js: sig((...a: unknown[]) => jsEscape(evalArgs(a)), 'func(...interface {}) string'),
  len: sig(length, `func(${RV}) (int, error)`),
  not: sig((v: unknown) => !isTrue(v), `func(${RV}) bool`),
  print: sig((...a: unknown[]) => sprint(a), 'func(...interface {}) string'),
  printf: sig((f: string, ...a: unknown[]) => sprintf(f, a), 'func(string, ...interface {}) string'),
  println: sig((...a: unknown[]) => sprintln(a), 'func(...interface {}) string'),
  urlquery: sig((...a: unknown[]) => urlQueryEscape(evalArgs(a)), 'func(...interface {}) string'),
  eq: sig(eq, `func(${RV}, ...${RV}) (bool, error)`),
  ge: sig((a: unknown, b: unknown) => !lt(a, b), `func(${RV}, ${RV}) (bool, error)`),
  gt: sig((a: unknown, b: unknown) => !le(a, b), `func(${RV}, ${RV}) (bool, error)`),
  le: sig(le, `func(${RV}, ${RV}) (bool, error)`),
  lt: sig(lt, `func(${RV}, ${RV}) (bool, error)`),
  ne: sig((a: unknown, b: unknown) => !eq(a, b), `func(${RV}, ${RV}) (bool, error)`),
};
