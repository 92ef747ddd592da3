/**
 * Parse-tree nodes of Go text/template (`parse/node.go`). Each node keeps its position
 * (UTF-16 offset into the tree's text) and a reference to its tree, and `toString()` is
 * Go's canonical `Node.String()`, which execution errors quote as `at <...>`.
 */
import type { GoComplex } from './value.js';
import { goQuote } from './fmt/quote.js';

/** What a node needs from its tree for error messages. */
export interface TreeRef {
  /** Name of the top-level template being parsed (the file), for locations. */
  parseName: string;
  /** Full text that was parsed. */
  text: string;
}

abstract class BaseNode {
  constructor(
    readonly tr: TreeRef,
    readonly pos: number,
  ) {}
  abstract toString(): string;
}

export class ListNode extends BaseNode {
  readonly type = 'list';
  nodes: Node[] = [];
  toString(): string {
    return this.nodes.map(String).join('');
  }
}

export class TextNode extends BaseNode {
  readonly type = 'text';
  constructor(tr: TreeRef, pos: number, readonly text: string) {
    super(tr, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class CommentNode extends BaseNode {
  readonly type = 'comment';
  constructor(tr: TreeRef, pos: number, readonly text: string) {
    super(tr, pos);
  }
  toString(): string {
    return `{{${this.text}}}`;
  }
}

export class PipeNode extends BaseNode {
  readonly type = 'pipe';
  isAssign = false;
  decl: VariableNode[] = [];
  cmds: CommandNode[] = [];
  constructor(tr: TreeRef, pos: number, readonly line: number) {
    super(tr, pos);
  }
  toString(): string {
    let s = '';
    if (this.decl.length > 0) {
      s = this.decl.map(String).join(', ') + (this.isAssign ? ' = ' : ' := ');
    }
    return s + this.cmds.map(String).join(' | ');
  }
}

export class ActionNode extends BaseNode {
  readonly type = 'action';
  constructor(tr: TreeRef, pos: number, readonly line: number, readonly pipe: PipeNode) {
    super(tr, pos);
  }
  toString(): string {
    return `{{${this.pipe}}}`;
  }
}

export class CommandNode extends BaseNode {
  readonly type = 'command';
  args: Node[] = [];
  toString(): string {
    return this.args.map((a) => (a instanceof PipeNode ? `(${a})` : String(a))).join(' ');
  }
}

export class IdentifierNode extends BaseNode {
  readonly type = 'identifier';
  constructor(tr: TreeRef, pos: number, readonly ident: string) {
    super(tr, pos);
  }
  toString(): string {
    return this.ident;
  }
}

export class VariableNode extends BaseNode {
  readonly type = 'variable';
  readonly ident: string[];
  constructor(tr: TreeRef, pos: number, text: string) {
    super(tr, pos);
    this.ident = text.split('.');
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends BaseNode {
  readonly type = 'dot';
  toString(): string {
    return '.';
  }
}

export class NilNode extends BaseNode {
  readonly type = 'nil';
  toString(): string {
    return 'nil';
  }
}

export class FieldNode extends BaseNode {
  readonly type = 'field';
  readonly ident: string[];
  constructor(tr: TreeRef, pos: number, text: string) {
    super(tr, pos);
    this.ident = text.slice(1).split('.');
  }
  toString(): string {
    return this.ident.map((i) => '.' + i).join('');
  }
}

export class ChainNode extends BaseNode {
  readonly type = 'chain';
  field: string[] = [];
  constructor(tr: TreeRef, pos: number, readonly node: Node) {
    super(tr, pos);
  }
  add(field: string): void {
    if (field.length === 0 || field[0] !== '.') throw new Error('no dot in field');
    field = field.slice(1);
    if (field === '') throw new Error('empty field');
    this.field.push(field);
  }
  toString(): string {
    const head = this.node instanceof PipeNode ? `(${this.node})` : String(this.node);
    return head + this.field.map((f) => '.' + f).join('');
  }
}

export class BoolNode extends BaseNode {
  readonly type = 'bool';
  constructor(tr: TreeRef, pos: number, readonly value: boolean) {
    super(tr, pos);
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

export class NumberNode extends BaseNode {
  readonly type = 'number';
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complex128?: GoComplex;
  constructor(tr: TreeRef, pos: number, readonly text: string) {
    super(tr, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class StringNode extends BaseNode {
  readonly type = 'string';
  constructor(tr: TreeRef, pos: number, readonly quoted: string, readonly text: string) {
    super(tr, pos);
  }
  toString(): string {
    return this.quoted;
  }
}

export class EndNode extends BaseNode {
  readonly type = 'end';
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode extends BaseNode {
  readonly type = 'else';
  constructor(tr: TreeRef, pos: number, readonly line: number) {
    super(tr, pos);
  }
  toString(): string {
    return '{{else}}';
  }
}

/** if / range / with share one shape (Go's BranchNode). */
export class BranchNode extends BaseNode {
  constructor(
    tr: TreeRef,
    pos: number,
    readonly type: 'if' | 'range' | 'with',
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | undefined,
  ) {
    super(tr, pos);
  }
  toString(): string {
    const els = this.elseList ? `{{else}}${this.elseList}` : '';
    return `{{${this.type} ${this.pipe}}}${this.list}${els}{{end}}`;
  }
}

export class TemplateNode extends BaseNode {
  readonly type = 'template';
  constructor(tr: TreeRef, pos: number, readonly line: number, readonly name: string, readonly pipe: PipeNode | undefined) {
    super(tr, pos);
  }
  toString(): string {
    return this.pipe ? `{{template ${goQuote(this.name)} ${this.pipe}}}` : `{{template ${goQuote(this.name)}}}`;
  }
}

export class BreakNode extends BaseNode {
  readonly type = 'break';
  constructor(tr: TreeRef, pos: number, readonly line: number) {
    super(tr, pos);
  }
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends BaseNode {
  readonly type = 'continue';
  constructor(tr: TreeRef, pos: number, readonly line: number) {
    super(tr, pos);
  }
  toString(): string {
    return '{{continue}}';
  }
}

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | PipeNode
  | ActionNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode;

/** parse.IsEmptyTree: only whitespace text (and nothing else) counts as empty. */
export function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  if (n instanceof ListNode) return n.nodes.every(isEmptyTree);
  if (n instanceof TextNode) return n.text.trim() === '';
  if (n instanceof CommentNode) return true;
  return false;
}
