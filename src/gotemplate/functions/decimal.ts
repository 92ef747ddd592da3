/**
 * The part of shopspring/decimal sprig's float math (addf, subf, mulf, divf) goes through:
 * floats become exact decimals of their shortest representation, so `addf 1.5 2.2` is 3.7,
 * not 3.7000000000000006. Division rounds to 16 places like decimal.DivisionPrecision.
 */
export interface Dec {
  m: bigint;
  e: number;
}

/** decimal.NewFromFloat: the shortest decimal that round-trips. */
export function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${f === Infinity ? '+Inf' : f === -Infinity ? '-Inf' : 'NaN'}`);
  const [mant, exp] = f.toExponential().split('e');
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  const frac = mant.includes('.') ? mant.split('.')[1].length : 0;
  return { m: BigInt((neg ? '-' : '') + digits), e: Number(exp) - frac };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e), e];
}

export const decAdd = (a: Dec, b: Dec): Dec => { const [x, y, e] = align(a, b); return { m: x + y, e }; };
export const decSub = (a: Dec, b: Dec): Dec => { const [x, y, e] = align(a, b); return { m: x - y, e }; };
export const decMul = (a: Dec, b: Dec): Dec => ({ m: a.m * b.m, e: a.e + b.e });

/** Decimal.Div: 16 fractional digits, rounded half away from zero. */
export function decDiv(a: Dec, b: Dec): Dec {
  if (b.m === 0n) throw new Error('decimal division by zero');
  const k = a.e - b.e + 16;
  let n = a.m;
  let d = b.m;
  if (k >= 0) n *= 10n ** BigInt(k);
  else d *= 10n ** BigInt(-k);
  let q = n / d;
  const r = n % d;
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (2n * abs(r) >= abs(d)) q += (n < 0n) !== (d < 0n) ? -1n : 1n;
  return { m: q, e: -16 };
}

/** Decimal.Float64. */
export function decToFloat(d: Dec): number {
  return Number(`${d.m}e${d.e}`);
}
