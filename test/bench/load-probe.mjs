// Child process: load the generated state with the BUILT code and report time + peak RSS.
// argv: <dist root> <helmfile path> <environment>
const [distRoot, file, env] = process.argv.slice(2);
const { loadState } = await import(`${distRoot}/src/state/load.js`);
const { createRealDeps } = await import(`${distRoot}/src/cli/deps.js`);
const deps = createRealDeps({ quiet: true });
const t0 = performance.now();
const state = await loadState({ file, environment: env }, deps);
const t1 = performance.now();
let waves = 0;
for (const f of state.files) waves += f.waves.length;
process.stdout.write(JSON.stringify({ ms: t1 - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, releases: state.releases.length, selected: state.selected.length, waves }));
