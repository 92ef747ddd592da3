/**
 * `npm run cluster -- --port N --kubeconfig PATH [--state FILE] [--delay MS]`:
 * runs the emulator until killed, prints `ready` once serving; SIGTERM/SIGINT
 * stop cleanly and save the state when --state is given.
 *
 * `npm run cluster -- --real --port N --kubeconfig PATH [--dir D]`: the real
 * control plane instead (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, kwok; built by `npm run cluster:build`). `ready` is printed
 * once /readyz answers, the fake Node is Ready and the default ServiceAccount
 * exists; SIGTERM/SIGINT stop every component and leave no process behind.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kubeconfigFor } from '../support/cluster.js';
import { startRealControlPlane } from '../support/real-cluster.js';
import { Emulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    kubeconfig: { type: 'string' },
    state: { type: 'string' },
    delay: { type: 'string' },
    'legacy-discovery': { type: 'boolean', default: false },
    real: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});

let stopping = false;
const onStop = (stopFn: () => Promise<void>): void => {
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await stopFn();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
};

if (values.real) {
  let cp: Awaited<ReturnType<typeof startRealControlPlane>>;
  try {
    cp = await startRealControlPlane({ port: Number(values.port), dir: values.dir, log: (l) => process.stderr.write(`${l}\n`) });
  } catch (err) {
    process.stderr.write(`npm run cluster -- --real: ${(err as Error).message}\n`);
    process.exit(1);
  }
  onStop(() => cp.stop());
  if (values.kubeconfig) writeFileSync(values.kubeconfig, cp.kubeconfig(), { mode: 0o600 });
  process.stderr.write(`real control plane listening on ${cp.url}\n`);
  process.stdout.write('ready\n');
} else {
  const emulator = new Emulator({
    port: Number(values.port),
    statePath: values.state,
    controllerDelayMs: values.delay ? Number(values.delay) : undefined,
    aggregatedDiscovery: !values['legacy-discovery'],
  });
  onStop(() => emulator.stop());
  const url = await emulator.start();
  if (values.kubeconfig) writeFileSync(values.kubeconfig, kubeconfigFor(url), { mode: 0o600 });
  process.stderr.write(`emulator listening on ${url}\n`);
  process.stdout.write('ready\n');
}
