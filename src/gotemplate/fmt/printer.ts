/**
 * Go `fmt` for the template value model: Sprint, Sprintln and Sprintf with verbs, flags,
 * width, precision, `*` and `%[n]` argument indexes, and Go's `%!verb(type=value)` error
 * forms. Ported from fmt/print.go and fmt/format.go.
 */
import { GoComplex, GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { goTypeName, sortedKeys, utf8Length } from '../types.js';
import { formatFloat } from './float.js';
import { canBackquote, goQuote, goQuoteASCII, goQuoteRune, isPrint } from './quote.js';

const MAX_INT64 = (1n << 63n) - 1n;

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

class Printer {
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
        const r = v < 0n ? 0 : Number(v);
        let s = 'U+' + v.toString(16).toUpperCase().padStart(Math.max(4, this.precPresent ? this.prec : 0), '0');
        if (this.sharp && r <= 0x10ffff && isPrint(r)) s += " '" + String.fromCodePoint(r) + "'";
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

  /** fmt's handleMethods: Stringer/error values print through their string. */
  handleMethods(v: unknown, verb: string): boolean {
    if (this.erroring || this.sharpV) return false;
    if (!'vsxXq'.includes(verb)) return false;
    if (isGoObject(v) && v.goString) {
      this.fmtString(v.goString(), verb);
      return true;
    }
    return false;
  }

  printArg(arg: unknown, verb: string): void {
    this.arg = arg;
    if (arg === undefined || arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeName(arg));
      return;
    }
    if (verb === 'p') {
      this.pad('0xc000010000');
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: unknown, verb: string, depth: number): void {
    if (depth > 0 && this.handleMethods(v, verb)) return;
    if (depth === 0 && this.handleMethods(v, verb)) return;
    if (v === undefined || v === null) {
      this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
      return;
    }
    switch (typeof v) {
      case 'boolean':
        if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
        else this.badVerbAt(v, verb);
        return;
      case 'string':
        this.withArg(v, () => this.fmtString(v, verb));
        return;
      case 'number':
        if (Number.isInteger(v)) this.withArg(v, () => this.fmtIntVerb(BigInt(v), true, verb));
        else this.withArg(v, () => this.fmtFloat(v, verb));
        return;
      case 'bigint':
        this.withArg(v, () => this.fmtIntVerb(v, v <= MAX_INT64, verb));
        return;
      case 'function':
        this.withArg(v, () => (verb === 'v' || verb === 'p' ? this.pad('0xc000010000') : this.badVerb(verb)));
        return;
    }
    if (v instanceof GoFloat) return this.withArg(v, () => this.fmtFloat(v.value, verb));
    if (v instanceof GoComplex) return this.withArg(v, () => this.fmtComplex(v, verb));
    if (v instanceof GoTyped) return this.printTyped(v, verb, depth);
    if (Array.isArray(v)) return this.printSlice(v, verb, depth);
    if (isGoObject(v)) {
      this.buf += depth === 0 && v.goKind === 'ptr' ? '&{}' : '{}';
      return;
    }
    if (isGoMap(v)) return this.printMap(v, verb, depth);
    this.pad(String(v));
  }

  printTyped(v: GoTyped, verb: string, depth: number): void {
    const k = v.kind;
    const inner = v.value;
    this.withArg(v, () => {
      if (k.startsWith('uint')) this.fmtIntVerb(BigInt(inner as number | bigint), false, verb);
      else if (k.startsWith('int')) this.fmtIntVerb(BigInt(inner as number | bigint), true, verb);
      else if (k.startsWith('float')) this.fmtFloat(Number(inner), verb);
      else if (k === 'string') this.fmtString(String(inner), verb);
      else if (k === 'bool') this.pad(inner ? 'true' : 'false');
      else this.printValue(inner, verb, depth);
    });
  }

  printSlice(v: unknown[], verb: string, depth: number): void {
    if (this.sharpV) {
      this.buf += goTypeName(v) + '{';
      v.forEach((e, i) => {
        if (i > 0) this.buf += ', ';
        this.printValue(e, verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    this.buf += '[';
    v.forEach((e, i) => {
      if (i > 0) this.buf += ' ';
      this.printValue(e, verb, depth + 1);
    });
    this.buf += ']';
  }

  printMap(m: Record<string, unknown>, verb: string, depth: number): void {
    const keys = sortedKeys(m);
    if (this.sharpV) {
      this.buf += goTypeName(m) + '{';
      keys.forEach((k, i) => {
        if (i > 0) this.buf += ', ';
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        this.printValue(m[k], verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    this.buf += 'map[';
    keys.forEach((k, i) => {
      if (i > 0) this.buf += ' ';
      this.printValue(k, verb, depth + 1);
      this.buf += ':';
      this.printValue(m[k], verb, depth + 1);
    });
    this.buf += ']';
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

  doPrintf(format: string, a: unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    let reordered = false;
    let goodArgNum = true;
    const argNumber = (i: number): number => {
      if (i >= end || format[i] !== '[') return i;
      reordered = true;
      for (let j = i + 1; j < end; j++) {
        if (format[j] === ']') {
          const [n, ok, ni] = parsenum(format, i + 1, j);
          if (!ok || ni !== j) {
            goodArgNum = false;
            afterIndex = false;
            return j + 1;
          }
          if (n - 1 >= 0 && n - 1 < a.length) {
            argNum = n - 1;
            afterIndex = true;
          } else {
            goodArgNum = false;
            afterIndex = true;
          }
          return j + 1;
        }
      }
      goodArgNum = false;
      afterIndex = false;
      return i + 1;
    };
    let i = 0;
    formatLoop: while (i < end) {
      goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearflags();
      simple: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = !this.minus;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            this.zero = false;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      afterIndex = false;
      i = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        const [n, ok] = intFromArg(a, argNum);
        if (argNum < a.length) argNum++;
        this.wid = n;
        this.widPresent = ok;
        if (!ok) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        const [n, ok, ni] = parsenum(format, i, end);
        this.wid = n;
        this.widPresent = ok;
        i = ni;
        if (afterIndex && this.widPresent) goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        afterIndex = false;
        i = argNumber(i);
        if (i < end && format[i] === '*') {
          i++;
          const [n, ok] = intFromArg(a, argNum);
          if (argNum < a.length) argNum++;
          this.prec = n;
          this.precPresent = ok;
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!ok) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const [n, ok, ni] = parsenum(format, i, end);
          i = ni;
          this.prec = ok ? n : 0;
          this.precPresent = true;
        }
      }
      if (!afterIndex) i = argNumber(i);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === '%') {
        this.buf += '%';
      } else if (!goodArgNum) {
        this.buf += `%!${verb}(BADINDEX)`;
      } else if (argNum >= a.length) {
        this.buf += `%!${verb}(MISSING)`;
      } else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!reordered && argNum < a.length) {
      this.clearflags();
      this.buf += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', ';
        if (arg === undefined || arg === null) this.buf += '<nil>';
        else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn) return 0xfffd;
  const r = Number(v);
  return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
}

function tooLarge(n: number): boolean {
  return n > 1e6 || n < -1e6;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

function intFromArg(a: unknown[], argNum: number): [number, boolean] {
  if (argNum >= a.length) return [0, false];
  let v = a[argNum];
  if (v instanceof GoTyped && (v.kind.startsWith('int') || v.kind.startsWith('uint'))) v = Number(v.value);
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v === 'number' && Number.isInteger(v) && !tooLarge(v)) return [v, true];
  return [0, false];
}

/** fmt.Sprint: a space between operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, n) => {
    const isString = typeof arg === 'string' || (arg instanceof GoTyped && arg.kind === 'string');
    if (n > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function sprintln(args: readonly unknown[]): string {
  const p = new Printer();
  args.forEach((arg, n) => {
    if (n > 0) p.buf += ' ';
    p.printArg(arg, 'v');
  });
  return p.buf + '\n';
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args as unknown[]);
  return p.buf;
}

/** `%v` of one value (fmt.Sprint(v)). */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

export { utf8Length };
