/**
 * A many-object read that survives transient faults without starting over:
 * `kubectl get` of N objects is N requests, so under a 10% fault rate a read
 * of 40 objects almost never succeeds whole, however often it is repeated.
 * Each round keeps what came back and asks again only for the objects still
 * unknown. The first round passes --ignore-not-found (the normal, cheap
 * case); retry rounds drop it, so kubectl names each absent object
 * (`Error from server (NotFound): configmaps "web" not found`) and an absent
 * object is told apart from one whose request failed. Reads only: nothing
 * here ever repeats a write.
 */
import { ExternalCommandError } from '../errors/index.js';
import type { RunResult } from '../process/runner.js';
import { resourceId, type JsonObject } from '../diff/manifest.js';
import type { ResourceKey } from '../diff/types.js';
import { isTransientReadFailure } from './connection-errors.js';

/** Waits before the 2nd to 5th round. */
export const LIVE_READ_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

/** One round: `kubectl get` of `keys`, with or without --ignore-not-found. */
export type ReadRound = (keys: readonly ResourceKey[], ignoreNotFound: boolean) => Promise<{ argv: readonly string[]; result: RunResult }>;

export interface ReadRoundsOptions {
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** stderr lines that mean "this object's kind is not served": its objects are absent. */
  absentLine?: RegExp;
  /** Sorts the items of a round into `found` (by resource id). */
  collect: (items: JsonObject[], found: Set<string>) => void;
}

const NOT_FOUND_RE = /\(NotFound\): ([a-z0-9.-]+) "([^"]+)" not found/;

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The items of kubectl's JSON output; a partial or empty stdout gives what parses. */
export function itemsOf(stdout: string): JsonObject[] {
  if (stdout.trim() === '') return [];
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return [];
  }
  if (isObj(doc) && Array.isArray(doc.items)) return doc.items.filter(isObj);
  return isObj(doc) ? [doc] : [];
}

/** Does kubectl's resource spelling (`deployments.apps`, `configmaps`) name this key's kind? */
function resourceNames(resource: string, k: ResourceKey): boolean {
  const plural = resource.split('.')[0] ?? '';
  const kind = k.kind.toLowerCase();
  return plural.startsWith(kind.replace(/y$/, '')) || plural === kind;
}

/**
 * The keys a round's NotFound lines prove absent. A line names resource and
 * name but not the namespace: when several pending keys fit one line, they
 * count as absent only if as many lines name them; otherwise they are asked
 * again.
 */
export function absentByNotFound(stderr: string, pending: readonly ResourceKey[]): Set<string> {
  const absent = new Set<string>();
  const lines = new Map<string, number>();
  for (const line of stderr.split('\n')) {
    const ns = /\(NotFound\): namespaces "([^"]+)" not found/.exec(line)?.[1];
    if (ns) {
      for (const k of pending) if (k.namespace === ns) absent.add(resourceId(k));
      continue;
    }
    const m = NOT_FOUND_RE.exec(line);
    if (m) lines.set(`${m[1]}\u0000${m[2]}`, (lines.get(`${m[1]}\u0000${m[2]}`) ?? 0) + 1);
  }
  for (const [key, count] of lines) {
    const [resource = '', name = ''] = key.split('\u0000');
    const fits = pending.filter((k) => k.name === name && resourceNames(resource, k));
    if (fits.length > 0 && fits.length <= count) for (const k of fits) absent.add(resourceId(k));
  }
  return absent;
}

/**
 * Runs rounds until every key is found or known absent. Throws the last
 * round's failure when it is not transient, or when the rounds run out.
 */
export async function readInRounds(keys: readonly ResourceKey[], round: ReadRound, opts: ReadRoundsOptions): Promise<Set<string>> {
  const found = new Set<string>();
  let pending = [...keys];
  for (let attempt = 0; ; attempt++) {
    const ignoreNotFound = attempt === 0;
    const { argv, result: r } = await round(pending, ignoreNotFound);
    opts.collect(itemsOf(r.stdout), found);
    pending = pending.filter((k) => !found.has(resourceId(k)));
    if (r.exitCode === 0 || pending.length === 0) return found;
    const fail = (): never => {
      throw new ExternalCommandError('kubectl', argv, r.killed ? undefined : r.exitCode, r.stderr);
    };
    if (r.killed || opts.signal?.aborted) fail();
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    const transient = lines.filter((l) => isTransientReadFailure(l));
    const explained = (l: string): boolean => NOT_FOUND_RE.test(l) || /\(NotFound\): namespaces/.test(l) || (opts.absentLine?.test(l) ?? false) || isTransientReadFailure(l);
    // A failure that is neither transient nor "absent" is the caller's to report.
    if (lines.length === 0 || !lines.every(explained)) fail();
    // Only absent objects were reported: the read is complete.
    if (transient.length === 0) return found;
    const absent = absentByNotFound(r.stderr, pending);
    pending = pending.filter((k) => !absent.has(resourceId(k)));
    if (pending.length === 0) return found;
    const delay = LIVE_READ_RETRY_DELAYS_MS[attempt];
    if (delay === undefined) fail();
    await opts.sleep(delay as number);
  }
}
