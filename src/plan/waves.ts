/**
 * Longest-path levels over a dependency graph: a node's level is one more
 * than the highest level of the nodes it waits for, so independent releases
 * share a level and run together.
 */
import { UserError } from '../errors/index.js';

/**
 * Levels of `ids` where `waitsFor(id)` lists what must finish first. Edges to
 * ids outside `ids` are ignored (releases not in this run). Throws a
 * UserError naming the cycle when there is one.
 */
export function levels(ids: readonly string[], waitsFor: (id: string) => readonly string[]): Map<string, number> {
  const known = new Set(ids);
  const level = new Map<string, number>();
  const onPath = new Set<string>();
  const visit = (start: string): void => {
    // Explicit stack: long chains must not overflow the JS stack.
    const stack: { id: string; deps: string[] }[] = [];
    const push = (id: string) => {
      if (onPath.has(id)) {
        const path = [...stack.map((f) => f.id), id];
        throw new UserError(`needs cycle: ${path.slice(path.indexOf(id)).join(' → ')}`, {
          release: id,
          hint: 'remove one of these needs entries',
        });
      }
      onPath.add(id);
      stack.push({ id, deps: waitsFor(id).filter((d) => known.has(d) && d !== id) });
    };
    push(start);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = top.deps.find((d) => !level.has(d));
      if (next !== undefined) {
        push(next);
        continue;
      }
      stack.pop();
      onPath.delete(top.id);
      level.set(top.id, top.deps.length ? Math.max(...top.deps.map((d) => level.get(d)!)) + 1 : 0);
    }
  };
  for (const id of ids) if (!level.has(id)) visit(id);
  return level;
}

/**
 * Groups `ids` by level, keeping only those `keep` accepts and dropping the
 * empty levels that leaves (a noop release still orders the others).
 */
export function groupByLevel(ids: readonly string[], level: ReadonlyMap<string, number>, keep: (id: string) => boolean): string[][] {
  const byLevel = new Map<number, string[]>();
  for (const id of ids) {
    if (!keep(id)) continue;
    const l = level.get(id)!;
    const list = byLevel.get(l);
    if (list) list.push(id);
    else byLevel.set(l, [id]);
  }
  return [...byLevel.keys()].sort((a, b) => a - b).map((l) => byLevel.get(l)!);
}
