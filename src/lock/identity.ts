/**
 * The Lease's holderIdentity: who holds the lock, written so that the
 * message a waiting writer prints (and `kubectl get lease`) tells a person
 * where to look: the command, the user, the host and the pid, plus a random
 * token that keeps two processes with the same pid on different machines (pid
 * 1 in every container) apart. Never the command's arguments: they may hold
 * `--set password=…`.
 */

export interface HolderInfo {
  /** The helmsync command (`apply`, `sync`, `destroy`, `reconcile`). */
  command: string;
  user: string;
  host: string;
  pid: number;
  /** Random, unique per process. */
  token: string;
}

const clean = (s: string, max: number): string => s.replace(/[\s()]+/g, '-').slice(0, max) || '?';

/** `helmsync apply by alice@build-7 pid 4242 (3f9a1c2b)`. */
export function holderIdentity(h: HolderInfo): string {
  return `helmsync ${clean(h.command, 20)} by ${clean(h.user, 32)}@${clean(h.host, 64)} pid ${h.pid} (${clean(h.token, 16)})`;
}
