/**
 * The minimal edit of a values file (issue 12): only the promoted scalars are
 * rewritten, in place, in the file's own text. The `yaml` Document API finds
 * each node and its source range; the new scalar is spliced into the original
 * text at that range, so comments, blank lines, key order, anchors, quoting
 * of untouched nodes and the line endings stay byte-identical by construction.
 * A key the file does not have yet is inserted after the last entry of the
 * deepest map that exists, indented like its siblings.
 *
 * Every edit is checked by decoding the result with the loader's own decoder:
 * the edited paths must hold the new values and everything else must decode
 * exactly as before (an anchor shared with another key, or a `<<` merge that
 * an explicit key would cut short, fails that check and is refused).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, stringify, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import { UserError, type SourceLocation } from '../errors/index.js';
import { GoFloat } from '../gotemplate/value.js';
import { clone, setAtPath } from '../state/merge.js';
import { decodeValuesYaml } from '../state/values-codec.js';
import { firstDifference, formatPath, getAt, sameValue, type PathSegment } from './values-path.js';

/** Set `path` to `value` (a scalar, or a list of scalars). */
export interface ValueEdit {
  path: readonly PathSegment[];
  value: unknown;
}

export interface EditOptions {
  /** The file as shown to the user, for messages. */
  file: string;
}

/** A refused edit: the file, line and why. */
function refuse(message: string, location: SourceLocation, hint = 'edit this key by hand, or move it to a plain map in a values file of the target environment'): UserError {
  return new UserError(message, { location, hint });
}

/**
 * Applies the edits to `text` and returns the new text (the same string when
 * nothing changes). @throws UserError (file:line) when an edit cannot be made
 * minimally and safely.
 */
export function editYamlValues(text: string, edits: readonly ValueEdit[], o: EditOptions): string {
  const before = decodeValuesYaml(text, { file: o.file });
  let out = text;
  for (const e of edits) out = applyOne(out, e, o);
  // The whole document decodes as before, except the edited paths.
  const want = clone(before);
  for (const e of edits) setAtPath(want, [...e.path], clone(e.value));
  const after = decodeValuesYaml(out, { file: o.file });
  if (!sameValue(after, want)) {
    const moved = firstDifference(want, after);
    throw refuse(`editing ${o.file} would also change ${moved ? formatPath(moved) : 'other keys'} (an anchor, alias or merge key shares the value)`, { file: o.file });
  }
  return out;
}

interface Parsed {
  doc: Document.Parsed;
  lc: LineCounter;
  nl: string;
}

function parse(text: string, o: EditOptions): Parsed {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, strict: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) throw refuse(`malformed YAML: ${err.message.split('\n')[0]}`, { file: o.file, line: lc.linePos(err.pos[0]).line }, 'fix the YAML syntax at this line');
  // The file's own line ending for inserted lines.
  return { doc, lc, nl: text.includes('\r\n') ? '\r\n' : '\n' };
}

function applyOne(text: string, e: ValueEdit, o: EditOptions): string {
  const p = parse(text, o);
  const at = (pos: number): SourceLocation => ({ file: o.file, line: p.lc.linePos(pos).line });
  const key = formatPath(e.path);
  let node: unknown = p.doc.contents;
  for (let i = 0; i < e.path.length; i++) {
    const seg = e.path[i]!;
    if (isAlias(node)) throw refuse(`${key}: ${formatPath(e.path.slice(0, i))} is an alias (*${node.source}); changing it would change its anchor`, at(node.range?.[0] ?? 0));
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
      return insertUnder(text, p, node as Scalar | null | undefined, e.path.slice(0, i), e.path.slice(i), e.value, o);
    }
    if (isMap(node)) {
      if (typeof seg !== 'string') throw refuse(`${key}: ${formatPath(e.path.slice(0, i)) || 'the document'} is a map, not a list`, at(node.range?.[0] ?? 0));
      const pair = node.items.find((x) => isScalar(x.key) && String(x.key.value ?? '') === seg && !(x.key.value === '<<' && x.key.type === 'PLAIN'));
      if (!pair) return insertIntoMap(text, p, node, e.path.slice(i), e.value, o);
      const v = pair.value as YamlNode | null;
      // `key:` with nothing after it: the value (or the missing keys) go after the colon / on the lines below.
      if (v === null || (isScalar(v) && v.value === null && (!v.range || v.range[0] === v.range[1]))) {
        return insertAfterKey(text, p, pair.key as YamlNode, e.path.slice(i + 1), e.value, o);
      }
      node = v;
    } else if (isSeq(node)) {
      if (typeof seg !== 'number' || seg >= node.items.length) throw refuse(`${key}: ${formatPath(e.path.slice(0, i))} is a list without this item`, at(node.range?.[0] ?? 0));
      node = node.items[seg];
    } else {
      throw refuse(`${key}: ${formatPath(e.path.slice(0, i))} holds a scalar here, not a map`, at((node as YamlNode).range?.[0] ?? 0));
    }
  }
  if (isAlias(node)) {
    // An alias as the value itself: the key gets its own scalar, the anchor is untouched.
    const r = node.range!;
    return text.slice(0, r[0]) + valueText(e.value, undefined, p.nl, columnOf(text, r[0])) + text.slice(r[1]);
  }
  if (isScalar(node)) {
    const r = node.range!;
    const old = text.slice(r[0], r[1]);
    let repl = valueText(e.value, node, p.nl, columnOf(text, r[0]));
    // A block scalar's range ends after its last line break: keep it.
    if (/\n$/.test(old) && !/\n$/.test(repl)) repl += old.endsWith('\r\n') ? '\r\n' : '\n';
    return text.slice(0, r[0]) + repl + text.slice(r[1]);
  }
  if (isSeq(node) && Array.isArray(e.value)) {
    const r = node.range!;
    return text.slice(0, r[0]) + seqText(e.value, node.flow ?? false, p.nl, columnOf(text, r[0])) + trailingBreak(text.slice(r[0], r[1]), node.flow ?? false) + text.slice(r[1]);
  }
  throw refuse(`${key} is a ${isMap(node) ? 'map' : 'list'} in ${o.file}; the promoted value is ${Array.isArray(e.value) ? 'a list' : 'a scalar'}`, at((node as YamlNode).range?.[0] ?? 0));
}

/** A block sequence's range ends with its last line break; a rewritten one keeps it. */
function trailingBreak(old: string, flow: boolean): string {
  if (flow) return '';
  const m = /(\r?\n)$/.exec(old);
  return m ? m[1]! : '';
}

/** 0-based column of an offset. */
function columnOf(text: string, pos: number): number {
  const ls = text.lastIndexOf('\n', pos - 1);
  return pos - (ls + 1);
}

/** Offset of the end of the line holding `pos` (before `\r\n` / `\n`). */
function lineEnd(text: string, pos: number): number {
  let i = text.indexOf('\n', pos);
  if (i < 0) return text.length;
  if (i > 0 && text[i - 1] === '\r') i--;
  return i;
}

/** The indentation step of the file: the smallest positive nesting seen, else 2. */
function indentStep(doc: Document.Parsed, text: string): number {
  let best = 0;
  const walk = (n: unknown, col: number | undefined): void => {
    if (!isMap(n) || n.flow) return;
    for (const it of n.items) {
      const k = it.key as YamlNode | null;
      if (!k?.range) continue;
      const c = columnOf(text, k.range[0]);
      if (col !== undefined && c > col && (best === 0 || c - col < best)) best = c - col;
      if (isMap(it.value) && !it.value.flow) walk(it.value, c);
    }
  };
  walk(doc.contents, undefined);
  return best > 0 && best <= 8 ? best : 2;
}

/** `a:\n  b: v` for the missing keys, every line indented by `col` (first line not). */
function blockEntries(rest: readonly PathSegment[], value: unknown, col: number, step: number, nl: string): string {
  let out = '';
  rest.forEach((seg, i) => {
    const pad = ' '.repeat(col + i * step);
    out += `${i === 0 ? '' : `${nl}${pad}`}${keyText(String(seg))}:`;
  });
  const last = col + (rest.length - 1) * step;
  if (Array.isArray(value)) return out + (value.length ? nl + ' '.repeat(last + step) + seqText(value, false, nl, last + step) : ' []');
  return `${out} ${valueText(value, undefined, nl, last)}`;
}

/** `{a: {b: v}}` for the missing keys. */
function flowEntries(rest: readonly PathSegment[], value: unknown, nl: string): string {
  const v = Array.isArray(value) ? seqText(value, true, nl, 0) : valueText(value, undefined, nl, 0);
  let out = `${keyText(String(rest[rest.length - 1]))}: ${v}`;
  for (let i = rest.length - 2; i >= 0; i--) out = `${keyText(String(rest[i]))}: {${out}}`;
  return out;
}

function insertIntoMap(text: string, p: Parsed, map: YAMLMap, rest: readonly PathSegment[], value: unknown, o: EditOptions): string {
  if (rest.some((s) => typeof s === 'number')) throw refuse(`${formatPath(rest)}: cannot add a list item`, { file: o.file, line: p.lc.linePos(map.range?.[0] ?? 0).line });
  const r = map.range!;
  if (map.flow) {
    const close = text.lastIndexOf('}', r[1]);
    const body = text.slice(r[0] + 1, close);
    const sep = map.items.length ? (/,\s*$/.test(body) ? ' ' : ', ') : '';
    const before = text.slice(0, close).replace(/[ \t]*$/, '');
    return before + sep + flowEntries(rest, value, p.nl) + (map.items.length ? '' : '') + text.slice(close);
  }
  const first = map.items[0]?.key as YamlNode | undefined;
  const col = first?.range ? columnOf(text, first.range[0]) : 0;
  const step = indentStep(p.doc, text);
  const entry = ' '.repeat(col) + blockEntries(rest, value, col, step, p.nl);
  // After the map's last entry (its range ends after that entry's line break, when there is one).
  let at = r[1];
  const lastItem = map.items[map.items.length - 1];
  const lastEnd = (lastItem?.value as YamlNode | null)?.range?.[2] ?? (lastItem?.key as YamlNode | null)?.range?.[2];
  if (lastEnd !== undefined) at = Math.max(at, lastEnd);
  at = Math.min(at, text.length);
  if (at > 0 && text[at - 1] === '\n') return text.slice(0, at) + entry + p.nl + text.slice(at);
  return text.slice(0, at) + p.nl + entry + text.slice(at);
}

/** `key:` with no value: the missing keys go on the lines below it. */
function insertAfterKey(text: string, p: Parsed, key: YamlNode, rest: readonly PathSegment[], value: unknown, o: EditOptions): string {
  if (rest.length === 0) {
    // `key:` gets the value right after its colon; a comment on that line stays.
    const end = lineEnd(text, key.range![1]);
    const colon = text.indexOf(':', key.range![1]);
    const at = colon >= 0 && colon < end ? colon + 1 : end;
    const v = Array.isArray(value) ? seqText(value, true, p.nl, 0) : valueText(value, undefined, p.nl, 0);
    const after = text.slice(at, end);
    return text.slice(0, at) + ' ' + v + (after.trim() === '' ? '' : after.startsWith(' ') ? after : ` ${after}`) + text.slice(end);
  }
  if (rest.some((s) => typeof s === 'number')) throw refuse(`${formatPath(rest)}: cannot add a list item`, { file: o.file, line: p.lc.linePos(key.range?.[0] ?? 0).line });
  const col = columnOf(text, key.range![0]);
  const step = indentStep(p.doc, text);
  const at = lineEnd(text, key.range![1]);
  return text.slice(0, at) + p.nl + ' '.repeat(col + step) + blockEntries(rest, value, col + step, step, p.nl) + text.slice(at);
}

/** The path reaches nothing (an empty document) or an explicit null (`~`). */
function insertUnder(text: string, p: Parsed, node: Scalar | null | undefined, done: readonly PathSegment[], rest: readonly PathSegment[], value: unknown, o: EditOptions): string {
  if (rest.some((s) => typeof s === 'number')) throw refuse(`${formatPath([...done, ...rest])}: cannot add a list item`, { file: o.file });
  if (node && node.range) {
    const r = node.range;
    return text.slice(0, r[0]) + `{${flowEntries(rest, value, p.nl)}}` + text.slice(r[1]);
  }
  // An empty (or comments-only) document: the keys go at the end.
  const sep = text === '' || text.endsWith('\n') ? '' : p.nl;
  return text + sep + blockEntries(rest, value, 0, 2, p.nl) + p.nl;
}

/** A map key as YAML text: plain when it reads back as the same string. */
function keyText(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(k) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(k) ? k : JSON.stringify(k);
}

function seqText(items: readonly unknown[], flow: boolean, nl: string, col: number): string {
  if (items.some((x) => typeof x === 'object' && x !== null && !(x instanceof GoFloat))) {
    throw new UserError('only lists of scalars can be promoted', { hint: 'promote the list items (key.0, key.1, …) or edit by hand' });
  }
  const parts = items.map((x) => valueText(x, undefined, nl, col));
  if (flow || items.length === 0) return `[${parts.join(', ')}]`;
  return parts.map((x) => `- ${x}`).join(nl + ' '.repeat(col));
}

/**
 * The YAML text of a scalar, in the style of the node it replaces when that
 * style keeps the value's type: a string stays plain, 'single' or "double"
 * quoted; a number, boolean or null is written plain (quoting would make it a string).
 */
export function valueText(v: unknown, old: Scalar | undefined, nl: string, col: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return String(v);
  if (v instanceof GoFloat || typeof v === 'number') {
    const n = v instanceof GoFloat ? v.value : v;
    if (Number.isNaN(n)) return '.nan';
    if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
    // An integral float keeps its `.0` so it decodes as a float again.
    return v instanceof GoFloat && Number.isInteger(n) && !/e/i.test(String(n)) ? `${n}.0` : String(n);
  }
  if (Array.isArray(v)) return seqText(v, true, nl, col);
  if (typeof v !== 'string') throw new UserError(`cannot write a ${typeof v} value`, { hint: 'promote its scalar keys instead' });
  const style = old?.type;
  if (style === Scalar.QUOTE_SINGLE && !/[\r\n]/.test(v)) return `'${v.replace(/'/g, "''")}'`;
  if (style === Scalar.QUOTE_DOUBLE || style === Scalar.BLOCK_LITERAL || style === Scalar.BLOCK_FOLDED) return JSON.stringify(v);
  return plainOrQuoted(v);
}

/** Plain when YAML (1.2 and go-yaml alike) reads it back as this string; otherwise "double quoted". */
function plainOrQuoted(s: string): string {
  const plain = stringify(s, { lineWidth: 0 }).replace(/\n$/, '');
  if (plain !== s || /^(y|n|yes|no|on|off|true|false|null|~)$/i.test(s) || /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) || /^0[0-7]+$|^0[xXoObB]/.test(s) || /^[-+]?\.(inf|nan)$/i.test(s)) return JSON.stringify(s);
  // The value decodes back as exactly this string with the loader's decoder.
  const back = getAt(decodeValuesYaml(`k: ${s}\n`, { file: '(check)' }), ['k']);
  return back.found && back.value === s ? s : JSON.stringify(s);
}
