/**
 * oclif hook for an unknown command. oclif's own handler exits 2, which is
 * Helmfile's "changes found" code; an unknown command is an error (exit 1).
 */
import type { Hook } from '@oclif/core';

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

const hook: Hook<'command_not_found'> = async function (opts) {
  const id = opts.id;
  let message: string;
  if (id.startsWith('-')) {
    message = 'error: no command given\nhint: put a command after the flags, e.g. helmsync -f helmfile.yaml template; see helmsync --help';
  } else {
    const best = opts.config.commandIDs
      .map((c) => ({ c, d: distance(id, c) }))
      .sort((x, y) => x.d - y.d)[0];
    const hint = best && best.d <= 3 ? `did you mean "${best.c}"? ` : '';
    message = `error: unknown command "${id}"\nhint: ${hint}see helmsync --help`;
  }
  process.stderr.write(`${message}\n`);
  this.exit(1);
};

export default hook;
