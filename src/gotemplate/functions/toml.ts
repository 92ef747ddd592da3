/**
 * Helm's `toToml`: BurntSushi/toml's Encoder (indent "  ") for the value model. Tables come
 * after plain keys, keys sorted, nil values skipped, arrays of maps become `[[array]]` tables.
 */
import { GoFloat, GoTyped, isGoMap, isGoObject } from '../value.js';
import { compareBytes, isIntNumber } from './go-fmt.js';
import { GoTime } from './go-time.js';

class TomlError extends Error {}

const isTable = (v: unknown): boolean => isGoMap(v);
/** A non-empty array whose elements are all tables is an array of tables; nil elements are an error. */
function isTableArray(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  if (v.some((x) => x === null || x === undefined)) throw new TomlError('toml: cannot encode array with nil element');
  return v.every(isTable);
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const named: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
    if (named[c]) out += named[c];
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

const bareKey = (k: string): string => (/^[A-Za-z0-9_-]+$/.test(k) ? k : quote(k));

function float(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? '+inf' : '-inf';
  // strconv.FormatFloat(f, 'f', -1, 64): shortest digits in positional form; then ".0" if integral.
  const [mant, e] = f.toExponential().split('e');
  const digits = mant.replace('-', '').replace('.', '');
  const exp = Number(e);
  let s: string;
  if (exp >= 0) {
    const int = digits.padEnd(exp + 1, '0').slice(0, exp + 1);
    const frac = digits.slice(exp + 1);
    s = int + (frac ? '.' + frac : '');
  } else s = '0.' + '0'.repeat(-exp - 1) + digits;
  s = (f < 0 ? '-' : '') + s;
  return s.includes('.') ? s : s + '.0';
}

class Encoder {
  out = '';
  private written = false;

  private w(s: string): void {
    this.out += s;
    if (s) this.written = true;
  }

  private newline(): void {
    if (this.written) this.w('\n');
  }

  private indent(key: string[]): string {
    return '  '.repeat(Math.max(key.length - 1, 0));
  }

  element(v: unknown): string {
    if (typeof v === 'string') return quote(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return isIntNumber(v) ? String(v) : float(v);
    if (v instanceof GoFloat) return float(v.value);
    if (v instanceof GoTyped) return typeof v.value === 'bigint' || typeof v.value === 'number' ? String(v.value) : this.element(v.value);
    if (v instanceof GoTime) return v.format('2006-01-02T15:04:05.999999999Z07:00');
    if (Array.isArray(v)) {
      if (v.some((x) => x === null || x === undefined)) throw new TomlError('toml: cannot encode array with nil element');
      return '[' + v.map((x) => this.element(x)).join(', ') + ']';
    }
    if (isGoMap(v)) {
      // BurntSushi decides the ", " by position among all keys of a group, nil ones included.
      const keys = Object.keys(v).sort(compareBytes);
      const subs = keys.filter((k) => isTable(v[k]) || isTableArray(v[k]));
      const direct = keys.filter((k) => !subs.includes(k));
      let out = '{';
      for (const [group, trail] of [[direct, subs.length > 0], [subs, false]] as const) {
        group.forEach((k, i) => {
          if (v[k] === null || v[k] === undefined) return;
          out += `${bareKey(k)} = ${this.element(v[k])}`;
          if (trail || i !== group.length - 1) out += ', ';
        });
      }
      return out + '}';
    }
    if (isGoObject(v) && v.goString) return quote(v.goString());
    throw new TomlError(`toml: cannot encode a value of type ${typeof v}`);
  }

  /** Plain keys first, then tables and arrays of tables; each group sorted. */
  private orderedKeys(m: Record<string, unknown>): string[] {
    const keys = Object.keys(m).sort(compareBytes);
    const sub = (k: string): boolean => isTable(m[k]) || isTableArray(m[k]);
    return [...keys.filter((k) => !sub(k)), ...keys.filter(sub)];
  }

  map(key: string[], m: Record<string, unknown>): void {
    for (const k of this.orderedKeys(m)) {
      const v = m[k];
      if (v === null || v === undefined) continue;
      this.encode([...key, k], v);
    }
  }

  encode(key: string[], v: unknown): void {
    if (isTable(v)) {
      if (key.length === 1) this.newline();
      this.w(`${this.indent(key)}[${key.map(bareKey).join('.')}]`);
      this.newline();
      this.map(key, v as Record<string, unknown>);
      return;
    }
    if (isTableArray(v)) {
      for (const t of v as unknown[]) {
        if (t === null || t === undefined) continue;
        this.newline();
        this.w(`${this.indent(key)}[[${key.map(bareKey).join('.')}]]`);
        this.newline();
        this.map(key, t as Record<string, unknown>);
      }
      return;
    }
    this.w(`${this.indent(key)}${bareKey(key[key.length - 1])} = ${this.element(v)}`);
    this.newline();
  }
}

/** Helm's toToml: the TOML text, or the encoder's error message as the result. */
export function encodeToml(v: unknown): string {
  if (!isGoMap(v)) return 'toml: top-level values must be Go maps or structs';
  const e = new Encoder();
  try {
    e.map([], v);
    return e.out;
  } catch (err) {
    if (err instanceof TomlError) return err.message;
    throw err;
  }
}
