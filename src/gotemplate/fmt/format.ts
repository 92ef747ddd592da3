/**
 * Go fmt's low-level formatter (fmt/format.go plus the verb dispatch of print.go for
 * basic kinds): flags, width/precision padding, integers, floats, complex numbers,
 * strings and the `%!verb(type=value)` form for bad verbs.
 */
import type { GoComplex } from '../value.js';
import { goTypeName } from '../types.js';
import { formatFloat } from './float.js';
import { canBackquote, goQuote, goQuoteASCII, goQuoteRune, isPrint } from './quote.js';

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

/** Flags and padding state of one Sprintf/Sprint call. */
export abstract class Formatter {
  buf = '';
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  erroring = false;
  arg: unknown = undefined;

  clearflags(): void {
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
    this.minus = this.plus = this.sharp = this.space = this.zero = this.plusV = this.sharpV = false;
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  truncate(s: string): string {
    if (this.precPresent) {
      const cps = [...s];
      if (cps.length > this.prec) return cps.slice(0, this.prec).join('');
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.plus ? goQuoteASCII(s) : goQuote(s));
  }

  fmtSx(s: string, upper: boolean): void {
    let bytes = Buffer.from(s, 'utf8');
    if (this.precPresent && this.prec < bytes.length) bytes = bytes.subarray(0, this.prec);
    const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    let out = '';
    bytes.forEach((b, i) => {
      if (this.space && i > 0) out += ' ';
      if (this.sharp && (this.space || i === 0)) out += upper ? '0X' : '0x';
      out += digits[b >> 4] + digits[b & 15];
    });
    this.pad(out);
  }

  fmtInteger(v: bigint, base: number, signed: boolean, verb: string, upper: boolean): void {
    const negative = signed && v < 0n;
    let u = negative ? -v : v;
    if (!signed && u < 0n) u = u + (1n << 64n);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (this.plus) digits = '+' + digits;
    else if (this.space) digits = ' ' + digits;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(digits);
    this.zero = oldZero;
  }

  fmtFloatStr(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb === 'F' ? 'f' : verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') num = this.sharpFloat(num, verb, prec);
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** `#` on floats: always a decimal point; %g keeps trailing zeros. */
  sharpFloat(num: string, verb: string, prec: number): string {
    let digits = 0;
    if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
      digits = prec;
      if (digits === -1) digits = verb === 'x' ? 1 : 6;
    }
    const m = /^([+-])(\d*)(\.?)(\d*)(([eEpP].*)?)$/.exec(num);
    if (!m) return num;
    const [, sign, intPart, dot, frac, tail] = m;
    let body = intPart + (dot || '.') + frac;
    if (verb === 'g' || verb === 'G' || verb === 'v') {
      const sig = (intPart + frac).replace(/^0+/, '').length || 1;
      if (digits > sig) body += '0'.repeat(digits - sig);
    }
    return sign + body + (tail ?? '');
  }

  fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloatStr(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatStr(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        this.fmtFloatStr(v, verb, 6);
        return;
    }
    this.badVerb(verb);
  }

  fmtComplex(c: GoComplex, verb: string): void {
    if (!'vbgGxXfFeE'.includes(verb)) {
      this.badVerb(verb);
      return;
    }
    const oldPlus = this.plus;
    this.buf += '(';
    this.fmtFloat(c.re, verb);
    this.plus = true;
    this.fmtFloat(c.im, verb);
    this.buf += 'i)';
    this.plus = oldPlus;
  }

  fmtIntVerb(v: bigint, signed: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) {
          this.sharp = true;
          this.fmtInteger(v, 16, false, 'v', false);
        } else this.fmtInteger(v, 10, signed, verb, false);
        return;
      case 'd':
        this.fmtInteger(v, 10, signed, verb, false);
        return;
      case 'b':
        this.fmtInteger(v, 2, signed, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, signed, verb, false);
        return;
      case 'x':
        this.fmtInteger(v, 16, signed, verb, false);
        return;
      case 'X':
        this.fmtInteger(v, 16, signed, verb, true);
        return;
      case 'c':
        this.pad(String.fromCodePoint(validRune(v)));
        return;
      case 'q':
        this.pad(goQuoteRune(validRune(v), this.plus));
        return;
      case 'U': {
        // fmtUnicode works on the uint64 bits: -1 is U+FFFFFFFFFFFFFFFF.
        const u = v < 0n ? v + (1n << 64n) : v;
        const r = u > 0x10ffffn ? -1 : Number(u);
        let s = 'U+' + u.toString(16).toUpperCase().padStart(Math.max(4, this.precPresent ? this.prec : 0), '0');
        if (this.sharp && r >= 0 && isPrint(r)) s += " '" + String.fromCodePoint(r) + "'";
        const oldZero = this.zero;
        this.zero = false;
        this.pad(s);
        this.zero = oldZero;
        return;
      }
    }
    this.badVerb(verb);
  }

  fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
      case 'X':
        this.fmtSx(s, verb === 'X');
        return;
      case 'q':
        this.fmtQ(s);
        return;
    }
    this.badVerb(verb);
  }

  badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (this.arg !== undefined && this.arg !== null) {
      this.buf += goTypeName(this.arg) + '=';
      this.printArg(this.arg, 'v');
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  /** Error forms report the element being printed, not the outer argument. */
  withArg(v: unknown, fn: () => void): void {
    const saved = this.arg;
    this.arg = v;
    fn();
    this.arg = saved;
  }

  badVerbAt(v: unknown, verb: string): void {
    this.withArg(v, () => this.badVerb(verb));
  }

  /** Print one operand with a verb (pp.printArg). */
  abstract printArg(arg: unknown, verb: string): void;
}

export function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn) return 0xfffd;
  const r = Number(v);
  return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
}
