/**
 * A fault-injecting HTTPS proxy in front of the REAL control plane (issue 14):
 * the emulator's fault knobs (test/emulator/faults.ts — 500 InternalError,
 * dropped connections, 409 Conflict on writes, latency, `times`, `match`)
 * applied to the requests helm and kubectl send to a real kube-apiserver.
 * Everything else is passed through byte for byte, watches included (the
 * response is streamed). Clients reach it with a kubeconfig that names the
 * proxy (its own throw-away CA, real openssl) and the control plane's token.
 */
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Faults, type FaultSpec } from '../emulator/faults.js';
import { makeTestPki, removeTree } from './chart-repo.js';

export interface FaultProxy {
  url: string;
  /** Kubeconfig file naming the proxy (written 0600). */
  kubeconfigPath: string;
  setFault(spec: FaultSpec): void;
  /** Request faults injected since the last `setFault`. */
  faultsInjected(): number;
  /** Requests passed or faulted since start, by method. */
  requests: { method: string; path: string; fault: string }[];
  stop(): Promise<void>;
}

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

export async function startFaultProxy(upstream: { url: string; token: string; caPath: string }, dir: string, namespace = 'default'): Promise<FaultProxy> {
  const pki = makeTestPki();
  const faults = new Faults();
  const target = new URL(upstream.url);
  const ca = readFileSync(upstream.caPath);
  const requests: FaultProxy['requests'] = [];
  const server: Server = createServer({ cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) }, (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const ua = String(req.headers['user-agent'] ?? '');
    const action = faults.decide(method, path, ua);
    requests.push({ method, path, fault: action.kind });
    const delay = faults.latency(method, path, ua);
    const go = (): void => {
      if (action.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (action.kind === 'error' || action.kind === 'conflict') {
        const body =
          action.kind === 'error'
            ? status(500, 'InternalError', 'Internal error occurred: fault proxy: injected fault')
            : status(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again');
        req.resume();
        res.writeHead(action.kind === 'error' ? 500 : 409, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      const headers = { ...req.headers, host: target.host };
      const up = httpsRequest({ hostname: target.hostname, port: target.port, method, path, headers, ca }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      req.pipe(up);
    };
    if (delay > 0) setTimeout(go, delay);
    else go();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = join(dir, 'fault-proxy.kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: proxied',
      '  cluster:',
      `    server: ${url}`,
      `    certificate-authority-data: ${readFileSync(pki.caCert).toString('base64')}`,
      'contexts:',
      '- name: proxied',
      '  context:',
      '    cluster: proxied',
      '    user: admin',
      `    namespace: ${namespace}`,
      'current-context: proxied',
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${upstream.token}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return {
    url,
    kubeconfigPath,
    setFault: (spec) => faults.set(spec),
    faultsInjected: () => faults.count,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      removeTree(pki.dir);
    },
  };
}
