/**
 * encoding/json for the value model: Marshal (sorted keys, Go float format, HTML escaping),
 * MarshalIndent, and Unmarshal into interface{} (every number a float64).
 */
import { GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { compareBytes, isIntNumber } from './go-fmt.js';
import { GoTime } from './go-time.js';
import { setKey } from './define.js';
import { isNilSlice } from './reflect.js';

export interface JsonOptions {
  escapeHTML: boolean;
  /** MarshalIndent indent unit; undefined for compact output. */
  indent?: string;
}

function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  // JS and Go agree: exponent form below 1e-6 and from 1e21, shortest digits.
  return String(f);
}

/** Go's encodeState.string. */
export function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + s[++i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) { out += '\\ufffd'; continue; }
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      out += ({ 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' } as Record<number, string>)[c] ?? '\\u00' + c.toString(16).padStart(2, '0');
    } else if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) out += '\\u00' + c.toString(16);
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16);
    else out += ch;
  }
  return out + '"';
}

/** json.Marshal / MarshalIndent. Throws on NaN/Inf and functions. */
export function encodeJson(v: unknown, opts: JsonOptions, depth = 0): string {
  const nl = (d: number): string => (opts.indent === undefined ? '' : '\n' + opts.indent.repeat(d));
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return isIntNumber(v) ? String(v) : jsonFloat(v);
  if (v instanceof GoFloat) return jsonFloat(v.value);
  if (typeof v === 'string') return jsonString(v, opts.escapeHTML);
  if (v instanceof GoTyped) return encodeJson(v.value, opts, depth);
  if (v instanceof GoTime) return jsonString(v.format('2006-01-02T15:04:05.999999999Z07:00'), opts.escapeHTML);
  if (Array.isArray(v)) {
    if (v.length === 0) return isNilSlice(v) ? 'null' : '[]';
    return '[' + v.map((x) => nl(depth + 1) + encodeJson(x, opts, depth + 1)).join(',') + nl(depth) + ']';
  }
  if (isGoMap(v)) {
    const keys = Object.keys(v).sort(compareBytes);
    if (keys.length === 0) return '{}';
    const sep = opts.indent === undefined ? ':' : ': ';
    return '{' + keys.map((k) => nl(depth + 1) + jsonString(k, opts.escapeHTML) + sep + encodeJson(v[k], opts, depth + 1)).join(',') + nl(depth) + '}';
  }
  if (isGoObject(v)) {
    if (v.goString) return jsonString(v.goString(), opts.escapeHTML);
    return '{}';
  }
  throw new Error(`json: unsupported type: ${typeof v === 'function' ? 'func()' : typeof v}`);
}

/** json.Unmarshal into interface{}: objects → maps, numbers → float64. Throws on invalid JSON. */
export function decodeJson(text: string): unknown {
  const raw: unknown = JSON.parse(text);
  const conv = (x: unknown): unknown => {
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new Error('json: number out of range');
      return Number.isInteger(x) ? new GoFloat(x) : x;
    }
    if (Array.isArray(x)) return x.map(conv);
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) setKey(out, k, conv(val));
      return out;
    }
    return x;
  };
  return conv(raw);
}
