/** sprig encoding: base64/base32 and the JSON family (toJson, fromJson, …). */
import { fail, str, type Impl } from './define.js';
import { decodeJson, encodeJson } from './json.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  let bits = 0, value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) { out += B32[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}

function b32dec(input: string): string {
  // Go's decoders skip \r and \n, reject characters outside the alphabet, then want whole 8-char quanta.
  const s = input.replace(/[\r\n]/g, '');
  const bad = /[^A-Z2-7=]/.exec(s);
  if (bad) return `illegal base32 data at input byte ${bad.index}`;
  if (s.length % 8 !== 0) return `illegal base32 data at input byte ${s.length - (s.length % 8)}`;
  const clean = s.replace(/=+$/, '');
  if (clean.includes('=')) return `illegal base32 data at input byte ${clean.indexOf('=')}`;
  let bits = 0, value = 0;
  const out: number[] = [];
  for (let i = 0; i < clean.length; i++) {
    value = ((value << 5) | B32.indexOf(clean[i])) & 0xffff;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out).toString('utf8');
}

/** encoding/base64 StdEncoding.DecodeString; errors are returned as text, like sprig. */
function b64dec(input: string): string {
  // Go skips \r and \n; error offsets count them (CorruptInputError is an input index).
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let quantum = 0;
  let padded = -1;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\r' || c === '\n') continue;
    if (padded >= 0) {
      if (c !== '=') return `illegal base64 data at input byte ${padded}`;
      quantum++;
      if (quantum === 4) { quantum = 0; padded = -2; }
      continue;
    }
    if (padded === -2) return `illegal base64 data at input byte ${i}`;
    if (c === '=') {
      if (quantum < 2) return `illegal base64 data at input byte ${i}`;
      padded = i;
      quantum++;
      if (quantum === 4) { quantum = 0; padded = -2; }
      continue;
    }
    if (!A.includes(c)) return `illegal base64 data at input byte ${i}`;
    quantum = (quantum + 1) % 4;
  }
  if (padded >= 0) return `illegal base64 data at input byte ${input.length}`;
  if (quantum !== 0) return `illegal base64 data at input byte ${input.length - quantum}`;
  return Buffer.from(input.replace(/[\r\n]/g, ''), 'base64').toString('utf8');
}

const marshal = (v: unknown, escapeHTML: boolean, indent?: string): string => encodeJson(v, { escapeHTML, indent });
const orEmpty = (f: () => string): string => { try { return f(); } catch { return ''; } };

export const encodingFuncs: Record<string, Impl> = {
  b64enc: (s) => Buffer.from(str(s), 'utf8').toString('base64'),
  b64dec: (s) => b64dec(str(s)),
  b32enc: (s) => b32enc(str(s)),
  b32dec: (s) => b32dec(str(s)),
  toJson: (v) => orEmpty(() => marshal(v, true)),
  toPrettyJson: (v) => orEmpty(() => marshal(v, true, '  ')),
  toRawJson: (v) => orEmpty(() => marshal(v, false)),
  mustToJson: (v) => marshal(v, true),
  mustToPrettyJson: (v) => marshal(v, true, '  '),
  mustToRawJson: (v) => marshal(v, false),
  fromJson: (s) => { try { return decodeJson(str(s)); } catch { return null; } },
  mustFromJson: (s) => {
    try { return decodeJson(str(s)); } catch (e) { fail((e as Error).message.replace(/^Unexpected/, 'invalid character')); }
  },
};
