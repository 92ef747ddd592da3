/**
 * Parser for Go text/template, ported from `text/template/parse/parse.go` (Go 1.23+:
 * break/continue, `else with`, range assignments). Produces one tree per template defined
 * in the text; errors read `template: NAME:LINE: msg` exactly as Go's.
 */
import { goQuote } from './fmt/quote.js';
import {
  ActionNode,
  BranchNode,
  BreakNode,
  CommentNode,
  ContinueNode,
  ElseNode,
  EndNode,
  ListNode,
  PipeNode,
  TemplateNode,
  TextNode,
  isEmptyTree,
  type Node,
  type TreeRef,
} from './ast.js';
import { It, Lexer, itemString, type Item, type ItemType } from './lexer.js';
import { parsePipeline } from './parse-expr.js';
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

/** Parser state for one tree (Go's parse.Tree while parsing). */
export class TreeParser implements Tree {
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
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
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
    return new ActionNode(this, t.pos, t.line, parsePipeline(this, 'command', It.RightDelim));
  }

  breakControl(token: Item, which: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (t.typ !== It.RightDelim) this.unexpected(t, `{{${which}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${which}}} outside {{range}}`);
    return which === 'break' ? new BreakNode(this, token.pos, token.line) : new ContinueNode(this, token.pos, token.line);
  }

  control(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = parsePipeline(this, context, It.RightDelim);
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
    const pipe = parsePipeline(this, context, It.RightDelim);
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
      pipe = parsePipeline(this, context, It.RightDelim);
    }
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ === It.String || token.typ === It.RawString) return this.unquoteOrFail(token.val);
    return this.unexpected(token, context);
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
