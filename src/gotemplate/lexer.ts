/**
 * Lexer for Go text/template, ported from `text/template/parse/lex.go` (Go 1.23+):
 * a pull-driven state machine producing one item per call, with trim markers,
 * comments, `break`/`continue` keywords and Go's exact error texts.
 *
 * Positions are UTF-16 offsets into the input; error columns are converted to
 * UTF-8 byte offsets only when an error message is built (see errors.ts).
 */

/** Item types, in Go's order (keywords after `Keyword`, which `item.String` relies on). */
export const It = {
  Error: 0,
  Bool: 1,
  Char: 2,
  CharConstant: 3,
  Comment: 4,
  Complex: 5,
  Assign: 6,
  Declare: 7,
  EOF: 8,
  Field: 9,
  Identifier: 10,
  LeftDelim: 11,
  LeftParen: 12,
  Number: 13,
  Pipe: 14,
  RawString: 15,
  RightDelim: 16,
  RightParen: 17,
  Space: 18,
  String: 19,
  Text: 20,
  Variable: 21,
  Keyword: 22,
  Block: 23,
  Break: 24,
  Continue: 25,
  Dot: 26,
  Define: 27,
  Else: 28,
  End: 29,
  If: 30,
  Nil: 31,
  Range: 32,
  Template: 33,
  With: 34,
} as const;

export type ItemType = (typeof It)[keyof typeof It];

const keywords: Record<string, ItemType> = {
  '.': It.Dot,
  block: It.Block,
  break: It.Break,
  continue: It.Continue,
  define: It.Define,
  else: It.Else,
  end: It.End,
  if: It.If,
  range: It.Range,
  nil: It.Nil,
  template: It.Template,
  with: It.With,
};

/** A lexed token: type, start offset, text and the line it starts on. */
export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

/** Go's `item.String()`, used in "unexpected X in Y" parse errors. */
export function itemString(i: Item): string {
  if (i.typ === It.EOF) return 'EOF';
  if (i.typ === It.Error) return i.val;
  if (i.typ > It.Keyword) return `<${i.val}>`;
  if ([...i.val].length > 10) return goQuoteTrunc(i.val, 10) + '...';
  return goQuoteSimple(i.val);
}

/** `%q` for lexer values (ASCII-ish template source). */
function goQuoteSimple(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

function goQuoteTrunc(s: string, n: number): string {
  return goQuoteSimple([...s].slice(0, n).join(''));
}

const EOF = -1;
const trimMarker = '-';
const leftComment = '/*';
const rightComment = '*/';

type StateFn = ((l: Lexer) => StateFn) | null;

export interface LexOptions {
  /** Emit comment items (parse.ParseComments). */
  emitComment?: boolean;
  /** `break` is a keyword (no function named break). */
  breakOK?: boolean;
  /** `continue` is a keyword (no function named continue). */
  continueOK?: boolean;
}

/** The lexer state; call {@link Lexer.nextItem} until EOF or Error. */
export class Lexer {
  input: string;
  pos = 0;
  start = 0;
  atEOF = false;
  lastWidth = 0;
  line = 1;
  startLine = 1;
  item: Item;
  insideAction = false;
  parenDepth = 0;

  constructor(
    readonly name: string,
    input: string,
    readonly leftDelim = '{{',
    readonly rightDelim = '}}',
    readonly options: LexOptions = {},
  ) {
    this.input = input;
    this.item = { typ: It.EOF, pos: 0, val: 'EOF', line: 1 };
  }

  nextItem(): Item {
    this.item = { typ: It.EOF, pos: this.pos, val: 'EOF', line: this.startLine };
    let state: StateFn = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      this.lastWidth = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.lastWidth = r > 0xffff ? 2 : 1;
    this.pos += this.lastWidth;
    if (r === 10) this.line++;
    return r;
  }

  peek(): number {
    if (this.pos >= this.input.length) return EOF;
    return this.input.codePointAt(this.pos)!;
  }

  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      let w = 1;
      const c = this.input.charCodeAt(this.pos - 1);
      if (c >= 0xdc00 && c <= 0xdfff && this.pos >= 2) w = 2;
      this.pos -= w;
      if (c === 10) this.line--;
    }
    this.atEOF = false;
  }

  thisItem(t: ItemType): Item {
    const i: Item = { typ: t, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  emit(t: ItemType): StateFn {
    return this.emitItem(this.thisItem(t));
  }

  emitItem(i: Item): StateFn {
    this.item = i;
    return null;
  }

  /** Skip pending input, counting the newlines it holds. */
  ignore(): void {
    this.line += countNL(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  errorf(msg: string): StateFn {
    this.item = { typ: It.Error, pos: this.start, val: msg, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  /** At a right delimiter preceded by a trim marker (` -}}`). */
  atTrimmedRightDelim(): boolean {
    return hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(this.rightDelim, this.pos + 2);
  }

  /** At a right delimiter, possibly preceded by a trim marker. */
  atRightDelim(): boolean {
    return this.atTrimmedRightDelim() || this.input.startsWith(this.rightDelim, this.pos);
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function countNL(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

export function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const letterOrDigit = /[\p{L}\p{Nd}]/u;

export function isAlphaNumeric(r: number): boolean {
  if (r < 0) return false;
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  }
  return letterOrDigit.test(String.fromCodePoint(r));
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length >= at + 2 && s[at] === trimMarker && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length >= at + 2 && isSpace(s.charCodeAt(at)) && s[at + 1] === trimMarker;
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function lexText(l: Lexer): StateFn {
  const x = l.input.indexOf(l.leftDelim, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      let trimLength = 0;
      if (hasLeftTrimMarker(l.input, l.pos + l.leftDelim.length)) {
        let p = l.pos;
        while (p > l.start && isSpaceCode(l.input.charCodeAt(p - 1))) p--;
        trimLength = l.pos - p;
      }
      l.pos -= trimLength;
      l.line += countNL(l.input, l.start, l.pos);
      const i = l.thisItem(It.Text);
      l.pos += trimLength;
      l.ignore();
      if (i.val.length > 0) return l.emitItem(i);
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.line += countNL(l.input, l.start, l.pos);
    return l.emit(It.Text);
  }
  return l.emit(It.EOF);
}

function lexLeftDelim(l: Lexer): StateFn {
  l.pos += l.leftDelim.length;
  const trimSpace = hasLeftTrimMarker(l.input, l.pos);
  const afterMarker = trimSpace ? 2 : 0;
  if (l.input.startsWith(leftComment, l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  const i = l.thisItem(It.LeftDelim);
  l.insideAction = true;
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(i);
}

function leftTrim(l: Lexer): void {
  while (l.pos < l.input.length && isSpaceCode(l.input.charCodeAt(l.pos))) l.pos++;
}

function lexComment(l: Lexer): StateFn {
  l.pos += leftComment.length;
  const x = l.input.indexOf(rightComment, l.pos);
  if (x < 0) return l.errorf('unclosed comment');
  l.pos = x + rightComment.length;
  const trimSpace = l.atTrimmedRightDelim();
  if (!trimSpace && !l.input.startsWith(l.rightDelim, l.pos)) return l.errorf('comment ends before closing delimiter');
  const i = l.thisItem(It.Comment);
  if (trimSpace) l.pos += 2;
  l.pos += l.rightDelim.length;
  if (trimSpace) leftTrim(l);
  l.ignore();
  if (l.options.emitComment) return l.emitItem(i);
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn {
  const trimSpace = l.atTrimmedRightDelim();
  if (trimSpace) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += l.rightDelim.length;
  const i = l.thisItem(It.RightDelim);
  if (trimSpace) {
    leftTrim(l);
    l.ignore();
  }
  l.insideAction = false;
  return l.emitItem(i);
}

function lexInsideAction(l: Lexer): StateFn {
  if (l.atRightDelim()) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  switch (r) {
    case 0x3d: // =
      return l.emit(It.Assign);
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit(It.Declare);
    case 0x7c:
      return l.emit(It.Pipe);
    case 0x22:
      return lexQuote;
    case 0x60:
      return lexRawQuote;
    case 0x24:
      return lexVariable;
    case 0x27:
      return lexChar;
    case 0x28:
      l.parenDepth++;
      return l.emit(It.LeftParen);
    case 0x29:
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit(It.RightParen);
  }
  if (r === 0x2e) {
    if (l.pos < l.input.length) {
      const c = l.input.charCodeAt(l.pos);
      if (c < 0x30 || c > 0x39) return lexField;
    }
    l.backup();
    return lexNumber;
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r < 0x7f && r >= 0x20) {
    l.emit(It.Char);
    return null;
  }
  return l.errorf(`unrecognized character in action: ${formatRuneU(r)}`);
}

/** Go's `%#U`: `U+0001` or `U+00E9 'é'`. */
export function formatRuneU(r: number): string {
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  const printable = r >= 0x20 && r !== 0x7f && !(r >= 0x80 && r < 0xa0);
  return printable ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

function lexSpace(l: Lexer): StateFn {
  let numSpaces = 0;
  for (;;) {
    const r = l.peek();
    if (!isSpace(r)) break;
    l.next();
    numSpaces++;
  }
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(l.rightDelim, l.pos - 1 + 2)) {
    l.backup();
    if (numSpaces === 1) return lexRightDelim;
  }
  return l.emit(It.Space);
}

function lexIdentifier(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
    const kw = keywords[word];
    if (kw !== undefined && kw > It.Keyword) {
      if ((kw === It.Break && !l.options.breakOK) || (kw === It.Continue && !l.options.continueOK)) {
        return l.emit(It.Identifier);
      }
      return l.emit(kw);
    }
    if (word[0] === '.') return l.emit(It.Field);
    if (word === 'true' || word === 'false') return l.emit(It.Bool);
    return l.emit(It.Identifier);
  }
}

function lexField(l: Lexer): StateFn {
  return lexFieldOrVariable(l, It.Field);
}

function lexVariable(l: Lexer): StateFn {
  if (l.atTerminator()) return l.emit(It.Variable);
  return lexFieldOrVariable(l, It.Variable);
}

function lexFieldOrVariable(l: Lexer, typ: ItemType): StateFn {
  if (l.atTerminator()) return l.emit(typ === It.Variable ? It.Variable : It.Dot);
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
  return l.emit(typ);
}

function lexChar(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 10) continue;
      return l.errorf('unterminated character constant');
    }
    if (r === EOF || r === 10) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  return l.emit(It.CharConstant);
}

function lexNumber(l: Lexer): StateFn {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuoteSimple(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') {
      return l.errorf(`bad number syntax: ${goQuoteSimple(l.input.slice(l.start, l.pos))}`);
    }
    return l.emit(It.Complex);
  }
  return l.emit(It.Number);
}

function lexQuote(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 10) continue;
      return l.errorf('unterminated quoted string');
    }
    if (r === EOF || r === 10) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  return l.emit(It.String);
}

function lexRawQuote(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  return l.emit(It.RawString);
}
