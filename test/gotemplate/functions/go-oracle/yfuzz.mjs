import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { render } = await import(`${BUILD}/src/gotemplate/index.js`);
let seed = Number(process.argv[2] ?? 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const dataYaml = `i: 3\nf: 1.5\nfi: 2.0\ns: "yes"\nml: "a\\nb\\n"\nl: [1, "2", 3.0, null, true]\nm: {b: 1, a: [x, {y: 1}], "10": t, "9": u}\nd: 2001-12-14\nbig: 9007199254740993\nu: 12345678901234567890\n`;
const leaf = ['.i', '.f', '.fi', '.s', '.ml', '.l', '.m', '.d', '.big', '.u', '(add 1 2)', '(addf 1 2)', '(divf 1 3)', '(int64 "5")', '(float64 "2")', '(list)', '(dict)', '(splitList "," "a,b")', '(split "," "a,b")', '(until 3)', '(semver "1.2.3")', '(toDate "2006-01-02" "2020-01-02")', '"on"', '"1e3"', '"a: b"', '" lead"', '"multi\\nline"', '"tab\\t"', 'nil', 'true', '1', '2.5', '(fromYaml "a: 1.0\\nb: [x]")', '(fromYaml "- 0o17\\n- 0x1F")', '(regexSplit "/" "a/b" -1)', '(concat (list 1) (list "x"))', '(mergeOverwrite (dict "a" 1) (dict "b" (list 1 2)))', '(deepCopy .m)', '(rest (list 1))'];
function val(d) {
  if (d > 2 || rnd() < 0.5) return pick(leaf);
  const r = rnd();
  if (r < 0.5) { const n = Math.floor(rnd() * 3); const parts = []; for (let i = 0; i < n; i++) parts.push(`"k${Math.floor(rnd() * 12)}" ${val(d + 1)}`); return `(dict ${parts.join(' ')})`; }
  const n = Math.floor(rnd() * 3); const parts = []; for (let i = 0; i < n; i++) parts.push(val(d + 1)); return `(list ${parts.join(' ')})`;
}
const cases = [];
for (let i = 0; i < 3000; i++) {
  const v = val(0);
  cases.push(pick([`{{ toYaml ${v} }}`, `{{ ${v} | toJson }}`, `{{ ${v} | toPrettyJson }}`, `{{ toYaml ${v} | fromYaml | toJson }}`, `{{ ${v} }}`, `{{ typeOf ${v} }}`, `{{ toString ${v} }}`, `{{ quote ${v} }}`]));
}
const input = cases.map((t) => JSON.stringify({ template: t, data: dataYaml })).join('\0') + '\0';
const out = execFileSync(`${ORACLE}/sprig-oracle`, { input, maxBuffer: 1 << 26 }).toString().split('\0');
let bad = 0; const seen = new Set();
cases.forEach((t, i) => {
  let got; try { got = 'OK ' + render(t, null, { dataYaml }); } catch (e) { got = 'ERR ' + e.message; }
  const want = out[i];
  if (got !== want && !(got.startsWith('ERR') && want.startsWith('ERR'))) { bad++; const k = t.slice(0, 12); if (bad < 30) console.log(t, '\n   got ', JSON.stringify(got).slice(0, 300), '\n   want', JSON.stringify(want).slice(0, 300)); }
});
console.log('bad', bad, 'of', cases.length);
