import { execFileSync } from 'node:child_process';
// Differential check against Go; see README.md. BUILD = compiled repo (tsc --outDir), ORACLE = built Go oracles.
const BUILD = process.env.BUILD ?? '/tmp/fnb';
const ORACLE = process.env.ORACLE ?? '/tmp/go-oracle';
const { render } = await import(`${BUILD}/src/gotemplate/index.js`);
const { sprigFuncMap } = await import(`${BUILD}/src/gotemplate/functions/index.js`);
const layouts = ['2006-01-02', '2006-01-02T15:04:05Z07:00', '2006-01-02 15:04:05.000 MST', 'Jan 2, 2006 at 3:04pm (MST)', 'Mon Jan _2 15:04:05 2006', '02/01/06 03:04:05 PM -0700', 'Monday, 02-Jan-06 15:04:05 MST', '2006-01-02T15:04:05.999999999Z07:00', '20060102150405', '2006.002', '15:04:05.000000', 'January 2 2006 3PM', '2006-01-02T15:04:05-07:00:00', '06/1/2 3:4:5 pm Z0700', '__2 002'];
const values = [['2006-01-02', '2024-03-05'], ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39Z'], ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39+02:00'], ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39.123456-05:30'],
  ['2006-01-02 15:04:05', '2001-12-14 21:59:43'], ['02 Jan 06 15:04 MST', '13 Jun 19 20:39 UTC'], ['Jan 2, 2006', 'Feb 29, 2024'], ['2006-01-02', '2023-02-29'], ['2006-01-02', 'bad'], ['15:04', '23:59'], ['2006-01-02T15:04:05.000Z', '2020-01-01T00:00:00.500Z'], ['3:04PM', '12:30AM'], ['2006-01-02', '0001-01-01']];
const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Adelaide', 'Nope/Zone', 'Local'];
const cases = [];
for (const [pl, pv] of values) {
  cases.push(`{{ toDate "${pl}" "${pv}" }}`);
  cases.push(`{{ toDate "${pl}" "${pv}" | unixEpoch }}`);
  cases.push(`{{ mustToDate "${pl}" "${pv}" | date "2006-01-02T15:04:05.999999999Z07:00" }}`);
  for (const l of layouts) cases.push(`{{ toDate "${pl}" "${pv}" | date "${l}" }}`);
  for (const z of zones) cases.push(`{{ dateInZone "2006-01-02 15:04:05 MST -0700" (toDate "${pl}" "${pv}") "${z}" }}`);
  for (const d of ['1h', '-1.5h', '90m', '1h2m3.5s', '-30s', '1f', '', '0', '2562047h']) cases.push(`{{ toDate "${pl}" "${pv}" | dateModify "${d}" }}`);
}
for (const n of ['0', '1', '59', '60', '3599', '3600', '86399', '93784', '-61', 'x', '9223372036']) cases.push(`{{ duration "${n}" }}`);
for (const d of ['0s', '1s', '1.5s', '59s', '61s', '1h', '25h', '24h5s', '2400h5s', '9000h', '-2h5s', 'bad', '1us', '1500ms']) cases.push(`{{ durationRound "${d}" }}`);
for (const u of [0, 1560458379, -86400, 2000000000]) { cases.push(`{{ date "2006-01-02 15:04:05 MST" ${u} }}`); cases.push(`{{ htmlDateInZone ${u} "Asia/Tokyo" }}`); }
const input = cases.map((t) => JSON.stringify({ template: t, data: 'a: 1' })).join('\0') + '\0';
const out = execFileSync(`${ORACLE}/sprig-oracle`, { input, env: { ...process.env, TZ: 'UTC' } }).toString().split('\0');
const fm = sprigFuncMap();
let bad = 0;
cases.forEach((t, i) => {
  let got; try { got = 'OK ' + render(t, null, { funcMap: fm }); } catch (e) { got = 'ERR ' + e.message; }
  const want = out[i];
  if (got !== want && !(got.startsWith('ERR') && want.startsWith('ERR'))) { bad++; if (bad < 40) console.log(t, '\n   got ', JSON.stringify(got), '\n   want', JSON.stringify(want)); }
});
console.log('bad', bad, 'of', cases.length);
