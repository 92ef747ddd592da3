/**
 * Lexer for Go text/template, ported from `text/template/parse/lex.go` (Go 1.23+):
 * a pull-driven state machine producing one item per call, with trim markers,
 * comments, `break`/`continue` keywords and Go's exact error texts.
 *
 * Positions are UTF-16 offsets into the input; error columns are converted to
 * UTF-8 byte offsets only when an error message is built (see errors.ts).
 */
import { It, type Item, type ItemType } from './lex-item.js';
import { countNL, hasRightTrimMarker, isAlphaNumeric, isSpace, lexInsideAction, lexText } from './lex-states.js';

export { It, itemString, type Item, type ItemType } from './lex-item.js';

const EOF = -1;

export type StateFn = ((l: Lexer) => StateFn) | null;

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
