/**
 * Pipelines, commands and operands (parse.go pipeline/command/operand/term): the
 * expression half of the parser, including declarations, chains and literals.
 */
import { goQuote } from './fmt/quote.js';
import {
  BoolNode,
  ChainNode,
  CommandNode,
  DotNode,
  FieldNode,
  IdentifierNode,
  NilNode,
  PipeNode,
  StringNode,
  VariableNode,
  type Node,
} from './ast.js';
import { It, itemString, type ItemType } from './lexer.js';
import { newNumber } from './number-literal.js';
import type { TreeParser } from './parser.js';

export function parsePipeline(p: TreeParser, context: string, end: ItemType): PipeNode {
  const token = p.peekNonSpace();
  const pipe = new PipeNode(p, token.pos, token.line);
  decls: for (;;) {
    const v = p.peekNonSpace();
    if (v.typ !== It.Variable) break;
    p.next();
    const tokenAfterVariable = p.peek();
    const next = p.peekNonSpace();
    if (next.typ === It.Assign || next.typ === It.Declare) {
      pipe.isAssign = next.typ === It.Assign;
      p.nextNonSpace();
      pipe.decl.push(new VariableNode(p, v.pos, v.val));
      p.vars.push(v.val);
    } else if (next.typ === It.Char && next.val === ',') {
      p.nextNonSpace();
      pipe.decl.push(new VariableNode(p, v.pos, v.val));
      p.vars.push(v.val);
      if (context === 'range' && pipe.decl.length < 2) {
        const t = p.peekNonSpace().typ;
        if (t === It.Variable || t === It.RightDelim || t === It.RightParen) continue decls;
        p.errorf('range can only initialize variables');
      }
      p.errorf(`too many declarations in ${context}`);
    } else if (tokenAfterVariable.typ === It.Space) {
      p.backup3(v, tokenAfterVariable);
    } else {
      p.backup2(v);
    }
    break;
  }
  for (;;) {
    const t = p.nextNonSpace();
    switch (t.typ) {
      case end:
        checkPipeline(p, pipe, context);
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
        p.backup();
        pipe.cmds.push(parseCommand(p));
        break;
      default:
        p.unexpected(t, context);
    }
  }
}

export function checkPipeline(p: TreeParser, pipe: PipeNode, context: string): void {
  if (pipe.cmds.length === 0) p.errorf(`missing value for ${context}`);
  for (let i = 1; i < pipe.cmds.length; i++) {
    const a = pipe.cmds[i].args[0];
    if (a instanceof BoolNode || a instanceof DotNode || a instanceof NilNode || a.type === 'number' || a instanceof StringNode) {
      p.errorf(`non executable command in pipeline stage ${i + 1}`);
    }
  }
}

export function parseCommand(p: TreeParser): CommandNode {
  const cmd = new CommandNode(p, p.peekNonSpace().pos);
  for (;;) {
    p.peekNonSpace();
    const operand = parseOperand(p);
    if (operand !== undefined) cmd.args.push(operand);
    const t = p.next();
    if (t.typ === It.Space) continue;
    if (t.typ === It.RightDelim || t.typ === It.RightParen) p.backup();
    else if (t.typ !== It.Pipe) {
      if (t.typ === It.Error) p.errorf(t.val);
      p.errorf(`unexpected ${itemString(t)} in operand`);
    }
    break;
  }
  if (cmd.args.length === 0) p.errorf('empty command');
  return cmd;
}

export function parseOperand(p: TreeParser): Node | undefined {
  const node = parseTerm(p);
  if (node === undefined) return undefined;
  if (p.peek().typ !== It.Field) return node;
  const chain = new ChainNode(p, p.peek().pos, node);
  while (p.peek().typ === It.Field) chain.add(p.next().val);
  switch (node.type) {
    case 'field':
      return new FieldNode(p, chain.pos, [...(node as FieldNode).ident, ...chain.field]);
    case 'variable':
      return new VariableNode(p, chain.pos, [...(node as VariableNode).ident, ...chain.field]);
    case 'bool':
    case 'string':
    case 'number':
    case 'nil':
    case 'dot':
      p.errorf(`unexpected . after term ${goQuote(node.toString())}`);
  }
  return chain;
}

export function parseTerm(p: TreeParser): Node | undefined {
  const token = p.nextNonSpace();
  switch (token.typ) {
    case It.Error:
      p.errorf(token.val);
      break;
    case It.Identifier:
      if (!p.opts.skipFuncCheck && !p.opts.hasFunction(token.val)) {
        p.errorf(`function ${goQuote(token.val)} not defined`);
      }
      return new IdentifierNode(p, token.pos, token.val);
    case It.Dot:
      return new DotNode(p, token.pos);
    case It.Nil:
      return new NilNode(p, token.pos);
    case It.Variable:
      return useVar(p, token.pos, token.val);
    case It.Field:
      return new FieldNode(p, token.pos, token.val);
    case It.Bool:
      return new BoolNode(p, token.pos, token.val === 'true');
    case It.CharConstant:
    case It.Complex:
    case It.Number:
      try {
        return newNumber(p, token.pos, token.val, token.typ);
      } catch (e) {
        p.errorf((e as Error).message);
      }
      break;
    case It.LeftParen:
      return parsePipeline(p, 'parenthesized pipeline', It.RightParen);
    case It.String:
    case It.RawString:
      return new StringNode(p, token.pos, token.val, p.unquoteOrFail(token.val));
  }
  p.backup();
  return undefined;
}

export function useVar(p: TreeParser, pos: number, name: string): VariableNode {
  const v = new VariableNode(p, pos, name);
  if (!p.vars.includes(v.ident[0])) p.errorf(`undefined variable ${goQuote(v.ident[0])}`);
  return v;
}
