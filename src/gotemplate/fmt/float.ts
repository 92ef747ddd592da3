/**
 * strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G, b, x, X.
 * Shortest digits come from JS (both produce the shortest round-trip digits closest to
 * the value); fixed precisions round the *exact* binary value half-to-even like Go.
 */

interface Digits {
  /** Significant decimal digits, no leading or trailing zeros ('' for zero). */
  d: string;
  /** Decimal point position: value = 0.d × 10^dp. */
  dp: number;
}

const view = new DataView(new ArrayBuffer(8));

function decompose(f: number): { mant: bigint; exp: number } {
  view.setFloat64(0, Math.abs(f));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (bexp === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = bexp - 1075;
  }
  return { mant, exp };
}

function trimZeros(x: Digits): Digits {
  let n = x.d.length;
  while (n > 0 && x.d[n - 1] === '0') n--;
  const d = x.d.slice(0, n);
  return d === '' ? { d: '', dp: 0 } : { d, dp: x.dp };
}

/** Exact decimal expansion of |f|. */
function exactDigits(f: number): Digits {
  if (f === 0) return { d: '', dp: 0 };
  const { mant, exp } = decompose(f);
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  let i = 0;
  while (i < s.length - 1 && s[i] === '0') i++;
  return trimZeros({ d: s.slice(i), dp: dp - i });
}

/** Shortest round-trip digits of |f|. */
function shortestDigits(f: number): Digits {
  if (f === 0) return { d: '', dp: 0 };
  const [mant, e] = Math.abs(f).toExponential().split('e');
  return trimZeros({ d: mant.replace('.', ''), dp: Number(e) + 1 });
}

/** decimal.Round(nd) with Go's half-to-even rule on exact ties. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return nd < 0 ? { d: '', dp: 0 } : x;
  let up: boolean;
  if (x.d[nd] === '5' && nd + 1 === x.d.length) {
    up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = x.d[nd] >= '5';
  }
  if (!up) return trimZeros({ d: x.d.slice(0, nd), dp: x.dp });
  const digits = x.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  digits[i] = String.fromCharCode(digits[i].charCodeAt(0) + 1);
  return trimZeros({ d: digits.slice(0, i + 1).join(''), dp: x.dp });
}

function fmtE(neg: boolean, x: Digits, prec: number, ch: string): string {
  let s = neg ? '-' : '';
  s += x.d.length ? x.d[0] : '0';
  if (prec > 0) {
    s += '.';
    const m = Math.min(x.d.length, prec + 1);
    s += x.d.slice(1, m);
    s += '0'.repeat(Math.max(0, prec + 1 - Math.max(m, 1)));
  }
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return s + ch + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (x.dp > 0) {
    const m = Math.min(x.d.length, x.dp);
    s += x.d.slice(0, m) + '0'.repeat(x.dp - m);
  } else {
    s += '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      s += j >= 0 && j < x.d.length ? x.d[j] : '0';
    }
  }
  return s;
}

function fmtB(f: number): string {
  const { mant, exp } = decompose(f);
  const neg = f < 0 || Object.is(f, -0);
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '') + exp;
}

function fmtX(f: number, prec: number, upper: boolean): string {
  const neg = f < 0 || Object.is(f, -0);
  let { mant, exp } = decompose(f);
  if (mant === 0n) {
    exp = 0;
  } else {
    // Normalise so the leading 1 is bit 52, then express as 1.xxxx × 2^exp.
    while (mant < 1n << 52n) {
      mant <<= 1n;
      exp--;
    }
    exp += 52;
  }
  let frac = mant & ((1n << 52n) - 1n);
  let lead = mant === 0n ? 0n : 1n;
  let hex = frac.toString(16).padStart(13, '0');
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    const full = (lead << 52n) | frac;
    const half = 1n << (shift - 1n);
    let q = full >> shift;
    const rem = full & ((1n << shift) - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    lead = q >> BigInt(prec * 4);
    if (lead > 1n) {
      q >>= 1n;
      exp++;
      lead = 1n;
    }
    frac = q & ((1n << BigInt(prec * 4)) - 1n);
    hex = prec === 0 ? '' : frac.toString(16).padStart(prec, '0');
  } else {
    hex = hex.replace(/0+$/, '');
    if (prec > 13) hex = hex.padEnd(prec, '0');
  }
  let s = (neg ? '-' : '') + '0x' + lead.toString() + (hex ? '.' + hex : '') + 'p' + (exp >= 0 ? '+' : '-') + String(Math.abs(exp)).padStart(2, '0');
  if (upper) s = s.toUpperCase();
  return s;
}

/** strconv.FormatFloat(f, fmt, prec, 64); prec < 0 means shortest. */
export function formatFloat(f: number, fmt: string, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (fmt === 'b') return fmtB(f);
  if (fmt === 'x' || fmt === 'X') return fmtX(f, prec, fmt === 'X');
  const neg = f < 0 || Object.is(f, -0);
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(f);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(x.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(x.d.length - x.dp, 0);
        break;
      default:
        prec = x.d.length;
    }
  } else {
    x = exactDigits(f);
    switch (fmt) {
      case 'e':
      case 'E':
        x = roundDigits(x, prec + 1);
        break;
      case 'f':
        x = roundDigits(x, x.dp + prec);
        break;
      default:
        if (prec === 0) prec = 1;
        x = roundDigits(x, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, x, prec, fmt);
    case 'f':
      return fmtF(neg, x, prec);
  }
  // g / G
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > x.d.length) prec = x.d.length;
    return fmtE(neg, x, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > x.dp) prec = x.d.length;
  return fmtF(neg, x, Math.max(prec - x.dp, 0));
}

/** `%v` of a float64: strconv 'g' shortest (`1e+06`, `123456`, `1e-05`). */
export function formatFloatV(f: number): string {
  return formatFloat(f, 'g', -1);
}
