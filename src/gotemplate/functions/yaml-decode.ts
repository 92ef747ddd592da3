/**
 * YAML → template value model with go.yaml.in/yaml/v3 rules (what helmfile's fromYaml and
 * values loading see). The `yaml` package parses with the failsafe schema so every scalar
 * arrives as text with its style and tag; yaml.v3's resolver then types plain scalars.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { GoFloat } from '../value.js';
import { formatValue } from './go-fmt.js';
import { parseGoFloat } from './convert.js';
import { parseTimestamp, resolvePlain } from './yaml-resolve.js';
import { setKey } from './define.js';

/** Options of {@link decodeGoYaml}. */
export interface GoYamlDecodeOptions {
  /**
   * Non-string map keys (`1: a`, `true: b`): `'stringify'` turns them into their Go `%v`
   * text (how a typed map[string]… decode sees them), `'error'` fails like helmfile's
   * fromYaml (`unexpected type of key in map: expected string, got int: 1`).
   */
  nonStringKeys?: 'stringify' | 'error';
}

/** A YAML syntax or typing error; `message` follows yaml.v3 (`yaml: line N: …`). */
export class GoYamlError extends Error {
  constructor(
    message: string,
    /** 1-based line of the problem, when known (for file:line in user errors). */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'GoYamlError';
  }
}

const TAG = 'tag:yaml.org,2002:';

/** Decode the first document of `text`; an empty document decodes to null. */
export function decodeGoYaml(text: string, opts: GoYamlDecodeOptions = {}): unknown {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) throw new GoYamlError('yaml: invalid document');
  // A stream holding only a document end marker is an error in yaml.v3.
  if (/^\s*\.\.\.\s*$/.test(text)) throw new GoYamlError('yaml: did not find expected node content', 1);
  if (list.length === 0) return null;
  const doc = list[0];
  if (doc.errors.length) throw new GoYamlError(...yamlMessage(text, doc.errors[0]));
  return new Decoder(doc, opts, text).node(doc.contents as YamlNode | null);
}

/** 1-based line of a character offset. */
/** Decode every document of a stream (yaml.v3 Decoder.Decode in a loop); empty documents are null. */
export function decodeGoYamlAll(text: string, opts: GoYamlDecodeOptions = {}): unknown[] {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: false });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    if (doc.errors.length) throw new GoYamlError(...yamlMessage(text, doc.errors[0]));
    return new Decoder(doc, opts, text).node(doc.contents as YamlNode | null);
  });
}

function lineAt(text: string, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function yamlMessage(text: string, err: { message: string; pos?: [number, number] }): [string, number | undefined] {
  const line = lineAt(text, err.pos?.[0]);
  const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return [line ? `yaml: line ${line}: ${first}` : `yaml: ${first}`, line];
}

class Decoder {
  private depth = 0;
  constructor(
    private readonly doc: Document,
    private readonly opts: GoYamlDecodeOptions,
    private readonly text: string,
  ) {}

  node(n: YamlNode | null | undefined): unknown {
    if (n === null || n === undefined) return null;
    if (++this.depth > 10000) throw new GoYamlError('yaml: exceeded max depth of 10000');
    try {
      if (isAlias(n)) return this.node((n as Alias).resolve(this.doc) as YamlNode | undefined);
      if (isScalar(n)) return this.scalar(n as Scalar);
      if (isSeq(n)) {
        if (n.tag && n.tag !== TAG + 'seq') void 0;
        return n.items.map((x) => this.node(x as YamlNode));
      }
      if (isMap(n)) return this.mapping(n.items);
      return null;
    } finally {
      this.depth--;
    }
  }

  private isMergeKey(k: unknown): boolean {
    if (!isScalar(k)) return false;
    const s = k as Scalar;
    if (s.tag === TAG + 'merge') return true;
    return s.type === 'PLAIN' && !s.tag && s.value === '<<';
  }

  /** yaml.v3 rejects repeated scalar keys (same text, whatever the quoting) before decoding a mapping. */
  private checkUnique(items: unknown[]): void {
    const keys = items.filter((p) => isPair(p) && isScalar(p.key)).map((p) => {
      const k = (p as { key: Scalar }).key;
      return { text: String(k.value), line: lineAt(this.text, k.range?.[0]) };
    });
    const errors: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        if (keys[i].text === keys[j].text) errors.push(`line ${keys[j].line}: mapping key ${JSON.stringify(keys[i].text)} already defined at line ${keys[i].line}`);
      }
    }
    if (errors.length) throw new GoYamlError(`yaml: unmarshal errors:\n  ${errors.join('\n  ')}`, keys.find((k, i) => keys.findIndex((x) => x.text === k.text) !== i)?.line);
  }

  private mapping(items: unknown[]): Record<string, unknown> {
    this.checkUnique(items);
    const out: Record<string, unknown> = {};
    const merges: YamlNode[] = [];
    for (const p of items) {
      if (!isPair(p)) continue;
      if (this.isMergeKey(p.key)) {
        merges.push(p.value as YamlNode);
        continue;
      }
      const key = this.key(p.key as YamlNode | null);
      setKey(out, key, this.node(p.value as YamlNode | null));
    }
    if (merges.length) {
      // Keys of the mapping itself win; among merged maps the first one to define a key wins.
      const merged: Record<string, unknown> = {};
      for (const m of merges) {
        const target = isAlias(m) ? ((m as Alias).resolve(this.doc) as YamlNode | undefined) : m;
        const sources = isSeq(target) ? target.items.map((x) => (isAlias(x) ? (x as Alias).resolve(this.doc) : x)) : [target];
        for (const src of sources) {
          if (!isMap(src)) throw new GoYamlError('yaml: map merge requires map or sequence of maps as the value');
          const v = this.node(src as YamlNode) as Record<string, unknown>;
          for (const k of Object.keys(v)) if (!Object.hasOwn(merged, k)) setKey(merged, k, v[k]);
        }
      }
      for (const k of Object.keys(merged)) if (!Object.hasOwn(out, k)) setKey(out, k, merged[k]);
    }
    return out;
  }

  private key(k: YamlNode | null): string {
    const v = this.node(k);
    if (typeof v === 'string') return v;
    if (this.opts.nonStringKeys === 'error') {
      const t = v === null ? '<nil>' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' && Number.isInteger(v) ? 'int' : v instanceof GoFloat || typeof v === 'number' ? 'float64' : typeof v;
      throw new GoYamlError(`unexpected type of key in map: expected string, got ${t}: ${formatValue(v)}`);
    }
    if (isScalar(k)) return String((k as Scalar).value);
    return formatValue(v);
  }

  private scalar(s: Scalar): unknown {
    const text = String(s.value ?? '');
    const tag = s.tag;
    // yaml.v3 leaves scalars with a local tag (`!secret x`) as plain strings.
    if (tag && !tag.startsWith(TAG)) return text;
    switch (tag) {
      case undefined:
        return this.plainOrQuoted(s, text);
      case TAG + 'str':
        return text;
      case TAG + 'binary':
        if (s.value instanceof Uint8Array) return Buffer.from(s.value).toString('utf8');
        return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
      case TAG + 'null':
        return null;
      case TAG + 'bool': {
        const r = resolvePlain(text);
        if (r.tag === 'bool') return r.value;
        throw new GoYamlError(`yaml: cannot decode !!str \`${text}\` as a !!bool`);
      }
      case TAG + 'int': {
        const r = resolvePlain(text, false);
        if (r.tag === 'int') return r.value;
        throw new GoYamlError(`yaml: cannot decode !!${r.tag} \`${text}\` as a !!int`);
      }
      case TAG + 'float': {
        const r = resolvePlain(text, false);
        if (r.tag === 'float') return r.value;
        if (r.tag === 'int') return new GoFloat(Number(typeof r.value === 'object' ? r.value.value : r.value));
        const f = parseGoFloat(text);
        if (f !== null) return Number.isInteger(f) ? new GoFloat(f) : f;
        throw new GoYamlError(`yaml: cannot decode !!${r.tag} \`${text}\` as a !!float`);
      }
      case TAG + 'timestamp': {
        const t = parseTimestamp(text);
        if (t) return t;
        return text;
      }
      default:
        return this.plainOrQuoted(s, text);
    }
  }

  private plainOrQuoted(s: Scalar, text: string): unknown {
    if (s.type !== 'PLAIN' && s.type !== undefined) return text;
    return resolvePlain(text).value;
  }
}
