#!/usr/bin/env -S node --import tsx
import { execute } from '@oclif/core/execute';
import { readFileSync } from 'node:fs';
import { flagTablesFromManifest, hoistCommand } from '../src/cli/argv.js';

let tables;
try {
  tables = flagTablesFromManifest(JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')));
} catch {
  // No manifest yet: Helmfile's global flags only.
}
await execute({ development: true, dir: import.meta.url, args: hoistCommand(process.argv.slice(2), tables) });
