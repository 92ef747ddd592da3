/**
 * Ports for servers the tests start as child processes (etcd, kube-apiserver,
 * docker-registry, ...), which need a port number before they bind.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The kernel's ephemeral range: ports it hands to outgoing connections (and to listen(0)). */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo! > 0 && hi! >= lo!) return [lo!, hi!];
  } catch {
    // not Linux
  }
  return [32768, 60999];
}

function listenable(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/**
 * A port free now, chosen below the ephemeral range: a port from listen(0) is
 * ephemeral, and between closing it here and etcd binding it another process's
 * outgoing connection may take it (seen in CI: etcd "bind: address already in use").
 */
export async function freePort(): Promise<number> {
  const [lo] = ephemeralRange();
  const base = 10_000;
  if (lo - base > 1000) {
    for (let i = 0; i < 50; i++) {
      const port = base + Math.floor(Math.random() * (lo - base));
      const got = await listenable(port).catch(() => 0);
      if (got) return got;
    }
  }
  return listenable(0);
}
