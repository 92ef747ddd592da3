#!/usr/bin/env node
import { execute } from '@oclif/core/execute';
// Helmfile-style argv (global flags before the command, --x=false) → oclif's form.
import { hoistCommand } from '../dist/src/cli/argv.js';

await execute({ dir: import.meta.url, args: hoistCommand(process.argv.slice(2)) });
