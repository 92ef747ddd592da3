/**
 * sprig crypto.go and random helpers, on node:crypto. Functions that need X.509 certificate
 * building or bcrypt (genCA, genSelfSignedCert…, bcrypt, htpasswd) fail with a clear error.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, generateKeyPairSync, randomBytes, randomInt, randomUUID, scryptSync } from 'node:crypto';
import { fail, int, str, type Impl } from './define.js';

const hex = (alg: string) => (s: unknown): string => createHash(alg).update(str(s), 'utf8').digest('hex');

function adler32(s: string): number {
  let a = 1, b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: ['CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv', 'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv', 'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno'],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const CHARS: Record<string, string> = {
  V: 'AEIOU', C: 'BCDFGHJKLMNPQRSTVWXYZ', v: 'aeiou', c: 'bcdfghjklmnpqrstvwxyz', A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz', n: '0123456789', o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

/** Master Password algorithm (sprig derivePassword). */
function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const scope = 'com.lyndir.masterpassword';
  const len = (s: string): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(Buffer.byteLength(s)); return b; };
  const salt = Buffer.concat([Buffer.from(scope), len(user), Buffer.from(user)]);
  const key = scryptSync(password, salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const c = Buffer.alloc(4);
  c.writeUInt32BE(counter >>> 0);
  const seed = createHmac('sha256', key).update(Buffer.concat([Buffer.from(scope), len(site), Buffer.from(site), c])).digest();
  const tpl = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < tpl.length; i++) {
    const chars = CHARS[tpl[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

function randomFrom(chars: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += chars[randomInt(chars.length)];
  return out;
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUM = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

const unsupported = (name: string) => (): never => fail(`${name} is not supported by helmsync yet (needs X.509/bcrypt support)`);

export const cryptoFuncs: Record<string, Impl> = {
  sha1sum: hex('sha1'),
  sha256sum: hex('sha256'),
  sha512sum: hex('sha512'),
  adler32sum: (s) => String(adler32(str(s))),
  derivePassword: (counter, type, password, user, site) => derivePassword(int(counter), str(type), str(password), str(user), str(site)),
  genPrivateKey: (typ) => {
    const t = str(typ);
    if (t === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    if (t === 'dsa') fail('dsa keys are not supported by helmsync');
    if (t === 'ecdsa') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    if (t === 'ed25519') return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return `Unknown type ${t}`;
  },
  encryptAES: (password, plaintext) => {
    const p = str(plaintext);
    if (p === '') return '';
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', aesKey(str(password)), iv);
    return Buffer.concat([iv, cipher.update(p, 'utf8'), cipher.final()]).toString('base64');
  },
  decryptAES: (password, crypt64) => {
    const c = str(crypt64);
    if (c === '') return '';
    const raw = Buffer.from(c, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', aesKey(str(password)), raw.subarray(0, 16));
    decipher.setAutoPadding(false);
    const dec = Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]);
    return dec.subarray(0, dec.length - dec[dec.length - 1]).toString('utf8');
  },
  randBytes: (count) => randomBytes(Math.max(int(count), 0)).toString('base64'),
  randAlphaNum: (n) => randomFrom(ALPHA + NUM, int(n)),
  randAlpha: (n) => randomFrom(ALPHA, int(n)),
  randAscii: (n) => randomFrom(ASCII, int(n)),
  randNumeric: (n) => randomFrom(NUM, int(n)),
  uuidv4: () => randomUUID(),
  bcrypt: unsupported('bcrypt'),
  htpasswd: unsupported('htpasswd'),
  buildCustomCert: unsupported('buildCustomCert'),
  genCA: unsupported('genCA'),
  genCAWithKey: unsupported('genCAWithKey'),
  genSelfSignedCert: unsupported('genSelfSignedCert'),
  genSelfSignedCertWithKey: unsupported('genSelfSignedCertWithKey'),
  genSignedCert: unsupported('genSignedCert'),
  genSignedCertWithKey: unsupported('genSignedCertWithKey'),
};
