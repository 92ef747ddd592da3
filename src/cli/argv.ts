/**
 * Helmfile accepts global flags before the sub-command (`helmfile -f x -e prod
 * template`) and Go-style booleans (`--skip-needs=false`). oclif wants the
 * command first and `--no-x`. This rewrites argv once, before oclif sees it.
 * Kept dependency-free: bin/run.js imports it on every start.
 */

/** What argv rewriting needs to know about the flags; derived from oclif.manifest.json. */
export interface FlagTables {
  /** Flags that take a value (`--file`, `-f`), so the token after them is not the command. */
  valueFlags: ReadonlySet<string>;
  /** Boolean flags declared with `allowNo`: `--x=false` becomes `--no-x`. */
  negatable: ReadonlySet<string>;
  /** Boolean flags without `allowNo`: `--x=false` is their default and is dropped. */
  plainBooleans: ReadonlySet<string>;
}

interface ManifestFlag {
  name: string;
  char?: string;
  type: 'option' | 'boolean';
  allowNo?: boolean;
}

/** The flag tables of every command in an oclif manifest (`{ commands: { id: { flags } } }`). */
export function flagTablesFromManifest(manifest: { commands?: Record<string, { flags?: Record<string, ManifestFlag> }> }): FlagTables {
  const valueFlags = new Set<string>();
  const negatable = new Set<string>();
  const plainBooleans = new Set<string>();
  for (const command of Object.values(manifest.commands ?? {})) {
    for (const f of Object.values(command.flags ?? {})) {
      if (f.type === 'option') {
        valueFlags.add(`--${f.name}`);
        if (f.char) valueFlags.add(`-${f.char}`);
      } else if (f.allowNo) negatable.add(f.name);
      else plainBooleans.add(f.name);
    }
  }
  return { valueFlags, negatable, plainBooleans };
}

/**
 * Used only when oclif.manifest.json is missing (a build whose manifest step failed):
 * Helmfile's global flags that take a value.
 */
const FALLBACK: FlagTables = {
  valueFlags: new Set([
    '-f', '--file', '-e', '--environment', '-l', '--selector', '-n', '--namespace', '-c', '--chart',
    '--kube-context', '--kubeconfig', '-b', '--helm-binary', '-k', '--kustomize-binary',
    '--state-values-set', '--state-values-set-string', '--state-values-file', '--log-level', '--repo-retries',
  ]),
  negatable: new Set(['skip-needs', 'color', 'include-crds']),
  plainBooleans: new Set(),
};

/** Rewrites `--x=true|false` for boolean flags oclif cannot parse in that form; undefined = drop it. */
function normaliseBoolean(arg: string, t: FlagTables): string | undefined {
  const m = /^--([a-z0-9-]+)=(true|false)$/i.exec(arg);
  if (!m) return arg;
  const name = m[1]!;
  const value = m[2]!.toLowerCase() === 'true';
  if (t.valueFlags.has(`--${name}`)) return arg;
  if (value) return `--${name}`;
  if (t.negatable.has(name)) return `--no-${name}`;
  if (t.plainBooleans.has(name)) return undefined;
  return arg;
}

/**
 * Moves leading global flags after the command words:
 * `-f x --namespace=n template --skip-deps` → `template --skip-deps -f x --namespace=n`.
 */
export function hoistCommand(argv: readonly string[], tables: FlagTables = FALLBACK): string[] {
  const args = argv.map((a) => normaliseBoolean(a, tables)).filter((a): a is string => a !== undefined);
  const leading: string[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') break;
    leading.push(a);
    if (tables.valueFlags.has(a) && i + 1 < args.length) {
      leading.push(args[i + 1]!);
      i += 2;
      continue;
    }
    i++;
  }
  if (leading.length === 0 || i >= args.length) return args;
  return [...args.slice(i), ...leading];
}
