/**
 * Go-style durations (`time.ParseDuration`): `30s`, `5m`, `1h30m`, `1.5h`,
 * `250ms`, `0`. reconcile's `--interval`, `--shutdown-timeout` and
 * `--retry-backoff` take them so a Helmfile/Flux user writes what they know.
 */
import { UserError } from '../errors/index.js';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration; a UserError naming the flag when it is not one. */
export function parseDuration(text: string, flag = 'duration'): number {
  const s = text.trim();
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) break;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = part.lastIndex;
  }
  if (s === '' || at !== s.length) {
    throw new UserError(`${flag}: "${text}" is not a duration`, { hint: 'write it as Go does: 30s, 5m, 1h30m, 250ms' });
  }
  return Math.round(total);
}

/** A short Go-style rendering: `1h2m3s`, `40s`, `250ms`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  let rest = Math.round(ms / 1000);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const sec = rest - m * 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec || (!h && !m) ? `${sec}s` : ''}`.replace(/^(\d+h)0m$/, '$1');
}
