/**
 * Template value model → YAML, byte-identical to go.yaml.in/yaml/v3's Encoder with
 * SetIndent(n) (helmfile's toYaml). A focused port of yaml.v3's emitter: the same column /
 * indentation bookkeeping, scalar analysis (analyze_scalar) and style selection
 * (select_scalar_style + encoder stringv), and the "natural" key order of sorter.go.
 */
import { GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { formatFloatG, isIntNumber } from './go-fmt.js';
import { GoTime } from './go-time.js';
import { isBase60Float, isOldBool, resolvePlain } from './yaml-resolve.js';

type Style = 'plain' | 'single' | 'double' | 'literal';

const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
/** libyaml's is_printable on UTF-8 bytes, expressed on code points (4-byte runes are not printable). */
const isPrintable = (c: number): boolean =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

/** Port of yaml_emitter_analyze_scalar. */
function analyze(value: string): Analysis {
  const cps = Array.from(value, (ch) => ch.codePointAt(0)!);
  if (cps.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, single: true, block: false };
  let blockInd = false, flowInd = false, lineBreaks = false, special = false, tabs = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) { blockInd = true; flowInd = true; }
  let precededByWs = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const followedByWs = i + 1 >= cps.length || isBlank(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) { flowInd = true; blockInd = true; }
      else if (ch === '?' || ch === ':') { flowInd = true; if (followedByWs) blockInd = true; }
      else if (ch === '-' && followedByWs) { flowInd = true; blockInd = true; }
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      else if (ch === ':') { flowInd = true; if (followedByWs) blockInd = true; }
      else if (ch === '#' && precededByWs) { flowInd = true; blockInd = true; }
    }
    if (c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlank(c) || isBreak(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) { a.flowPlain = false; a.blockPlain = false; }
  if (trailingSpace) a.block = false;
  if (breakSpace) { a.flowPlain = false; a.blockPlain = false; a.single = false; }
  if (spaceBreak || tabs || special) { a.flowPlain = false; a.blockPlain = false; a.single = false; }
  if (spaceBreak || special) a.block = false;
  if (lineBreaks) { a.flowPlain = false; a.blockPlain = false; }
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

/** The style yaml.v3 emits a Go string in (encoder stringv, then emitter select_scalar_style). */
export function stringStyle(s: string, simpleKey = false): Style {
  const r = resolvePlain(s);
  const canUsePlain = r.tag === 'str' && !isBase60Float(s) && !isOldBool(s);
  let style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (s.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);
const isLetter = (c: string): boolean => /\p{L}/u.test(c);

/** yaml.v3 sorter.go keyList.Less for string keys: digit runs compare numerically. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return digits ? al : bl;
    let an = 0n, bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1n; bn = 1n; break; }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    // Go accumulates digit runs in an int64, which wraps on overflow.
    an = BigInt.asIntN(64, an);
    bn = BigInt.asIntN(64, bn);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** Sort map keys in yaml.v3 order. */
export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  private readonly indents: number[] = [];

  constructor(private readonly best: number) {}

  private put(s: string): void {
    this.out += s;
    this.column += Array.from(s).length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  private writeIndent(): void {
    const ind = Math.max(this.indent, 0);
    if (!this.indention || this.column > ind || (this.column === ind && !this.whitespace)) this.putBreak();
    while (this.column < ind) this.put(' ');
    this.whitespace = true;
  }

  private indicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, inSeqItem: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.best : 0;
    else if (inSeqItem) this.indent += 2;
    else this.indent = this.best * Math.floor((this.indent + this.best) / this.best);
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  node(v: unknown, seqItem: boolean, simpleKey = false): void {
    if (Array.isArray(v)) {
      if (v.length === 0) return this.flowEmpty('[', ']');
      this.increaseIndent(false, seqItem);
      for (const item of v) {
        this.writeIndent();
        this.indicator('-', true, false, true);
        this.node(item, true);
      }
      this.popIndent();
      return;
    }
    if (isGoMap(v)) {
      const keys = sortYamlKeys(Object.keys(v));
      if (keys.length === 0) return this.flowEmpty('{', '}');
      this.increaseIndent(false, seqItem);
      for (const k of keys) {
        this.writeIndent();
        if (isSimpleKey(k)) {
          this.node(k, false, true);
          this.indicator(':', false, false, false);
        } else {
          this.indicator('?', true, false, true);
          this.node(k, false);
          this.writeIndent();
          this.indicator(':', true, false, true);
        }
        this.node(v[k], false);
      }
      this.popIndent();
      return;
    }
    const [text, style] = scalarOf(v, simpleKey);
    this.increaseIndent(true, seqItem);
    switch (style) {
      case 'plain':
        if (text.length > 0 && !this.whitespace) this.put(' ');
        this.put(text);
        if (text.length > 0) this.whitespace = false;
        this.indention = false;
        break;
      case 'single':
        this.indicator("'", true, false, false);
        this.put(text.replace(/'/g, "''"));
        this.indicator("'", false, false, false);
        this.whitespace = false;
        this.indention = false;
        break;
      case 'double':
        this.indicator('"', true, false, false);
        this.put(escapeDouble(text));
        this.indicator('"', false, false, false);
        this.whitespace = false;
        this.indention = false;
        break;
      case 'literal':
        this.literal(text);
        break;
    }
    this.popIndent();
  }

  private flowEmpty(open: string, close: string): void {
    this.indicator(open, true, true, false);
    this.indicator(close, false, false, false);
  }

  private literal(value: string): void {
    this.indicator('|', true, false, false);
    const cps = Array.from(value, (c) => c.codePointAt(0)!);
    if (cps.length && (cps[0] === 0x20 || isBreak(cps[0]))) this.indicator(String(this.best), false, false, false);
    let chomp = '';
    if (cps.length === 0 || !isBreak(cps[cps.length - 1])) chomp = '-';
    else if (cps.length === 1 || isBreak(cps[cps.length - 2])) chomp = '+';
    if (chomp) this.indicator(chomp, false, false, false);
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.putBreak();
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }

  finish(): string {
    // Document end: yaml_emitter_write_indent at indent 0 terminates the last line.
    this.indent = 0;
    if (this.column > 0 || !this.whitespace) this.putBreak();
    return this.out;
  }
}

/** yaml_emitter_check_simple_key for a scalar key: single line and at most 128 bytes. */
function isSimpleKey(k: string): boolean {
  return Buffer.byteLength(k, 'utf8') <= 128 && !/[\n\r\u0085\u2028\u2029]/.test(k);
}

/** Text and style of a non-collection value. */
function scalarOf(v: unknown, simpleKey: boolean): [string, Style] {
  if (v === null || v === undefined) return ['null', 'plain'];
  if (typeof v === 'boolean') return [v ? 'true' : 'false', 'plain'];
  if (typeof v === 'bigint') return [v.toString(), 'plain'];
  if (typeof v === 'number') return [isIntNumber(v) ? String(v) : yamlFloat(v), 'plain'];
  if (v instanceof GoFloat) return [yamlFloat(v.value), 'plain'];
  if (v instanceof GoTyped) {
    if (typeof v.value === 'bigint' || typeof v.value === 'number') return [String(v.value), 'plain'];
    return scalarOf(v.value, simpleKey);
  }
  if (v instanceof GoTime) return [v.format('2006-01-02T15:04:05.999999999Z07:00'), 'plain'];
  if (typeof v === 'string') return [v, stringStyle(v, simpleKey)];
  if (isGoObject(v) && v.goString) {
    const s = v.goString();
    return [s, stringStyle(s, simpleKey)];
  }
  throw new Error(`cannot marshal type: ${typeof v === 'function' ? 'func()' : typeof v}`);
}

function yamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  return formatFloatG(f);
}

/** Body of a double-quoted scalar with yaml.v3's escapes (\U for non-BMP runes). */
function escapeDouble(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
      const named: Record<number, string> = {
        0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
        0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
      };
      const hex = (w: number): string => c.toString(16).toUpperCase().padStart(w, '0');
      out += '\\' + (named[c] ?? (c <= 0xff ? 'x' + hex(2) : c <= 0xffff ? 'u' + hex(4) : 'U' + hex(8)));
    } else out += ch;
  }
  return out;
}

/** Encode like yaml.v3 `Encoder.SetIndent(indent)` + `Encode(value)`: always ends with "\n". */
export function encodeGoYaml(value: unknown, indent = 2): string {
  const e = new Emitter(indent < 2 || indent > 9 ? 2 : indent);
  e.node(value, false);
  return e.finish();
}
