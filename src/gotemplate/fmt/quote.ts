/**
 * Go `strconv` quoting: Quote, QuoteToASCII, QuoteRune, CanBackquote, and an
 * approximation of `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols,
 * plus ASCII space) good for the Unicode versions JS and Go ship.
 */

const graphic = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** unicode.IsPrint. */
export function isPrint(c: number): boolean {
  if (c < 0x7f) return c >= 0x20;
  if (c < 0xa1) return false;
  if (c === 0xad) return false;
  return graphic.test(String.fromCodePoint(c));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Append one rune quoted the way strconv.appendEscapedRune does. */
function escapeRune(c: number, quote: number, asciiOnly: boolean): string {
  if (c === quote || c === 0x5c) return '\\' + String.fromCodePoint(c);
  if (asciiOnly) {
    if (c < 0x80 && isPrint(c)) return String.fromCodePoint(c);
  } else if (isPrint(c)) {
    return String.fromCodePoint(c);
  }
  switch (c) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (c < 0x20 || c === 0x7f) return '\\x' + hex(c, 2);
  if (c >= 0xd800 && c <= 0xdfff) return '\\ufffd';
  if (c < 0x10000) return '\\u' + hex(c, 4);
  return '\\U' + hex(c, 8);
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  let out = String.fromCharCode(quote);
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, quote, asciiOnly);
  return out + String.fromCharCode(quote);
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  // Fast path: printable ASCII without quotes or backslashes.
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s)) return '"' + s + '"';
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII (`%+q`). */
export function goQuoteASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune / QuoteRuneToASCII (`%q` of an integer). */
export function goQuoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) || r < 0) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.CanBackquote: no control characters except tab, no backquote, valid text. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x60 || c === 0xfeff || c === 0xfffd) return false;
    if (c < 0x20 && c !== 9) return false;
    if (c === 0x7f) return false;
  }
  return true;
}
