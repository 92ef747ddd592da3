/**
 * The real {@link HttpClient} on node:http/https (TLS options per request:
 * CA, client cert, skip-verify, which global fetch cannot take without undici).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { HttpClient, HttpResponse } from '../ports/index.js';

export function nodeHttpClient(): HttpClient {
  return {
    request(url, o = {}) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const u = new URL(url);
        const mod = u.protocol === 'https:' ? https : http;
        const req = mod.request(
          u,
          {
            method: o.method ?? 'GET',
            headers: o.headers,
            signal: o.signal,
            timeout: o.timeoutMs,
            ...(u.protocol === 'https:'
              ? {
                  rejectUnauthorized: !o.insecureSkipTLSVerify,
                  ca: o.caFile ? fs.readFileSync(o.caFile) : undefined,
                  cert: o.certFile ? fs.readFileSync(o.certFile) : undefined,
                  key: o.keyFile ? fs.readFileSync(o.keyFile) : undefined,
                }
              : {}),
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
              resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error(`timeout after ${o.timeoutMs} ms: ${url}`)));
        req.on('error', reject);
        if (o.body !== undefined) req.write(o.body);
        req.end();
      });
    },
  };
}
