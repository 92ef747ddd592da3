/** sprig math: int64 arithmetic through cast.ToInt64, float64 arithmetic through shopspring/decimal. */
import { goFloat } from '../value.js';
import { fail, int, type Impl } from './define.js';
import { fromInt64, toFloat64, toInt64 } from './convert.js';
import { decAdd, decDiv, decFromFloat, decMul, decSub, decToFloat, type Dec } from './decimal.js';
import { tagType } from './reflect.js';

function decOp(a: unknown, rest: unknown[], f: (x: Dec, y: Dec) => Dec): number {
  let acc = decFromFloat(toFloat64(a));
  for (const x of rest) acc = f(acc, decFromFloat(toFloat64(x)));
  return decToFloat(acc);
}

/** sprig untilStep: half-open range, empty when the step points away from stop. */
export function untilStep(start: number, stop: number, step: number): number[] {
  const v: number[] = [];
  if (stop < start) {
    if (step >= 0) return v;
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0) return v;
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

export const mathFuncs: Record<string, Impl> = {
  add1: (i) => fromInt64(toInt64(i) + 1n),
  add: (...xs) => fromInt64(xs.reduce<bigint>((a, x) => a + toInt64(x), 0n)),
  sub: (a, b) => fromInt64(toInt64(a) - toInt64(b)),
  div: (a, b) => {
    const d = toInt64(b);
    if (d === 0n) fail('runtime error: integer divide by zero');
    return fromInt64(toInt64(a) / d);
  },
  mod: (a, b) => {
    const d = toInt64(b);
    if (d === 0n) fail('runtime error: integer divide by zero');
    return fromInt64(toInt64(a) % d);
  },
  mul: (a, ...v) => fromInt64(v.reduce<bigint>((acc, x) => acc * toInt64(x), toInt64(a))),
  randInt: (min, max) => {
    const lo = int(min), hi = int(max);
    if (hi - lo <= 0) fail('invalid argument to Intn');
    return lo + Math.floor(Math.random() * (hi - lo));
  },
  add1f: (i) => goFloat(decOp(i, [1], decAdd)),
  addf: (...xs) => goFloat(decOp(0, xs, decAdd)),
  subf: (a, ...v) => goFloat(decOp(a, v, decSub)),
  divf: (a, ...v) => goFloat(decOp(a, v, decDiv)),
  mulf: (a, ...v) => goFloat(decOp(a, v, decMul)),
  biggest: (a, ...xs) => fromInt64(xs.reduce<bigint>((m, x) => { const y = toInt64(x); return y > m ? y : m; }, toInt64(a))),
  max: (a, ...xs) => fromInt64(xs.reduce<bigint>((m, x) => { const y = toInt64(x); return y > m ? y : m; }, toInt64(a))),
  min: (a, ...xs) => fromInt64(xs.reduce<bigint>((m, x) => { const y = toInt64(x); return y < m ? y : m; }, toInt64(a))),
  maxf: (a, ...xs) => goFloat(xs.reduce<number>((m, x) => Math.max(m, toFloat64(x)), toFloat64(a))),
  minf: (a, ...xs) => goFloat(xs.reduce<number>((m, x) => Math.min(m, toFloat64(x)), toFloat64(a))),
  ceil: (a) => goFloat(Math.ceil(toFloat64(a))),
  floor: (a) => goFloat(Math.floor(toFloat64(a))),
  round: (a, p, ...rOpt) => {
    const roundOn = rOpt.length ? toFloat64(rOpt[0]) : 0.5;
    const pow = Math.pow(10, int(p));
    const digit = pow * toFloat64(a);
    const frac = digit - Math.trunc(digit);
    return goFloat((frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow);
  },
  until: (count) => { const c = int(count); return tagType(untilStep(0, c, c < 0 ? -1 : 1), '[]int'); },
  untilStep: (start, stop, step) => tagType(untilStep(int(start), int(stop), int(step)), '[]int'),
};
