/**
 * The `needs` DAG of one state file: ids as Helmfile's ReleaseToID, need references
 * `[[ctx/]ns/]name` resolved against the needing release, cycles reported in full,
 * selection widened by --include-needs / --include-transitive-needs, waves for ordering.
 */
import { UserError, type SourceLocation } from '../errors/index.js';
import { nearest } from './levenshtein.js';

/** `[kubeContext/][namespace/]name`. */
export function releaseId(kubeContext: string, namespace: string, name: string): string {
  if (kubeContext) return `${kubeContext}/${namespace}/${name}`;
  if (namespace) return `${namespace}/${name}`;
  return name;
}

/** What the graph needs to know of a release. */
export interface NeedsNode {
  id: string;
  name: string;
  namespace: string;
  kubeContext: string;
  needs: readonly string[];
  /** The release's position; with `keys` (SourcePos), errors point at the needs entry itself. */
  location?: SourceLocation & { keys?: Record<string, SourceLocation> };
}

/** Where entry `k` of a node's needs is written, else where the node is. */
function needAt(n: NeedsNode, k: number): SourceLocation | undefined {
  const at = n.location?.keys?.[`needs[${k}]`] ?? n.location;
  return at ? { file: at.file, ...(at.line !== undefined ? { line: at.line } : {}), ...(at.column !== undefined ? { column: at.column } : {}), ...(at.part !== undefined ? { part: at.part } : {}) } : undefined;
}

/**
 * Resolves a need reference relative to the needing release: `name` takes its namespace
 * and context, `ns/name` its context.
 */
export function resolveNeed(ref: string, from: { namespace: string; kubeContext: string }): string {
  const parts = ref.split('/');
  if (parts.length >= 3) return releaseId(parts[0] as string, parts[1] as string, parts.slice(2).join('/'));
  if (parts.length === 2) return releaseId(from.kubeContext, parts[0] as string, parts[1] as string);
  return releaseId(from.kubeContext, from.namespace, ref);
}

/** How `needs` appear in the spec after loading (`build` shows `ns/name`). */
export function normalizeNeed(ref: string, from: { namespace: string }): string {
  if (ref.includes('/')) return ref;
  return from.namespace ? `${from.namespace}/${ref}` : ref;
}

/**
 * Checks every need resolves and the graph has no cycle.
 * @returns for each node index, the indices it needs.
 */
export function buildNeedsGraph(nodes: readonly NeedsNode[]): number[][] {
  const byId = new Map<string, number>();
  nodes.forEach((n, i) => byId.set(n.id, i));
  const edges = nodes.map((n) =>
    n.needs.map((ref, k) => {
      const id = resolveNeed(ref, n);
      const j = byId.get(id);
      if (j === undefined) {
        const guess = nearest(id, byId.keys());
        const at = needAt(n, k);
        throw new UserError(`release "${n.id}" depends on "${id}" which does not match any release in the state file`, {
          ...(at ? { location: at } : {}),
          release: n.id,
          hint: guess ? `did you mean "${guess}"?` : 'needs entries are [[kubeContext/]namespace/]name',
        });
      }
      return j;
    }),
  );
  // Iterative DFS with colours; a back edge gives the cycle path.
  const colour = new Uint8Array(nodes.length);
  for (let start = 0; start < nodes.length; start++) {
    if (colour[start]) continue;
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    colour[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1] as { node: number; next: number };
      const out = edges[top.node] as number[];
      if (top.next >= out.length) {
        colour[top.node] = 2;
        stack.pop();
        continue;
      }
      const to = out[top.next++] as number;
      if (colour[to] === 1) {
        const from = stack.findIndex((f) => f.node === to);
        const cycle = [...stack.slice(from).map((f) => (nodes[f.node] as NeedsNode).id), (nodes[to] as NeedsNode).id];
        // At the needs entry that closes the cycle (the last edge followed).
        const closing = nodes[top.node] as NeedsNode;
        const at = needAt(closing, top.next - 1);
        throw new UserError(`needs cycle: ${cycle.join(' → ')}`, {
          ...(at ? { location: at } : {}),
          release: closing.id,
          hint: 'remove one of these needs entries',
        });
      }
      if (!colour[to]) {
        colour[to] = 1;
        stack.push({ node: to, next: 0 });
      }
    }
  }
  return edges;
}

/** Adds needs of selected nodes: direct ones, or all transitively. */
export function widenSelection(selected: ReadonlySet<number>, edges: readonly number[][], transitive: boolean): Set<number> {
  const out = new Set(selected);
  const queue = [...selected];
  while (queue.length) {
    const i = queue.shift() as number;
    for (const j of edges[i] ?? []) {
      if (!out.has(j)) {
        out.add(j);
        if (transitive) queue.push(j);
      }
    }
  }
  return out;
}

/**
 * Groups the selected nodes into waves (Kahn's algorithm over edges among selected nodes):
 * a node's wave is after all its selected needs. Within a wave, file order.
 */
export function waves(selected: readonly number[], edges: readonly number[][]): number[][] {
  const inSel = new Set(selected);
  const level = new Map<number, number>();
  const sorted = [...selected].sort((a, b) => a - b);
  const levelOf = (i: number): number => {
    const known = level.get(i);
    if (known !== undefined) return known;
    // Explicit stack: deep chains must not overflow the JS stack.
    const stack = [i];
    while (stack.length) {
      const n = stack[stack.length - 1] as number;
      const deps = (edges[n] ?? []).filter((d) => inSel.has(d));
      const pending = deps.filter((d) => !level.has(d));
      if (pending.length) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      if (!level.has(n)) level.set(n, deps.length ? Math.max(...deps.map((d) => level.get(d) as number)) + 1 : 0);
    }
    return level.get(i) as number;
  };
  const out: number[][] = [];
  for (const i of sorted) {
    const l = levelOf(i);
    while (out.length <= l) out.push([]);
    (out[l] as number[]).push(i);
  }
  return out;
}
