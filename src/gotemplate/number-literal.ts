/**
 * Number, rune and complex literals (parse.newNumber): a literal may be usable as int,
 * uint, float and/or complex at once; the executor picks by context.
 */
import { goQuote } from './fmt/quote.js';
import { NumberNode, type TreeRef } from './ast.js';
import { It, type ItemType } from './lexer.js';
import { parseFloat64, parseInt64, parseUint64, unquoteChar } from './strconv.js';
import { GoComplex } from './value.js';

const TWO64 = 18446744073709551616;
const TWO63 = 9223372036854775808;

function simplifyComplex(n: NumberNode): void {
  const c = n.complex128!;
  n.isFloat = c.im === 0;
  if (n.isFloat) {
    n.float64 = c.re;
    n.isInt = Number.isInteger(c.re) && Math.abs(c.re) < TWO63;
    if (n.isInt) n.int64 = BigInt(c.re);
    n.isUint = Number.isInteger(c.re) && c.re >= 0 && c.re < TWO64;
    if (n.isUint) n.uint64 = BigInt(c.re);
  }
}

/** fmt.Sscan of a complex literal such as `1+2i`, `-1.5-3i`. */
function parseComplex(text: string): GoComplex {
  const m = /^([+-]?[^+-]+(?:[eEpP][+-]?\d+)?)([+-][^i]*)i$/.exec(text);
  if (!m) throw new Error(`illegal number syntax: ${goQuote(text)}`);
  const re = parseFloat64(m[1]);
  const im = parseFloat64(m[2]);
  if (re === undefined || im === undefined) throw new Error(`illegal number syntax: ${goQuote(text)}`);
  return new GoComplex(re, im);
}

export function newNumber(tr: TreeRef, pos: number, text: string, typ: ItemType): NumberNode {
  const n = new NumberNode(tr, pos, text);
  if (typ === It.CharConstant) {
    let r;
    try {
      r = unquoteChar(text, 1, "'");
    } catch {
      throw new Error('invalid syntax');
    }
    if (text.slice(r.next) !== "'") throw new Error(`malformed character constant: ${text}`);
    n.int64 = BigInt(r.value);
    n.uint64 = BigInt(r.value);
    n.float64 = r.value;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (typ === It.Complex) {
    n.complex128 = parseComplex(text);
    n.isComplex = true;
    simplifyComplex(n);
    return n;
  }
  if (/^(0|[1-9]\d{0,14})$/.test(text)) {
    // Fast path for the common small decimal literal.
    const v = Number(text);
    n.isInt = n.isUint = n.isFloat = true;
    n.int64 = n.uint64 = BigInt(v);
    n.float64 = v;
    return n;
  }
  if (text.endsWith('i')) {
    const f = parseFloat64(text.slice(0, -1));
    if (f !== undefined) {
      n.isComplex = true;
      n.complex128 = new GoComplex(0, f);
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseUint64(text);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== undefined && Number.isFinite(f)) {
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${goQuote(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && Math.abs(f) < TWO63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < TWO64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${goQuote(text)}`);
  return n;
}
