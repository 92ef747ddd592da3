/**
 * A parser for the subset of HCL native syntax Helmfile's HCL values files use
 * (pkg/hcllang): blocks (`values { }`, `locals { }`), attributes, expressions with
 * operators, conditionals, function calls, traversals, lists, objects and string
 * templates with `${…}` interpolation and `%{if}` / `%{for}` directives.
 */
import type { Body, Expr } from './ast.js';
import { Scanner } from './scanner.js';

export { HclSyntaxError, type Attribute, type Block, type Body, type Expr, type TemplatePart } from './ast.js';

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

class Parser extends Scanner {
  fork(text: string): Parser {
    return new Parser(text);
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
}

/** Parses an HCL file body. @throws HclSyntaxError */
export function parseHcl(text: string): Body {
  return new Parser(text).body();
}
