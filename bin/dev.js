#!/usr/bin/env -S node --import tsx
import { execute } from '@oclif/core/execute';
import { hoistCommand } from '../src/cli/argv.js';

await execute({ development: true, dir: import.meta.url, args: hoistCommand(process.argv.slice(2)) });
