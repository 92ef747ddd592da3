/**
 * Character-level scanning for the HCL parser, and string templates (`"…${x}…"`,
 * `%{if}`/`%{for}` directives, heredocs), which need the expression parser: that part is
 * abstract here and provided by the subclass in parser.ts.
 */
import { HclSyntaxError, type Expr, type TemplatePart } from './ast.js';

export abstract class Scanner {
  pos = 0;
  /** >0 inside brackets, where newlines are plain whitespace. */
  nlDepth = 0;

  constructor(readonly src: string) {}

  error(msg: string, at = this.pos): never {
    const before = this.src.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new HclSyntaxError(msg, line, column);
  }

  line(at = this.pos): number {
    return this.src.slice(0, at).split('\n').length;
  }

  /** Skips spaces and comments; newlines too when `nl` or inside brackets. */
  ws(nl = this.nlDepth > 0): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\n' && nl) this.pos++;
      else if (c === '#' || (c === '/' && this.src[this.pos + 1] === '/')) {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && this.src[this.pos + 1] === '*') {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) this.error('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  peek(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  eat(s: string): boolean {
    this.ws();
    if (this.peek(s)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  expect(s: string): void {
    if (!this.eat(s)) this.error(`expected "${s}"`);
  }

  ident(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos, this.pos + 256));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** An expression (implemented by the parser). */
  abstract expr(): Expr;

  heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\n/.exec(this.src.slice(this.pos));
    if (!m) this.error('malformed heredoc');
    this.pos += m[0].length;
    const lines: string[] = [];
    for (;;) {
      const end = this.src.indexOf('\n', this.pos);
      const line = this.src.slice(this.pos, end < 0 ? undefined : end);
      this.pos = end < 0 ? this.src.length : end + 1;
      if (line.trim() === m[2]) break;
      if (end < 0) this.error(`unterminated heredoc ${m[2]}`);
      lines.push(line);
    }
    if (this.src[this.pos - 1] === '\n') this.pos--;
    let text = lines.map((l) => `${l}\n`).join('');
    if (m[1] === '-') {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0));
      text = lines.map((l) => `${l.slice(indent)}\n`).join('');
    }
    const sub = this.fork(text + '\u0000');
    return { k: 'tmpl', parts: sub.templateParts('\u0000') };
  }

  template(close: string): Expr {
    const parts = this.templateParts(close);
    if (parts.length === 1 && parts[0]?.k === 'interp') return parts[0].e;
    return { k: 'tmpl', parts };
  }

  /** Parses template parts up to `close` (consumed); nested directives end at their `%{end…}`. */
  templateParts(close: string, stopAt?: string[]): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let text = '';
    const flush = (): void => {
      if (text) parts.push({ k: 'text', v: text });
      text = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) this.error('unterminated string');
      const c = this.src[this.pos] as string;
      if (!stopAt && c === close) {
        this.pos++;
        flush();
        return parts;
      }
      if (c === '\\' && close === '"') {
        const n = this.src[this.pos + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n === 'u') {
          text += String.fromCharCode(parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          text += map[n ?? ''] ?? n ?? '';
          this.pos += 2;
        }
        continue;
      }
      if ((c === '$' || c === '%') && this.src[this.pos + 1] === c && this.src[this.pos + 2] === '{') {
        text += `${c}{`;
        this.pos += 3;
        continue;
      }
      if (c === '$' && this.src[this.pos + 1] === '{') {
        flush();
        this.pos += 2;
        this.eatStrip();
        this.nlDepth++;
        const e = this.expr();
        this.nlDepth--;
        this.eatStrip();
        this.expect('}');
        parts.push({ k: 'interp', e });
        continue;
      }
      if (c === '%' && this.src[this.pos + 1] === '{') {
        const save = this.pos;
        this.pos += 2;
        this.eatStrip();
        const word = this.ident();
        if (stopAt && word && stopAt.includes(word)) {
          this.pos = save;
          flush();
          return parts;
        }
        flush();
        if (word === 'if') {
          this.nlDepth++;
          const cond = this.expr();
          this.nlDepth--;
          this.closeDirective();
          const then = this.templateParts(close, ['else', 'endif']);
          let els: TemplatePart[] = [];
          if (this.directiveWord() === 'else') {
            this.skipDirective();
            els = this.templateParts(close, ['endif']);
          }
          if (this.directiveWord() !== 'endif') this.error('expected %{endif}');
          this.skipDirective();
          parts.push({ k: 'if', c: cond, then, else: els });
          continue;
        }
        if (word === 'for') {
          let keyVar: string | undefined;
          let valVar = this.ident() ?? this.error('expected a variable name');
          if (this.eat(',')) {
            keyVar = valVar;
            valVar = this.ident() ?? this.error('expected a variable name');
          }
          if (this.ident() !== 'in') this.error('expected "in"');
          this.nlDepth++;
          const coll = this.expr();
          this.nlDepth--;
          this.closeDirective();
          const body = this.templateParts(close, ['endfor']);
          if (this.directiveWord() !== 'endfor') this.error('expected %{endfor}');
          this.skipDirective();
          parts.push({ k: 'for', ...(keyVar ? { keyVar } : {}), valVar, coll, body });
          continue;
        }
        this.error(`unexpected directive %{${word ?? ''}}`, save);
      }
      text += c;
      this.pos++;
    }
  }

  eatStrip(): void {
    this.ws(true);
    if (this.peek('~')) this.pos++;
    this.ws(true);
  }

  closeDirective(): void {
    this.eatStrip();
    this.expect('}');
  }

  directiveWord(): string | undefined {
    const m = /^%\{~?\s*([a-z]+)/.exec(this.src.slice(this.pos, this.pos + 32));
    return m?.[1];
  }

  skipDirective(): void {
    const end = this.src.indexOf('}', this.pos);
    if (end < 0) this.error('unterminated directive');
    this.pos = end + 1;
  }

  /** A parser of the same kind over other text (for heredoc bodies). */
  abstract fork(text: string): Scanner;
}
