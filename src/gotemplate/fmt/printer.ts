/**
 * Go `fmt` for the template value model: Sprint, Sprintln and Sprintf with verbs, flags,
 * width, precision, `*` and `%[n]` argument indexes, and Go's `%!verb(type=value)` error
 * forms. Ported from fmt/print.go; the formatting primitives are in format.ts.
 */
import { GoComplex, GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { goTypeName, isIntNumber, sortedKeys } from '../types.js';
import { Formatter } from './format.js';

const MAX_INT64 = (1n << 63n) - 1n;

class Printer extends Formatter {
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
    if (this.handleMethods(v, verb)) return;
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
        if (isIntNumber(v)) this.withArg(v, () => this.fmtIntVerb(BigInt(v), true, verb));
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
      if (v.goKind === 'ptr') {
        // fmt prints &{…} for a pointer to a struct at top level and an address inside.
        if (depth > 0) {
          this.buf += '0xc000010000';
          return;
        }
        this.buf += '&';
      }
      this.printStruct(v.goFields?.() ?? [], verb, depth);
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

  printStruct(fields: [string, unknown][], verb: string, depth: number): void {
    this.buf += '{';
    fields.forEach(([name, value], i) => {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += name + ':';
      this.printValue(value, verb, depth + 1);
    });
    this.buf += '}';
  }

  printSlice(v: unknown[], verb: string, depth: number): void {
    this.printElems(this.sharpV ? `${goTypeName(v)}{` : '[', this.sharpV ? '}' : ']', v.length, (i) => this.printValue(v[i], verb, depth + 1));
  }

  printMap(m: Record<string, unknown>, verb: string, depth: number): void {
    const keys = sortedKeys(m);
    this.printElems(this.sharpV ? `${goTypeName(m)}{` : 'map[', this.sharpV ? '}' : ']', keys.length, (i) => {
      this.printValue(keys[i], verb, depth + 1);
      this.buf += ':';
      this.printValue(m[keys[i]!], verb, depth + 1);
    });
  }

  /** `open e0 e1 close` (`%v`) or `open e0, e1 close` (`%#v`), as fmt prints slices and maps. */
  private printElems(open: string, close: string, n: number, printElem: (i: number) => void): void {
    this.buf += open;
    for (let i = 0; i < n; i++) {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      printElem(i);
    }
    this.buf += close;
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
