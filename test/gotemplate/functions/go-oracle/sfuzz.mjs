import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { render } = await import(`${BUILD}/src/gotemplate/index.js`);
const { sprigFuncMap, SPRIG_SIGS } = await import(`${BUILD}/src/gotemplate/functions/index.js`);
let seed = Number(process.argv[2] ?? 1);
const only = process.argv[3] ? new RegExp(process.argv[3]) : null;
const N = Number(process.argv[4] ?? 3000);
const NEST = Number(process.argv[5] ?? 0);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const SKIP = /^(now|date|dateInZone|date_in_zone|htmlDate|htmlDateInZone|ago|randAlpha|randAlphaNum|randAscii|randNumeric|randInt|randBytes|uuidv4|shuffle|genPrivateKey|genCA|genCAWithKey|genSelfSignedCert|genSelfSignedCertWithKey|genSignedCert|genSignedCertWithKey|buildCustomCert|encryptAES|bcrypt|htpasswd|getHostByName|env|expandenv|derivePassword|camelcase|keys|values|durationRound|dateModify|date_modify|mustDateModify|must_date_modify|unixEpoch|toDate|mustToDate|fail|hello|chunk|mustChunk)$/;
const dataYaml = `i: 3
n: -7
z: 0
f: 1.5
fi: 2.0
big: 9007199254740993
s: hello World
e: ""
num: "42"
fs: "3.25"
b: true
bf: false
nul: null
l: [1, 2, 3]
ls: [a, b, c]
lm: [1, a, 2.5, true, null]
le: []
m: {a: 1, b: {c: 2}}
me: {}
ml: "line1\\nline2"
sp: "  pad  "
path: /a/b/../c.txt
ver: 1.2.3
re: "[a-z]+"
`;
const ARGS = ['.i', '.n', '.z', '.f', '.fi', '.big', '.s', '.e', '.num', '.fs', '.b', '.bf', '.nul', '.l', '.ls', '.lm', '.le', '.m', '.me', '.ml', '.sp', '.path', '.ver', '.re',
  '1', '0', '-3', '2.5', '1e3', '"a"', '""', '"a,b,c"', '","', '"x-y_z Foo"', 'true', 'false', '"1.5"', '"10"', '"$"', '"a$b$c"', '".x"', '"^a"', '"(b)"', '"a"', '(list 1 2)', '(list "b" "a")', '(dict "k" "v")', '(dict "a" 1 "b" (dict "c" 3))', '3', '2',
  '"a\\tb"', '"é\\n\\"q\\""', '"\\u00e9\\u2028x"', '"🎉"', '"(?i)HeLLo"', '"l+"', '"(l)(o)"', '"$1-$2"', '"${1}x"', '"a.b.c"', '"  x  "', '"0777"', '"-12"', '"1e3"', '"0x1F"', '"3.7"', '"v1.2.3-rc.1+b"', '">=1.0 <2"', '"~1.2"', '"^0.1"',
  '"/x/y/"', '"./a/../b"', '"file.tar.gz"', '"-3.5"', '"true"', '7', '-1', '0.5', '-2.5', '1000', '12.0', '0.00001', '.i', '.f', '.s', '.ls', '.m'];
function arity(sig) {
  const m = /^func\((.*?)\)/.exec(sig);
  const ps = m[1] ? m[1].split(/, (?![^\[]*\])/) : [];
  const variadic = ps.length && ps[ps.length - 1].startsWith('...');
  return { n: variadic ? ps.length - 1 : ps.length, variadic };
}
const names = Object.keys(SPRIG_SIGS).filter((n) => !SKIP.test(n) && (!only || only.test(n)));
const cases = []; const fns = [];
for (let i = 0; i < N; i++) {
  const fn = pick(names);
  const { n, variadic } = arity(SPRIG_SIGS[fn]);
  const k = n + (variadic ? Math.floor(rnd() * 3) : 0);
  const sub = () => {
    const f2 = pick(names);
    const a2 = arity(SPRIG_SIGS[f2]);
    if (/^(seq|until|untilStep|repeat|abbrev|abbrevboth|wrap|wrapWith)$/.test(f2)) return pick(ARGS);
    const k2 = a2.n + (a2.variadic ? Math.floor(rnd() * 2) : 0);
    return '(' + [f2, ...Array.from({ length: k2 }, () => pick(ARGS))].join(' ') + ')';
  };
  const args = Array.from({ length: k }, () => (rnd() < NEST ? sub() : pick(ARGS)));
  let t;
  if (k > 0 && rnd() < 0.3) t = `{{ ${args[k - 1]} | ${fn} ${args.slice(0, k - 1).join(' ')} }}`;
  else t = `{{ ${fn} ${args.join(' ')} }}`;
  if (rnd() < 0.3) t = t.replace(/ \}\}$/, ' | toJson }}');
  if (/^(seq|until|untilStep|repeat|abbrev|abbrevboth|wrap|wrapWith)$/.test(fn) && args.some((a) => a === '.big' || a === '1000' || a === '1e3')) { i--; continue; }
  cases.push(t); fns.push(fn);
}
const input = cases.map((t) => JSON.stringify({ template: t, data: dataYaml })).join('\0') + '\0';

const out = execFileSync(`${ORACLE}/sprig-oracle`, { input, maxBuffer: 1 << 26 }).toString().split('\0');
const fm = sprigFuncMap();
let pass = 0, fail = 0; const byFn = {};
cases.forEach((t, i) => {
  const want = out[i];
  let got;
  try { got = 'OK ' + render(t, null, { dataYaml, funcMap: fm, option: 'missingkey=default' }); } catch (e) { got = 'ERR ' + e.message; }
  const ok = got === want || (got.startsWith('ERR') && want.startsWith('ERR'));
  if (ok) pass++; else {
    fail++;
    const fn = fns[i];
    (byFn[fn] ??= []).push(`${t}\n     got  ${JSON.stringify(got).slice(0, 200)}\n     want ${JSON.stringify(want).slice(0, 200)}`);
  }
});
console.log({ pass, fail });
for (const [fn, l] of Object.entries(byFn).sort((a, b) => b[1].length - a[1].length)) { console.log(`== ${fn} (${l.length})`); for (const x of l.slice(0, 3)) console.log('  ' + x); }
