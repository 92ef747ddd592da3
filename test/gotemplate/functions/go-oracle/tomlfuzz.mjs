import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { parseGoYaml, builtinFuncMap } = await import(`${BUILD}/src/gotemplate/functions/index.js`);
let seed = Number(process.argv[2] ?? 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const KEYS = ['a', 'b', 'k-1', 'x_y', 'with space', 'a.b', 'é', '1', 'Z', '"q"'];
const SCALARS = ['1', '-3', '1.5', '2.0', '1e21', '1.0e-7', '.inf', '.nan', 'true', '"s"', '"multi\\nline\\t\\u0001"', '2001-12-14', '12345678901234567890', '"é"', 'null'];
function val(d) {
  const r = rnd();
  if (d > 3 || r < 0.45) return pick(SCALARS);
  if (r < 0.7) { const n = Math.floor(rnd() * 3); return '[' + Array.from({ length: n }, () => (rnd() < 0.5 ? map(d + 1) : val(d + 1))).join(', ') + ']'; }
  return map(d + 1);
}
function map(d) {
  const n = Math.floor(rnd() * 4); const seen = new Set(); const items = [];
  for (let i = 0; i < n; i++) { const k = pick(KEYS); if (seen.has(k)) continue; seen.add(k); items.push(JSON.stringify(k) + ': ' + val(d)); }
  return '{' + items.join(', ') + '}';
}
const docs = Array.from({ length: 1500 }, () => map(0) + '\n');
const out = execFileSync(`${ORACLE}/toml-oracle`, { input: docs.join('\0') + '\0', maxBuffer: 1 << 26 }).toString().split('\0');
const toToml = builtinFuncMap().toToml;
let bad = 0;
docs.forEach((d, i) => {
  const want = out[i];
  const got = toToml.call({}, parseGoYaml(d));
  const w = want.startsWith('OK ') ? want.slice(3) : want.slice(4);
  if (got !== w) { bad++; if (bad < 10) console.log(JSON.stringify(d), '\n  got ', JSON.stringify(got), '\n  want', JSON.stringify(w)); }
});
console.log('bad', bad, 'of', docs.length);
