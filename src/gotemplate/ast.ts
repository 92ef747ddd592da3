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

// Fields are declared (not initialised) and assigned in constructors: class-field
// [[Define]] semantics made node construction the parser's hot spot.
abstract class BaseNode {
  declare readonly tr: TreeRef;
  declare readonly pos: number;
  constructor(tr: TreeRef, pos: number) {
    this.tr = tr;
    this.pos = pos;
  }
  abstract toString(): string;
}

export class ListNode extends BaseNode {
  constructor(tr: TreeRef, pos: number) {
    super(tr, pos);
    this.nodes = [];
  }
  get type(): 'list' {
    return 'list';
  }
  declare nodes: Node[];
  toString(): string {
    return this.nodes.map(String).join('');
  }
}

export class TextNode extends BaseNode {
  declare readonly text: string;
  get type(): 'text' {
    return 'text';
  }
  constructor(tr: TreeRef, pos: number, text: string) {
    super(tr, pos);
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export class CommentNode extends BaseNode {
  declare readonly text: string;
  get type(): 'comment' {
    return 'comment';
  }
  constructor(tr: TreeRef, pos: number, text: string) {
    super(tr, pos);
    this.text = text;
  }
  toString(): string {
    return `{{${this.text}}}`;
  }
}

export class PipeNode extends BaseNode {
  declare readonly line: number;
  get type(): 'pipe' {
    return 'pipe';
  }
  declare isAssign: boolean;
  declare decl: VariableNode[];
  declare cmds: CommandNode[];
  constructor(tr: TreeRef, pos: number, line: number) {
    super(tr, pos);
    this.isAssign = false;
    this.decl = [];
    this.cmds = [];
    this.line = line;
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
  declare readonly line: number;
  declare readonly pipe: PipeNode;
  get type(): 'action' {
    return 'action';
  }
  constructor(tr: TreeRef, pos: number, line: number, pipe: PipeNode) {
    super(tr, pos);
    this.line = line;
    this.pipe = pipe;
  }
  toString(): string {
    return `{{${this.pipe}}}`;
  }
}

export class CommandNode extends BaseNode {
  constructor(tr: TreeRef, pos: number) {
    super(tr, pos);
    this.args = [];
  }
  get type(): 'command' {
    return 'command';
  }
  declare args: Node[];
  toString(): string {
    return this.args.map((a) => (a instanceof PipeNode ? `(${a})` : String(a))).join(' ');
  }
}

export class IdentifierNode extends BaseNode {
  declare readonly ident: string;
  get type(): 'identifier' {
    return 'identifier';
  }
  constructor(tr: TreeRef, pos: number, ident: string) {
    super(tr, pos);
    this.ident = ident;
  }
  toString(): string {
    return this.ident;
  }
}

export class VariableNode extends BaseNode {
  get type(): 'variable' {
    return 'variable';
  }
  declare readonly ident: string[];
  /** `text` is `$x.A.B`, or the identifiers themselves. */
  constructor(tr: TreeRef, pos: number, text: string | string[]) {
    super(tr, pos);
    this.ident = typeof text === 'string' ? text.split('.') : text;
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends BaseNode {
  get type(): 'dot' {
    return 'dot';
  }
  toString(): string {
    return '.';
  }
}

export class NilNode extends BaseNode {
  get type(): 'nil' {
    return 'nil';
  }
  toString(): string {
    return 'nil';
  }
}

export class FieldNode extends BaseNode {
  get type(): 'field' {
    return 'field';
  }
  declare readonly ident: string[];
  /** `text` is `.A.B`, or the identifiers themselves. */
  constructor(tr: TreeRef, pos: number, text: string | string[]) {
    super(tr, pos);
    this.ident = typeof text === 'string' ? text.slice(1).split('.') : text;
  }
  toString(): string {
    return this.ident.map((i) => '.' + i).join('');
  }
}

export class ChainNode extends BaseNode {
  declare readonly node: Node;
  get type(): 'chain' {
    return 'chain';
  }
  declare field: string[];
  constructor(tr: TreeRef, pos: number, node: Node) {
    super(tr, pos);
    this.field = [];
    this.node = node;
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
  declare readonly value: boolean;
  get type(): 'bool' {
    return 'bool';
  }
  constructor(tr: TreeRef, pos: number, value: boolean) {
    super(tr, pos);
    this.value = value;
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

export class NumberNode extends BaseNode {
  declare readonly text: string;
  get type(): 'number' {
    return 'number';
  }
  declare isInt: boolean;
  declare isUint: boolean;
  declare isFloat: boolean;
  declare isComplex: boolean;
  declare int64: bigint;
  declare uint64: bigint;
  declare float64: number;
  declare complex128?: GoComplex;
  constructor(tr: TreeRef, pos: number, text: string) {
    super(tr, pos);
    this.isInt = false;
    this.isUint = false;
    this.isFloat = false;
    this.isComplex = false;
    this.int64 = 0n;
    this.uint64 = 0n;
    this.float64 = 0;
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export class StringNode extends BaseNode {
  declare readonly quoted: string;
  declare readonly text: string;
  get type(): 'string' {
    return 'string';
  }
  constructor(tr: TreeRef, pos: number, quoted: string, text: string) {
    super(tr, pos);
    this.quoted = quoted;
    this.text = text;
  }
  toString(): string {
    return this.quoted;
  }
}

export class EndNode extends BaseNode {
  get type(): 'end' {
    return 'end';
  }
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode extends BaseNode {
  declare readonly line: number;
  get type(): 'else' {
    return 'else';
  }
  constructor(tr: TreeRef, pos: number, line: number) {
    super(tr, pos);
    this.line = line;
  }
  toString(): string {
    return '{{else}}';
  }
}

/** if / range / with share one shape (Go's BranchNode). */
export class BranchNode extends BaseNode {
  declare readonly type: 'if' | 'range' | 'with';
  declare readonly line: number;
  declare readonly pipe: PipeNode;
  declare readonly list: ListNode;
  declare readonly elseList: ListNode | undefined;
  constructor(tr: TreeRef, pos: number, type: 'if' | 'range' | 'with', line: number, pipe: PipeNode, list: ListNode, elseList: ListNode | undefined) {
    super(tr, pos);
    this.type = type;
    this.line = line;
    this.pipe = pipe;
    this.list = list;
    this.elseList = elseList;
  }
  toString(): string {
    const els = this.elseList ? `{{else}}${this.elseList}` : '';
    return `{{${this.type} ${this.pipe}}}${this.list}${els}{{end}}`;
  }
}

export class TemplateNode extends BaseNode {
  declare readonly line: number;
  declare readonly name: string;
  declare readonly pipe: PipeNode | undefined;
  get type(): 'template' {
    return 'template';
  }
  constructor(tr: TreeRef, pos: number, line: number, name: string, pipe: PipeNode | undefined) {
    super(tr, pos);
    this.line = line;
    this.name = name;
    this.pipe = pipe;
  }
  toString(): string {
    return this.pipe ? `{{template ${goQuote(this.name)} ${this.pipe}}}` : `{{template ${goQuote(this.name)}}}`;
  }
}

export class BreakNode extends BaseNode {
  declare readonly line: number;
  get type(): 'break' {
    return 'break';
  }
  constructor(tr: TreeRef, pos: number, line: number) {
    super(tr, pos);
    this.line = line;
  }
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends BaseNode {
  declare readonly line: number;
  get type(): 'continue' {
    return 'continue';
  }
  constructor(tr: TreeRef, pos: number, line: number) {
    super(tr, pos);
    this.line = line;
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
