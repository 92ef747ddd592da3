/**
 * Syntax tree of the HCL subset helmsync evaluates (see parser.ts).
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
