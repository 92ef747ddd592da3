/**
 * `reconcile --listen ADDR` (issue 10): `host:port` as Go's net.Listen takes
 * it (`127.0.0.1:9090`, `:9090` for every interface, `[::1]:9090`,
 * `localhost:0` for a free port); the empty string turns the server off.
 * Pure.
 */
import { UserError } from '../errors/index.js';

export interface ListenAddress {
  /** Interface to bind; `undefined` means every interface (`:9090`). */
  host?: string;
  /** 0 asks the system for a free port (the bound one is logged). */
  port: number;
}

export const DEFAULT_LISTEN = '127.0.0.1:9090';

/** The address to bind, or undefined for `--listen ''` (no server). */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const m = /^(?:\[([0-9A-Fa-f:.%a-zA-Z]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new UserError(`--listen: "${text}" is not a host:port address`, {
      hint: `e.g. --listen ${DEFAULT_LISTEN}, --listen :9090 (every interface), --listen 127.0.0.1:0 (a free port), or --listen '' to serve nothing`,
    });
  }
  const host = m[1] ?? m[2];
  return host ? { host, port } : { port };
}

/** `http://host:port` of a bound address (an IPv6 host in brackets). */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
