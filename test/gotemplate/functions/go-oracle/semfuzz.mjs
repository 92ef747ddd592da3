import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { render } = await import(`${BUILD}/src/gotemplate/index.js`);
const { sprigFuncMap } = await import(`${BUILD}/src/gotemplate/functions/index.js`);
const cons = ['1.2.3', '=1.2.3', '!=1.2.3', '>1.2', '>1.2.3', '<1.2', '<=1.2', '<=1.2.3', '>=1.2', '~1', '~1.2', '~1.2.3', '~0', '~0.0', '^1', '^1.2', '^1.2.3', '^0.2.3', '^0.0.3', '^0', '^0.0', '1.2.x', '1.x', '*', 'x', '>= 1.2, < 2', '>=1.2 <2', '1.2 - 1.4.5', '1 - 2', '<1.0 || >=2.0', '>=1.0.0-0', '>=1.20.0-0', '>=1.20', '~1.2.3-beta', '^1.2.3-beta.2', '1.2.3-alpha', '>1.x', '<=1.x', '!=1.x', '>=1.2.x', '=1.2.x', 'v1.2.3', '~>1.2', '=>1.2', '=<1.2', '>1.2.3 <1.2.2', '', 'bad', '>= 1.2.3 || < 1.0.0', '1.2.3 || 2.x'];
const vers = ['1.2.3', '1.2.2', '1.2.4', '1.3.0', '2.0.0', '0.2.3', '0.2.4', '0.3.0', '0.0.3', '0.0.4', '1.0.0', '1.2.3-beta.1', '1.2.3-beta.3', '1.2.3-alpha', '1.21.0-rc.1', 'v1.21.3-gke.100', '1.20.0', '1.2', '1', 'v2', '1.2.3+build', '01.2.3', '1.2.3-01', 'bad', '1.4.5', '1.4.6', '3.0.0', '0.0.0'];
const cases = [];
for (const c of cons) for (const v of vers) cases.push(`{{ semverCompare ${JSON.stringify(c)} ${JSON.stringify(v)} }}`);
for (const v of vers) cases.push(`{{ $v := semver ${JSON.stringify(v)} }}{{ $v }} {{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }} {{ $v.Compare (semver "1.2.3") }}`);
const input = cases.map((t) => JSON.stringify({ template: t, data: 'a: 1' })).join('\0') + '\0';
const out = execFileSync(`${ORACLE}/sprig-oracle`, { input }).toString().split('\0');
const fm = sprigFuncMap();
let bad = 0;
cases.forEach((t, i) => {
  let got; try { got = 'OK ' + render(t, null, { funcMap: fm }); } catch (e) { got = 'ERR ' + e.message; }
  const want = out[i];
  if (got !== want && !(got.startsWith('ERR') && want.startsWith('ERR'))) { bad++; if (bad < 50) console.log(t, '\n   got ', JSON.stringify(got).slice(0, 150), '\n   want', JSON.stringify(want).slice(0, 150)); }
});
console.log('bad', bad, 'of', cases.length);
