#!/usr/bin/env node
// `--version` is what scripts and CI probes call most: answer it without loading oclif
// (whose module graph is most of the start-up time), in oclif's own format.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`helmsync/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const { execute } = await import('@oclif/core/execute');
  // Helmfile-style argv (flags before the command, --x=false) → oclif's form; which flags
  // take a value comes from the manifest, so it never drifts from the commands.
  const { hoistCommand, flagTablesFromManifest } = await import('../dist/src/cli/argv.js');
  const { readFileSync } = await import('node:fs');
  let tables;
  try {
    tables = flagTablesFromManifest(JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')));
  } catch {
    // No manifest (its build step failed): hoistCommand falls back to Helmfile's global flags.
  }
  await execute({ dir: import.meta.url, args: hoistCommand(argv, tables) });
}
