/**
 * Parser for Go text/template, ported from `text/template/parse/parse.go` (Go 1.23+:
 * break/continue, `else with`, range assignments). Produces one tree per template defined
 * in the text; errors read `template: NAME:LINE: msg` exactly as Go's.
 */
import {
  ActionNode,
  BranchNode,
  BreakNode,
  ChainNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  NilNode,
  PipeNode,
  TemplateNode,
  TextNode,
  VariableNode,
  BoolNode,
  StringNode,
  isEmptyTree,
  type Node,
  type TreeRef,
} from './ast.js';
import { It, Lexer, itemString, type Item, type ItemType } from './lexer.js';
import { newNumber } from './number-literal.js';
import { unquote } from './strconv.js';

/** A parsed template body. */
export interface Tree extends TreeRef {
  name: string;
  root: ListNode;
}

/** Thrown for template syntax errors; `message` is Go's text. */
export class TemplateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

export interface ParseOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** Whether a function name exists (user funcs + builtins), checked at parse time. */
  hasFunction: (name: string) => boolean;
  /** Keep comments as nodes (parse.ParseComments). */
  parseComments?: boolean;
  /** Skip the function-existence check (parse.SkipFuncCheck). */
  skipFuncCheck?: boolean;
}

class TreeParser implements Tree {
  root!: ListNode;
  token: Item[] = [];
  peekCount = 0;
  vars: string[] = ['$'];
  actionLine = 0;
  rangeDepth = 0;

  constructor(
    public name: string,
    readonly parseName: string,
    readonly text: string,
    readonly lex: Lexer,
    readonly treeSet: Map<string, Tree>,
    readonly opts: ParseOptions,
  ) {}

  errorf(msg: string): never {
    const line = this.token[0]?.line ?? 0;
    throw new TemplateParseError(`template: ${this.parseName}:${line}: ${msg}`);
  }

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  backup(): void {
    this.peekCount++;
  }

  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === It.Space);
    return t;
  }

  peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  expect(expected: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }

  unexpected(token: Item, context: string): never {
    if (token.typ === It.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  /** Top level: like itemList, but also handles {{define}}. */
  parse(): void {
    this.root = new ListNode(this, this.peek().pos);
    while (this.peek().typ !== It.EOF) {
      if (this.peek().typ === It.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === It.Define) {
          const def = new TreeParser('definition', this.parseName, this.text, this.lex, this.treeSet, this.opts);
          def.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) this.errorf(`unexpected ${n}`);
      this.root.nodes.push(n);
    }
  }

  /** Adds the tree to the set; two non-empty definitions of one name in one parse fail. */
  add(): void {
    const existing = this.treeSet.get(this.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, this);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${JSON.stringify(this.name)}`);
  }

  parseDefinition(): void {
    const context = 'define clause';
    const name = this.nextNonSpace();
    if (name.typ !== It.String && name.typ !== It.RawString) this.unexpected(name, context);
    this.name = this.unquoteOrFail(name.val);
    this.expect(It.RightDelim, context);
    const [list, end] = this.itemList();
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end} in ${context}`);
    this.root = list;
    this.add();
  }

  unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch {
      return this.errorf('invalid syntax');
    }
  }

  itemList(): [ListNode, Node] {
    const list = new ListNode(this, this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== It.EOF) {
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case It.Text:
        return new TextNode(this, token.pos, token.val);
      case It.LeftDelim: {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case It.Comment:
        return new CommentNode(this, token.pos, token.val);
    }
    return this.unexpected(token, 'input');
  }

  action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case It.Block:
        return this.blockControl();
      case It.Break:
        return this.breakControl(token, 'break');
      case It.Continue:
        return this.breakControl(token, 'continue');
      case It.Else:
        return this.elseControl();
      case It.End:
        return new EndNode(this, this.expect(It.RightDelim, 'end').pos);
      case It.If:
        return this.control('if');
      case It.Range:
        return this.control('range');
      case It.Template:
        return this.templateControl();
      case It.With:
        return this.control('with');
    }
    this.backup();
    const t = this.peek();
    return new ActionNode(this, t.pos, t.line, this.pipeline('command', It.RightDelim));
  }

  breakControl(token: Item, which: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (t.typ !== It.RightDelim) this.unexpected(t, `{{${which}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${which}}} outside {{range}}`);
    return which === 'break' ? new BreakNode(this, token.pos, token.line) : new ContinueNode(this, token.pos, token.line);
  }

  pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(this, token.pos, token.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== It.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === It.Assign || next.typ === It.Declare) {
        pipe.isAssign = next.typ === It.Assign;
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(this, v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === It.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(this, v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === It.Variable || p === It.RightDelim || p === It.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === It.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case It.Bool:
        case It.CharConstant:
        case It.Complex:
        case It.Dot:
        case It.Field:
        case It.Identifier:
        case It.Number:
        case It.Nil:
        case It.RawString:
        case It.String:
        case It.Variable:
        case It.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const a = pipe.cmds[i].args[0];
      if (a instanceof BoolNode || a instanceof DotNode || a instanceof NilNode || a.type === 'number' || a instanceof StringNode) {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  control(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, It.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let list: ListNode;
      let next: Node;
      try {
        [list, next] = this.itemList();
      } finally {
        if (context === 'range') this.rangeDepth--;
      }
      let elseList: ListNode | undefined;
      if (next instanceof ElseNode) {
        // `{{else if}}` / `{{else with}}` are parsed as a nested if/with needing one {{end}}.
        if (context === 'if' && this.peek().typ === It.If) {
          this.next();
          elseList = new ListNode(this, next.pos);
          elseList.nodes.push(this.control('if'));
        } else if (context === 'with' && this.peek().typ === It.With) {
          this.next();
          elseList = new ListNode(this, next.pos);
          elseList.nodes.push(this.control('with'));
        } else {
          [elseList, next] = this.itemList();
          if (!(next instanceof EndNode)) this.errorf(`expected end; found ${next}`);
        }
      }
      return new BranchNode(this, pipe.pos, context, pipe.line, pipe, list, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === It.If || peek.typ === It.With) return new ElseNode(this, peek.pos, peek.line);
    const t = this.expect(It.RightDelim, 'else');
    return new ElseNode(this, t.pos, t.line);
  }

  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, It.RightDelim);
    const block = new TreeParser(name, this.parseName, this.text, this.lex, this.treeSet, this.opts);
    const [list, end] = block.itemList();
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end} in ${context}`);
    block.root = list;
    block.add();
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== It.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, It.RightDelim);
    }
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ === It.String || token.typ === It.RawString) return this.unquoteOrFail(token.val);
    return this.unexpected(token, context);
  }

  command(): CommandNode {
    const cmd = new CommandNode(this, this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === It.Space) continue;
      if (t.typ === It.RightDelim || t.typ === It.RightParen) this.backup();
      else if (t.typ !== It.Pipe) {
        if (t.typ === It.Error) this.errorf(t.val);
        this.errorf(`unexpected ${itemString(t)} in operand`);
      }
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  operand(): Node | undefined {
    const node = this.term();
    if (node === undefined) return undefined;
    if (this.peek().typ !== It.Field) return node;
    const chain = new ChainNode(this, this.peek().pos, node);
    while (this.peek().typ === It.Field) chain.add(this.next().val);
    switch (node.type) {
      case 'field':
        return new FieldNode(this, chain.pos, [...(node as FieldNode).ident, ...chain.field]);
      case 'variable':
        return new VariableNode(this, chain.pos, [...(node as VariableNode).ident, ...chain.field]);
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${JSON.stringify(node.toString())}`);
    }
    return chain;
  }

  term(): Node | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case It.Error:
        this.errorf(token.val);
        break;
      case It.Identifier:
        if (!this.opts.skipFuncCheck && !this.opts.hasFunction(token.val)) {
          this.errorf(`function ${JSON.stringify(token.val)} not defined`);
        }
        return new IdentifierNode(this, token.pos, token.val);
      case It.Dot:
        return new DotNode(this, token.pos);
      case It.Nil:
        return new NilNode(this, token.pos);
      case It.Variable:
        return this.useVar(token.pos, token.val);
      case It.Field:
        return new FieldNode(this, token.pos, token.val);
      case It.Bool:
        return new BoolNode(this, token.pos, token.val === 'true');
      case It.CharConstant:
      case It.Complex:
      case It.Number:
        try {
          return newNumber(this, token.pos, token.val, token.typ);
        } catch (e) {
          this.errorf((e as Error).message);
        }
        break;
      case It.LeftParen:
        return this.pipeline('parenthesized pipeline', It.RightParen);
      case It.String:
      case It.RawString:
        return new StringNode(this, token.pos, token.val, this.unquoteOrFail(token.val));
    }
    this.backup();
    return undefined;
  }

  useVar(pos: number, name: string): VariableNode {
    const v = new VariableNode(this, pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
    return v;
  }
}

/**
 * parse.Parse: parse `text` as template `name`; returns every tree it defines, keyed by
 * name (the top-level one included, possibly empty).
 */
export function parseTemplates(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lex = new Lexer(name, text, opts.leftDelim || '{{', opts.rightDelim || '}}', {
    emitComment: opts.parseComments,
    breakOK: !opts.hasFunction('break'),
    continueOK: !opts.hasFunction('continue'),
  });
  const t = new TreeParser(name, name, text, lex, treeSet, opts);
  t.parse();
  t.add();
  return treeSet;
}
