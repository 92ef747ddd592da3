/**
 * YAML → plain JS with source positions, the way go.yaml.in/yaml v3 decodes a state file:
 * aliases are copied, `<<` merge keys are applied (explicit keys win, whatever their order),
 * and the literal text of every scalar is kept so string fields get `1.10`, not `1.1`.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { UserError, type SourceLocation } from '../errors/index.js';

/**
 * Per-container metadata, kept light (one WeakMap entry per container, no per-key maps):
 * the YAML node it came from, plus where `<<`-merged keys came from.
 */
interface Meta {
  node: YamlNode;
  merged?: Map<string, unknown>;
}

/** A parsed YAML document with a position lookup for any map/array it produced. */
export interface YamlSource {
  value: unknown;
  /** Location of `key` inside `container` (or of the container itself when key is undefined). */
  locate(container: unknown, key?: string | number): SourceLocation;
  /** The scalar's literal source text (`1.10`, `yes`), when `container[key]` came from a scalar. */
  raw(container: unknown, key: string | number): string | undefined;
}

/** Where a text comes from, for error messages. */
export interface TextOrigin {
  /** Path shown to the user. */
  file: string;
  /** 1-based `---` part for multi-part state files. */
  part?: number;
  /** Lines before this text in the file (parts after the first start further down). */
  lineOffset?: number;
}

/**
 * A YAML syntax error at the line that is wrong, with that line shown (issue 13,
 * defect 4). A key indented deeper than the keys above it (`chart: x` then
 * `   namespace: y`) makes the yaml library complain at the value on the line
 * BEFORE (the value that would become a multi-line implicit key); the line to
 * fix is the next non-blank one.
 */
function malformed(text: string, err: { code: string; message: string; pos: [number, number] }, loc: (pos: number) => SourceLocation, lc: LineCounter): UserError {
  const lines = text.split('\n');
  const msg = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '');
  const start = lc.linePos(err.pos[0]);
  let lineNo = start.line;
  let column = start.col;
  let hint = 'fix the YAML syntax at this line';
  let message = msg;
  // An unclosed `[`, `{` or quote is only noticed on a later line; report the line it opens on (as Go's yaml does).
  const opener = /^Flow sequence/.test(msg) ? '[' : /^Flow map/.test(msg) ? '{' : /^Missing closing "quote/.test(msg) ? '"' : /^Missing closing 'quote/.test(msg) ? "'" : undefined;
  const opened = opener ? text.lastIndexOf(opener, Math.max(0, err.pos[0] - 1)) : -1;
  if (opened >= 0) {
    const p = lc.linePos(opened);
    lineNo = p.line;
    column = p.col;
    message = `${msg} (opened here, never closed)`;
  } else if (err.code === 'BLOCK_AS_IMPLICIT_KEY' || err.code === 'MULTILINE_IMPLICIT_KEY') {
    let n = start.line + 1;
    while (n <= lines.length && (lines[n - 1] ?? '').trim() === '') n++;
    if (n <= lines.length) {
      const above = lines[start.line - 1] ?? '';
      const here = lines[n - 1] ?? '';
      const indentAbove = above.length - above.trimStart().length;
      const indentHere = here.length - here.trimStart().length;
      lineNo = n;
      column = indentHere + 1;
      hint =
        indentHere > indentAbove
          ? `it is indented deeper (${indentHere} spaces) than \`${above.trim().split(':')[0]}:\` on line ${start.line + (loc(0).line ?? 1) - 1} (${indentAbove}); indent it as the key it belongs with`
          : `check the indentation of this line against line ${start.line + (loc(0).line ?? 1) - 1}`;
    }
  }
  const l = loc(0);
  const shownLine = lineNo + ((l.line ?? 1) - 1);
  const shown = (lines[lineNo - 1] ?? '').replace(/\s+$/, '');
  return new UserError(`malformed YAML: ${message}`, {
    location: { ...l, line: shownLine, column },
    hint: `line ${shownLine} is: ${JSON.stringify(shown)}\n${hint}`,
  });
}

/** Parses one YAML document. @throws UserError with file:line:column on malformed YAML. */
export function parseYamlSource(text: string, origin: TextOrigin): YamlSource {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: false });
  const offset = origin.lineOffset ?? 0;
  const loc = (pos: number): SourceLocation => {
    const { line, col } = lc.linePos(pos);
    return { file: origin.file, line: line + offset, column: col, ...(origin.part !== undefined ? { part: origin.part } : {}) };
  };
  const err = doc.errors[0];
  if (err) throw malformed(text, err, loc, lc);
  const metas = new WeakMap<object, Meta>();
  const anchors = new Map<string, YamlNode>();
  let aliasCount = 0;

  const convert = (node: unknown, depth: number): unknown => {
    if (depth > 200) throw new UserError('YAML nesting too deep (alias loop?)', { location: loc(0) });
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      // Go copies aliased content; a bound stops alias bombs.
      if (++aliasCount > 100_000) throw new UserError('too many YAML aliases', { location: loc(node.range?.[0] ?? 0) });
      const target = node.resolve(doc) ?? anchors.get(node.source);
      if (!target) throw new UserError(`unknown YAML anchor *${node.source}`, { location: loc(node.range?.[0] ?? 0), hint: `define &${node.source} on a node above this line, or write the value out` });
      return convert(target, depth + 1);
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
      return v === undefined ? null : v;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      for (const item of node.items) out.push(convert(item, depth + 1));
      metas.set(out, { node });
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const meta: Meta = { node };
      const merges: unknown[] = [];
      for (const pair of node.items) {
        const k = pair.key as YamlNode | null;
        if (isScalar(k) && k.value === '<<' && k.type === 'PLAIN') {
          merges.push(pair.value);
          continue;
        }
        const key = isScalar(k) ? String(k.value ?? '') : k === null ? '' : JSON.stringify(convert(k, depth + 1));
        assign(out, key, convert(pair.value, depth + 1));
      }
      // `<<: *a` or `<<: [*a, *b]`: earlier sources win over later ones, explicit keys over all.
      for (const m of merges) {
        const sources = isSeq(m) ? m.items : [m];
        for (const src of sources) {
          const v = convert(src, depth + 1);
          if (typeof v !== 'object' || v === null || Array.isArray(v)) {
            throw new UserError('YAML merge key `<<` needs a map or a list of maps', { location: loc((m as { range?: [number] }).range?.[0] ?? node.range?.[0] ?? 0) });
          }
          for (const [key, val] of Object.entries(v)) {
            if (Object.hasOwn(out, key)) continue;
            assign(out, key, val);
            (meta.merged ??= new Map()).set(key, v);
          }
        }
      }
      metas.set(out, meta);
      return out;
    }
    return null;
  };

  /** The key node (for maps) or item node (for seqs) of `key` in `container`, following `<<` merges. */
  const find = (container: unknown, key: string | number | undefined, depth = 0): { at: number; value?: YamlNode } | undefined => {
    if (typeof container !== 'object' || container === null || depth > 50) return undefined;
    const meta = metas.get(container);
    if (!meta) return undefined;
    const self = meta.node.range?.[0] ?? 0;
    if (key === undefined) return { at: self };
    if (isSeq(meta.node)) {
      const item = meta.node.items[key as number] as YamlNode | undefined;
      return { at: item?.range?.[0] ?? self, ...(item ? { value: item } : {}) };
    }
    if (isMap(meta.node)) {
      for (const pair of meta.node.items) {
        const k = pair.key as YamlNode | null;
        if (isScalar(k) && String(k.value ?? '') === String(key) && !(k.value === '<<' && k.type === 'PLAIN')) {
          return { at: k.range?.[0] ?? self, ...(pair.value ? { value: pair.value as YamlNode } : {}) };
        }
      }
      const from = meta.merged?.get(String(key));
      if (from) return find(from, key, depth + 1);
    }
    return { at: self };
  };

  const value = convert(doc.contents, 0);
  return {
    value,
    locate(container, key) {
      const f = find(container, key);
      if (!f) return { file: origin.file, ...(origin.part !== undefined ? { part: origin.part } : {}) };
      return loc(f.at);
    },
    raw(container, key) {
      const v = find(container, key)?.value;
      return v && isScalar(v) && typeof v.source === 'string' ? v.source : undefined;
    },
  };
}

/** Sets a key without ever touching the prototype (a YAML key may be `__proto__`). */
function assign(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
