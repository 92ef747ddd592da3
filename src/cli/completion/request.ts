/**
 * What the shell asks for when it completes a flag's value: the words typed so
 * far (after `helmsync`) and the word under the cursor, turned into the command,
 * the flag whose value is being completed and the flags that shape loading the
 * releases file (-f, -e, --state-values-*). Pure: the shells' scripts
 * (./scripts.ts) pass the words to the hidden `helmsync __complete` command.
 */

/** A flag as completion needs it (from oclif's command metadata). */
export interface CompletionFlag {
  name: string;
  char?: string;
  /** false for booleans. */
  takesValue: boolean;
  /** A closed set of values (`options:`), if any. */
  options?: readonly string[];
}

export interface CompletionRequest {
  /** The command id as oclif spells it (`reconciler:manifests`), or undefined before one is typed. */
  command?: string;
  /** Long name of the flag whose value is under the cursor, if any. */
  flag?: string;
  /** The value typed so far (without `--flag=`). */
  value: string;
  /** Values of the loading flags given earlier on the line (last one wins, repeatable ones collect). */
  file?: string;
  environment?: string;
  stateValuesSet: string[];
  stateValuesSetString: string[];
  stateValuesFiles: string[];
}

/**
 * Parses `words` (everything after the program name, the last one being the
 * word under the cursor, possibly '') against the known commands and their flags.
 */
export function parseCompletionRequest(words: readonly string[], commandIds: readonly string[], flagsOf: (command: string | undefined) => readonly CompletionFlag[]): CompletionRequest {
  const typed = words.slice(0, -1);
  const cur = words.length ? words[words.length - 1]! : '';
  // The command: the longest run of non-flag words naming a command. Global flags may come
  // first (`helmsync -e prod diff`, as Helmfile takes them), so their values are skipped.
  const ids = new Set(commandIds);
  const globals = flagsOf(undefined);
  const globalValue = (w: string): boolean => globals.some((f) => f.takesValue && (w === `--${f.name}` || (f.char !== undefined && w === `-${f.char}`)));
  const lead: string[] = [];
  for (let i = 0; i < typed.length; i++) {
    const w = typed[i]!;
    if (w === '--') break;
    if (w.startsWith('-')) {
      if (lead.length) break;
      if (globalValue(w)) i++;
      continue;
    }
    lead.push(w);
  }
  let command: string | undefined;
  for (let n = lead.length; n > 0; n--) {
    const id = lead.slice(0, n).join(':');
    if (ids.has(id)) {
      command = id;
      break;
    }
  }
  const flags = flagsOf(command);
  const byLong = new Map(flags.map((f) => [f.name, f]));
  const byChar = new Map(flags.filter((f) => f.char).map((f) => [f.char!, f]));
  const lookup = (w: string): CompletionFlag | undefined => (w.startsWith('--') ? byLong.get(w.slice(2)) : w.length === 2 ? byChar.get(w[1]!) : undefined);

  const req: CompletionRequest = { value: cur, stateValuesSet: [], stateValuesSetString: [], stateValuesFiles: [], ...(command ? { command } : {}) };
  const take = (name: string, v: string): void => {
    if (name === 'file') req.file = v;
    else if (name === 'environment') req.environment = v;
    else if (name === 'state-values-set') req.stateValuesSet.push(v);
    else if (name === 'state-values-set-string') req.stateValuesSetString.push(v);
    else if (name === 'state-values-file') req.stateValuesFiles.push(v);
  };
  let pending: CompletionFlag | undefined;
  for (let i = 0; i < typed.length; i++) {
    const w = typed[i]!;
    pending = undefined;
    if (w === '--') break;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    if (eq > 0) {
      take(w.slice(2, eq), w.slice(eq + 1));
      continue;
    }
    const f = lookup(w);
    if (f?.takesValue) {
      if (i + 1 < typed.length) take(f.name, typed[++i]!);
      else pending = f;
    }
  }
  // The value under the cursor: `--flag=partial`, or the word after a value-taking flag.
  const eq = cur.startsWith('--') ? cur.indexOf('=') : -1;
  if (eq > 0) {
    const f = byLong.get(cur.slice(2, eq));
    if (f?.takesValue) {
      req.flag = f.name;
      req.value = cur.slice(eq + 1);
    }
  } else if (pending) {
    req.flag = pending.name;
  }
  return req;
}

/**
 * Selector candidates for `-l` given what is typed: `k=v` pairs, each after the
 * pairs already typed before the last comma (`tier=web,name=` → `tier=web,name=api`).
 */
export function selectorCandidates(value: string, pairs: readonly string[]): string[] {
  const comma = value.lastIndexOf(',');
  const before = comma >= 0 ? value.slice(0, comma + 1) : '';
  const given = new Set(before.split(',').filter(Boolean));
  const part = value.slice(comma + 1);
  return pairs.filter((p) => !given.has(p) && p.startsWith(part)).map((p) => before + p);
}
