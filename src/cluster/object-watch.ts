/**
 * One API watch through kubectl (issue 10, `reconcile --watch`):
 * `kubectl get TYPE --namespace NS --watch --output-watch-events -o json`
 * lists the kind's objects as ADDED events, then streams every change until
 * the connection drops or the server ends the watch. kubectl brings the
 * kubeconfig's credentials (tokens, client certificates, exec plugins), so
 * helmsync needs none of its own. The caller resumes it (with backoff) when
 * it ends; nothing here retries.
 */
import type { Runner } from '../process/runner.js';
import { JsonStreamSplitter } from './json-stream.js';
import { kubectlConnectionArgs, resourceTypeArg, type KubeConnection } from './kubectl-argv.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

/** The argv of one watch (pure). */
export function watchArgv(c: KubeConnection, ref: { apiVersion: string; kind: string }, namespace: string): string[] {
  return [...kubectlConnectionArgs(c), 'get', resourceTypeArg(ref), '--namespace', namespace, '--watch', '--output-watch-events', '--output', 'json'];
}

export interface RunWatchOptions {
  runner: Runner;
  kubectl: string;
  connection: KubeConnection;
  apiVersion: string;
  kind: string;
  namespace: string;
  signal: AbortSignal;
  onEvent: (e: WatchEvent) => void;
}

/** Runs the watch until kubectl exits or the signal fires; resolves with how it ended. */
export async function runWatch(o: RunWatchOptions): Promise<{ exitCode: number; stderr: string; events: number }> {
  const split = new JsonStreamSplitter();
  let events = 0;
  const r = await o.runner.run(o.kubectl, watchArgv(o.connection, o, o.namespace), {
    signal: o.signal,
    discardStdout: true,
    onStdout: (chunk) => {
      for (const doc of split.push(chunk)) {
        let e: WatchEvent;
        try {
          e = JSON.parse(doc) as WatchEvent;
        } catch {
          continue;
        }
        if (!e || typeof e.type !== 'string' || !e.object || typeof e.object !== 'object') continue;
        events++;
        o.onEvent(e);
      }
    },
  });
  return { exitCode: r.exitCode, stderr: r.stderr, events };
}
