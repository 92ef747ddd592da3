import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { parseGoYaml, toGoYaml, goTypeOf } = await import(`${BUILD}/src/gotemplate/functions/index.js`);
let seed = Number(process.argv[2] ?? 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const CH = [' ', '\n', '\t', ':', '#', '-', '?', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', 'a', 'b', 'Z', '0', '1', '9', '.', 'e', '_', '~', 'y', 'n', 'é', '🎉', '\r', '\\', '/', '=', '<', '+', '\u00a0', '\x07'];
const WORDS = ['yes', 'no', 'on', 'off', 'y', 'Y', 'n', 'true', 'True', 'TRUE', 'false', 'null', 'Null', '~', '', '1', '-1', '1.0', '1e3', '0123', '0x1F', '0o17', '.inf', '-.Inf', '.NaN', '1_000', '12:30', '1:2:3', '2001-12-14', '2001-12-14T21:59:43.10-05:00', '2001-12-14 21:59:43.10', '0', '00', '+1', '.5', '5.', '09', '0b101', '-0b101', 'NaN', 'infinity', '---', '...', '--- x', '<<', '=', '1e400', '18446744073709551616', '12345678901234567890', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '0x_1F', '1__0', '+.5', '-.5e3', '1E3', '0.0', '-0', '+0', '0e0', '1.5e-7', '123456789.0'];
function rstr() {
  if (rnd() < 0.4) return pick(WORDS);
  let s = ''; const n = Math.floor(rnd() * 8);
  for (let i = 0; i < n; i++) s += pick(CH);
  return s;
}
function rval(d) {
  const r = rnd();
  if (d > 3 || r < 0.5) {
    const k = rnd();
    if (k < 0.6) return JSON.stringify(rstr());
    if (k < 0.85) return pick(WORDS.filter((w) => !/[:#,\[\]{}]/.test(w) && w !== '' && !w.startsWith('-') ));
    return pick(['1', '2.5', 'true', 'null', '-3', '1e21', '1e-7', '100.0', '0.1']);
  }
  if (r < 0.75) {
    const n = Math.floor(rnd() * 4); const items = [];
    for (let i = 0; i < n; i++) items.push(rval(d + 1));
    return '[' + items.join(', ') + ']';
  }
  const n = Math.floor(rnd() * 4); const items = []; const seen = new Set();
  for (let i = 0; i < n; i++) { const k = rstr(); if (seen.has(k)) continue; seen.add(k); items.push(JSON.stringify(k) + ': ' + rval(d + 1)); }
  return '{' + items.join(', ') + '}';
}
const docs = [];
for (let i = 0; i < 400; i++) docs.push(rval(0) + '\n');
// block-style docs with plain scalars
for (let i = 0; i < 200; i++) {
  const n = 1 + Math.floor(rnd() * 4); let s = '';
  for (let j = 0; j < n; j++) s += `k${j}: ${pick(WORDS.filter((w) => w !== '' && !/^[-?:,\[\]{}#&*!|>'"%@`]|: | #|^\.\.\.|^---/.test(w)))}\n`;
  docs.push(s);
}
const out = execFileSync(`${ORACLE}/yaml-oracle`, { input: docs.join('\0') + '\0', maxBuffer: 1 << 26 }).toString().split('\0');
function types(v) {
  if (Array.isArray(v)) return '[' + v.map(types).join(',') + ']';
  const t = goTypeOf(v);
  if (t === 'map[string]interface {}') return '{' + Object.keys(v).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))).map((k) => k + ':' + types(v[k])).join(',') + '}';
  return t;
}
let pass = 0, fail = 0;
docs.forEach((d, i) => {
  const want = out[i];
  let got;
  try { const v = parseGoYaml(d); got = types(v) + '\x01' + toGoYaml(v); } catch (e) { got = 'ERR ' + e.message; }
  if (want.startsWith('ERR') && got.startsWith('ERR')) { pass++; return; }
  if (got === want) pass++; else { fail++; if (fail <= 12) console.log('DOC', JSON.stringify(d), '\n  got ', JSON.stringify(got), '\n  want', JSON.stringify(want)); }
});
console.log({ pass, fail });
