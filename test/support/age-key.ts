/**
 * A fresh age X25519 key for one test, made offline with Node's own X25519
 * (sops cannot generate keys, and no age-keygen is installed). The format is
 * age's (https://age-encryption.org/v1): the identity is the 32-byte scalar in
 * Bech32 with HRP `age-secret-key-`, upper-cased; the recipient is the public
 * key in Bech32 with HRP `age`. Proven by sops itself: it encrypts for the
 * recipient and decrypts with the identity (test/secrets/sops.test.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function polymod(values: number[]): number {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5);
  out.push(0);
  for (const c of hrp) out.push(c.charCodeAt(0) & 31);
  return out;
}

function toWords(bytes: Uint8Array): number[] {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31);
  return out;
}

/** Bech32 (BIP 173, not bech32m) of bytes, lower case; age has no length limit. */
export function bech32(hrp: string, bytes: Uint8Array): string {
  const words = toWords(bytes);
  const mod = polymod([...hrpExpand(hrp), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => CHARSET[w]).join('')}`;
}

export interface AgeKey {
  /** `AGE-SECRET-KEY-1…` */
  identity: string;
  /** `age1…` */
  recipient: string;
}

/** A new random age key pair. */
export function generateAgeKey(): AgeKey {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const x = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { identity: bech32('age-secret-key-', d).toUpperCase(), recipient: bech32('age', x) };
}

/** Writes the key in age-keygen's file format (SOPS_AGE_KEY_FILE). */
export function writeAgeKeyFile(path: string, key: AgeKey): void {
  writeFileSync(path, `# created: ${new Date().toISOString()}\n# public key: ${key.recipient}\n${key.identity}\n`, { mode: 0o600 });
}
