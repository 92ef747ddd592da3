/**
 * A parser for the subset of HCL native syntax Helmfile's HCL values files use
 * (pkg/hcllang): blocks (`values { }`, `locals { }`), attributes, expressions with
 * operators, conditionals, function calls, traversals, lists, objects and string
 * templates with `${…}` interpolation and `%{if}` / `%{for}` directives.
 */

/** An HCL expression. */
export type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'tmpl'; parts: TemplatePart[] }
  | { k: 'var'; name: string }
  | { k: 'get'; obj: Expr; key: string }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'call'; name: string; args: Expr[]; expand: boolean }
  | { k: 'list'; items: Expr[] }
  | { k: 'object'; items: { key: Expr; value: Expr }[] }
  | { k: 'unary'; op: string; x: Expr }
  | { k: 'binary'; op: string; l: Expr; r: Expr }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; keyExpr?: Expr; valExpr: Expr; cond?: Expr; object: boolean };

/** A piece of a string template. */
export type TemplatePart =
  | { k: 'text'; v: string }
  | { k: 'interp'; e: Expr }
  | { k: 'if'; c: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; body: TemplatePart[] };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

/** A syntax error with its 1-based line and column. */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

class Parser {
  private pos = 0;
  /** >0 inside brackets, where newlines are plain whitespace. */
  private nlDepth = 0;

  constructor(private readonly src: string) {}

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

  body(endChar?: string): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (;;) {
      this.ws(true);
      if (this.pos >= this.src.length) {
        if (endChar) this.error(`expected "${endChar}"`);
        return body;
      }
      if (endChar && this.peek(endChar)) {
        this.pos++;
        return body;
      }
      const start = this.pos;
      const name = this.ident();
      if (!name) this.error('expected an attribute or block');
      this.ws(false);
      if (this.peek('=') && !this.peek('==')) {
        this.pos++;
        const expr = this.expr();
        body.attributes.push({ name, expr, line: this.line(start) });
      } else {
        const labels: string[] = [];
        for (;;) {
          this.ws(false);
          if (this.peek('"')) {
            this.pos++;
            const parts = this.templateParts('"');
            labels.push(parts.map((p) => (p.k === 'text' ? p.v : '')).join(''));
          } else if (this.peek('{')) break;
          else {
            const l = this.ident();
            if (!l) this.error('expected "=" or a block');
            labels.push(l);
          }
        }
        this.pos++;
        body.blocks.push({ type: name, labels, body: this.body('}'), line: this.line(start) });
      }
      this.ws(false);
      const c = this.src[this.pos];
      if (c !== undefined && c !== '\n' && !(endChar && c === endChar)) this.error('expected a newline after the attribute');
    }
  }

  expr(): Expr {
    const c = this.binary(0);
    if (this.eat('?')) {
      const t = this.expr();
      this.expect(':');
      const f = this.expr();
      return { k: 'cond', c, t, f };
    }
    return c;
  }

  binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = (BINARY_LEVELS[level] as string[]).find((o) => this.peek(o) && !(o === '<' && this.peek('<<')) && !(o === '=' && this.peek('==')));
      if (!op || (op === '>' && this.peek('>=') && !(BINARY_LEVELS[level] as string[]).includes('>='))) return l;
      this.pos += op.length;
      const r = this.binary(level + 1);
      l = { k: 'binary', op, l, r };
    }
  }

  unary(): Expr {
    this.ws();
    if (this.peek('!') && !this.peek('!=')) {
      this.pos++;
      return { k: 'unary', op: '!', x: this.unary() };
    }
    if (this.peek('-')) {
      this.pos++;
      return { k: 'unary', op: '-', x: this.unary() };
    }
    return this.postfix(this.primary());
  }

  postfix(e: Expr): Expr {
    for (;;) {
      this.ws();
      if (this.peek('.') && /[A-Za-z_0-9]/.test(this.src[this.pos + 1] ?? '')) {
        this.pos++;
        const m = /^[A-Za-z_][A-Za-z0-9_-]*|^[0-9]+/.exec(this.src.slice(this.pos));
        if (!m) this.error('expected an attribute name');
        this.pos += m[0].length;
        e = /^[0-9]+$/.test(m[0]) ? { k: 'index', obj: e, index: { k: 'lit', v: Number(m[0]) } } : { k: 'get', obj: e, key: m[0] };
      } else if (this.peek('[')) {
        this.pos++;
        this.nlDepth++;
        const index = this.expr();
        this.expect(']');
        this.nlDepth--;
        e = { k: 'index', obj: e, index };
      } else return e;
    }
  }

  primary(): Expr {
    this.ws();
    const c = this.src[this.pos];
    if (c === '"') {
      this.pos++;
      return this.template('"');
    }
    if (this.peek('<<')) return this.heredoc();
    if (c !== undefined && /[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos)) as RegExpExecArray;
      this.pos += m[0].length;
      return { k: 'lit', v: Number(m[0]) };
    }
    if (c === '(') {
      this.pos++;
      this.nlDepth++;
      const e = this.expr();
      this.expect(')');
      this.nlDepth--;
      return e;
    }
    if (c === '[') {
      this.pos++;
      this.nlDepth++;
      if (this.isFor()) return this.forExpr(']', false);
      const items: Expr[] = [];
      while (!this.eat(']')) {
        items.push(this.expr());
        if (!this.eat(',')) {
          this.expect(']');
          break;
        }
      }
      this.nlDepth--;
      return { k: 'list', items };
    }
    if (c === '{') {
      this.pos++;
      this.nlDepth++;
      if (this.isFor()) return this.forExpr('}', true);
      const items: { key: Expr; value: Expr }[] = [];
      while (!this.eat('}')) {
        this.ws();
        const save = this.pos;
        const id = this.ident();
        let key: Expr;
        this.ws();
        if (id && (this.peek('=') || this.peek(':')) && !this.peek('==')) key = { k: 'lit', v: id };
        else {
          this.pos = save;
          key = this.expr();
        }
        if (!this.eat('=') && !this.eat(':')) this.error('expected "=" in object');
        items.push({ key, value: this.expr() });
        this.eat(',');
      }
      this.nlDepth--;
      return { k: 'object', items };
    }
    const id = this.ident();
    if (!id) this.error('expected an expression');
    if (id === 'true') return { k: 'lit', v: true };
    if (id === 'false') return { k: 'lit', v: false };
    if (id === 'null') return { k: 'lit', v: null };
    this.ws(false);
    if (this.peek('(')) {
      this.pos++;
      this.nlDepth++;
      const args: Expr[] = [];
      let expand = false;
      while (!this.eat(')')) {
        args.push(this.expr());
        if (this.eat('...')) expand = true;
        if (!this.eat(',')) {
          this.expect(')');
          break;
        }
      }
      this.nlDepth--;
      return { k: 'call', name: id, args, expand };
    }
    return { k: 'var', name: id };
  }

  isFor(): boolean {
    this.ws(true);
    return /^for\s/.test(this.src.slice(this.pos, this.pos + 4));
  }

  forExpr(close: string, object: boolean): Expr {
    this.pos += 3;
    const a = this.ident();
    if (!a) this.error('expected a variable name');
    let keyVar: string | undefined;
    let valVar = a;
    if (this.eat(',')) {
      keyVar = a;
      valVar = this.ident() ?? this.error('expected a variable name');
    }
    if (this.ident() !== 'in') this.error('expected "in"');
    const coll = this.expr();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valExpr = this.expr();
    if (object) {
      this.expect('=>');
      keyExpr = valExpr;
      valExpr = this.expr();
    }
    let cond: Expr | undefined;
    this.ws();
    if (this.peek('if')) {
      this.pos += 2;
      cond = this.expr();
    }
    this.expect(close);
    this.nlDepth--;
    return { k: 'for', ...(keyVar ? { keyVar } : {}), valVar, coll, ...(keyExpr ? { keyExpr } : {}), valExpr, ...(cond ? { cond } : {}), object };
  }

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
    const sub = new Parser(text + '\u0000');
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
}

/** Parses an HCL file body. @throws HclSyntaxError */
export function parseHcl(text: string): Body {
  return new Parser(text).body();
}
