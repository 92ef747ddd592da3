/**
 * `npm run cluster -- --port N --kubeconfig PATH [--state FILE] [--delay MS]`:
 * runs the emulator until killed, prints `ready` once serving; SIGTERM/SIGINT
 * stop cleanly and save the state when --state is given.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kubeconfigFor } from '../support/cluster.js';
import { Emulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    kubeconfig: { type: 'string' },
    state: { type: 'string' },
    delay: { type: 'string' },
    'legacy-discovery': { type: 'boolean', default: false },
  },
});

const emulator = new Emulator({
  port: Number(values.port),
  statePath: values.state,
  controllerDelayMs: values.delay ? Number(values.delay) : undefined,
  aggregatedDiscovery: !values['legacy-discovery'],
});
const url = await emulator.start();
if (values.kubeconfig) writeFileSync(values.kubeconfig, kubeconfigFor(url), { mode: 0o600 });
process.stderr.write(`emulator listening on ${url}\n`);
process.stdout.write('ready\n');

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await emulator.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
