/**
 * Lexer items of Go text/template (`parse/lex.go`): item types in Go's order, the
 * keyword table and `item.String()` as parse errors quote it.
 */
import { goQuote } from './fmt/quote.js';
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

export const keywords: Record<string, ItemType> = {
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
export function goQuoteSimple(s: string): string {
  return goQuote(s);
}

function goQuoteTrunc(s: string, n: number): string {
  return goQuoteSimple([...s].slice(0, n).join(''));
}
