/**
 * Shared bits of the emulator's own tests: the per-suite cluster, chart paths and small readers.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, type Cluster } from '../support/cluster.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A suite's cluster and the child-process environment of the running test. */
export interface SuiteCluster {
  cluster: Cluster;
  env: Record<string, string>;
}

/**
 * One emulated cluster for the enclosing describe block: started before its
 * tests, stopped after them. Each test gets a fresh environment (own HOME and
 * helm caches); `reset: true` also empties the cluster, its faults and its
 * request recorder before each test.
 */
export function suiteCluster(opts: { controllerDelayMs: number; reset?: boolean }): SuiteCluster {
  const s = {} as SuiteCluster;
  beforeAll(async () => {
    s.cluster = await startCluster({ controllerDelayMs: opts.controllerDelayMs });
  });
  afterAll(async () => s.cluster.stop());
  beforeEach(() => {
    if (opts.reset) {
      s.cluster.reset();
      s.env = s.cluster.env;
    } else {
      s.env = s.cluster.newEnv();
    }
  });
  return s;
}

/** Path of a fixture chart under fixtures/charts. */
export function chart(name: string): string {
  return join(root, 'fixtures', 'charts', name);
}

/** `kubectl get … -o json` parsed; throws with stderr on failure. */
export async function kubectlJson(cluster: Cluster, kubectl: string, args: string[], env?: Record<string, string>): Promise<any> {
  const r = await cluster.exec(kubectl, [...args, '-o', 'json'], { env });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A stored object straight from the emulator (undefined when absent). */
export function live(cluster: Cluster, apiVersion: string, kind: string, ns: string, name: string): any {
  const rt = cluster.emulator.registry.byKind(apiVersion, kind);
  if (!rt) return undefined;
  const s = cluster.emulator.store.get(rt, ns, name);
  return s ? cluster.emulator.store.render(s, rt) : undefined;
}

/** Names of stored objects of a kind in a namespace. */
export function names(cluster: Cluster, apiVersion: string, kind: string, ns: string): string[] {
  const rt = cluster.emulator.registry.byKind(apiVersion, kind);
  if (!rt) return [];
  return cluster.emulator.store.list(rt, ns).map((s) => String(s.obj.metadata.name));
}

/** Wait until `pred` holds (polling every 25 ms) or fail after `ms`. */
export async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
