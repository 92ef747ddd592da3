/**
 * Helmfile accepts global flags before the sub-command (`helmfile -f x -e prod
 * template`) and Go-style booleans (`--skip-needs=false`). oclif wants the
 * command first and `--no-x`. This rewrites argv once, before oclif sees it.
 * Kept dependency-free: bin/run.js imports it on every start.
 */

/** Global flags that take a value (so the token after them is not the command). */
const VALUE_FLAGS = new Set([
  '-f', '--file', '-e', '--environment', '-l', '--selector', '-n', '--namespace', '-c', '--chart',
  '--kube-context', '--kubeconfig', '-b', '--helm-binary', '-k', '--kustomize-binary',
  '--state-values-set', '--state-values-set-string', '--state-values-file', '--log-level', '--repo-retries',
]);

/** Boolean flags oclif declares with `allowNo`; `--x=false` becomes `--no-x`. */
const NEGATABLE = new Set(['skip-needs', 'color', 'include-crds', 'skip-tests', 'skip-cleanup', 'embed-values', 'validate']);

/** Rewrites `--x=true|false` for boolean flags oclif cannot parse in that form. */
function normaliseBoolean(arg: string): string {
  const m = /^--([a-z0-9-]+)=(true|false)$/i.exec(arg);
  if (!m) return arg;
  const name = m[1]!;
  const value = m[2]!.toLowerCase() === 'true';
  if (VALUE_FLAGS.has(`--${name}`)) return arg;
  if (value) return `--${name}`;
  if (NEGATABLE.has(name)) return `--no-${name}`;
  return arg;
}

/**
 * Moves leading global flags after the command words:
 * `-f x --namespace=n template --skip-deps` → `template --skip-deps -f x --namespace=n`.
 */
export function hoistCommand(argv: readonly string[]): string[] {
  const args = argv.map(normaliseBoolean);
  const leading: string[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') break;
    leading.push(a);
    if (VALUE_FLAGS.has(a) && i + 1 < args.length) {
      leading.push(args[i + 1]!);
      i += 2;
      continue;
    }
    i++;
  }
  if (leading.length === 0 || i >= args.length) return args;
  return [...args.slice(i), ...leading];
}
