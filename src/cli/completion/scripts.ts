/**
 * The completion scripts `helmsync completion SHELL` prints (issue 15).
 *
 * bash and zsh: @oclif/plugin-autocomplete's own functions (commands, flags,
 * zsh's descriptions), generated from the same oclif metadata as its
 * `helmsync autocomplete` command, plus a layer of ours for flag values the
 * plugin cannot know: environment names and release selectors read from the
 * releases file on the command line (-f, else the current directory), and
 * closed option sets (--output json). Those are asked of the hidden
 * `helmsync __complete` at the moment of completion, so they follow the file
 * as it changes. fish, which the plugin does not cover: the whole script is ours,
 * from the same metadata.
 */
import type { Interfaces } from '@oclif/core';
type Config = Interfaces.Config;
import type { Command } from '@oclif/core/command';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { completionFlagsOf } from './flags.js';

export type CompletionShell = 'bash' | 'zsh' | 'fish';
export const COMPLETION_SHELLS: readonly CompletionShell[] = ['bash', 'zsh', 'fish'];

/** Flags whose values come from `__complete`: the releases file's, and every closed option set. */
function dynamicFlags(commands: readonly Command.Loadable[]): { long: string[]; short: string[] } {
  const long = new Set(['environment', 'selector']);
  const short = new Set(['e', 'l']);
  for (const c of commands) {
    for (const f of completionFlagsOf(c)) {
      if (!f.options) continue;
      long.add(f.name);
      if (f.char) short.add(f.char);
    }
  }
  return { long: [...long].sort(), short: [...short].sort() };
}

function visibleCommands(config: Config): Command.Loadable[] {
  return config.commands.filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id));
}

function pluginRoot(config: Config): string {
  const p = config.plugins.get('@oclif/plugin-autocomplete');
  if (!p) throw new Error('@oclif/plugin-autocomplete is not loaded (package.json oclif.plugins)');
  return p.root;
}

/** The plugin's bash function (`_<bin>_autocomplete`), as `helmsync autocomplete` writes it. */
async function pluginBash(config: Config): Promise<string> {
  const create = await config.findCommand('autocomplete:create')?.load();
  if (!create) throw new Error('@oclif/plugin-autocomplete has no autocomplete:create command');
  const instance = new (create as unknown as new (argv: string[], config: Config) => { bashCompletionFunction: string })([], config);
  return instance.bashCompletionFunction;
}

/** The plugin's zsh function (`_<bin>`), the variant for a space topic separator, as `helmsync autocomplete` writes it. */
async function pluginZsh(config: Config): Promise<string> {
  // The plugin exports no API; its generator is loaded from its files as oclif loads its commands.
  const mod = (await import(pathToFileURL(join(pluginRoot(config), 'lib', 'autocomplete', 'zsh.js')).href)) as { default: new (config: Config) => { generate(): string } };
  return new mod.default(config).generate();
}

function bashScript(plugin: string, config: Config): string {
  const bin = config.bin;
  const { long, short } = dynamicFlags(visibleCommands(config));
  const pattern = [...long.map((l) => `--${l}`), ...short.map((s) => `-${s}`)].join('|');
  return `${plugin.trimEnd()}

# ${bin}: flag values the releases file defines (-e environments, -l name=release…)
# and closed option sets, from \`${bin} __complete\`; the rest is the function above.
_${bin}_complete()
{
  local line="\${COMP_LINE:0:COMP_POINT}" cur="" flag c wb=""
  local -a words cands
  read -r -a words <<< "$line"
  if [[ -n "$line" && "$line" != *[[:space:]] ]]; then
    cur="\${words[\${#words[@]}-1]}"
    unset 'words[\${#words[@]}-1]'
  fi
  flag="\${words[\${#words[@]}-1]}"
  [[ "$cur" == --*=* ]] && flag="\${cur%%=*}"
  case "$flag" in
    ${pattern}) ;;
    *) _${bin}_autocomplete "$@"; return ;;
  esac
  local IFS=$'\\n'
  cands=( $(${bin} __complete -- "\${words[@]:1}" "$cur" 2>/dev/null) )
  # bash splits the word under the cursor at COMP_WORDBREAKS (= and : among them):
  # a candidate replaces only what follows the last of those.
  [[ "$COMP_WORDBREAKS" == *"="* ]] && wb="\${cur%"\${cur##*[=:]}"}"
  COMPREPLY=()
  for c in "\${cands[@]}"; do
    [[ "$cur" == --*=* ]] && c="\${cur%%=*}=$c"
    COMPREPLY+=( "\${c#"$wb"}" )
  done
}
complete -o default -F _${bin}_complete ${bin}
`;
}

function zshScript(plugin: string, config: Config): string {
  const bin = config.bin;
  let text = plugin.replace(/\n_\w+\s*$/, '\n');
  // The plugin offers files for every value; these values come from the releases file.
  for (const [flag, kind] of [['--environment', 'environment'], ['--selector', 'selector']] as const) {
    const spec = new RegExp(`(\\{-\\w,${flag}\\}"\\[[^\\n]*\\]):file:_files"`, 'g');
    if (!spec.test(text)) throw new Error(`zsh completion: the plugin's spec for ${flag} has changed`);
    text = text.replace(spec, `$1:${kind}:_${bin}_flag_values ${flag}"`);
  }
  return `${text.trimEnd()}

# ${bin}: the values of -e (environments) and -l (name=release…) from the
# releases file, asked of \`${bin} __complete\` with the words typed so far.
# _arguments passes compadd's options first; the flag is the last argument.
_${bin}_flag_values() {
  local -a cands
  cands=("\${(@f)$(${bin} __complete -- "\${(@)words[1,CURRENT-1]}" "\${@[-1]}=$PREFIX" 2>/dev/null)}")
  cands=("\${(@)cands:#}")
  compadd "\${(@)@[1,-2]}" -- "\${(@)cands}"
}

compdef _${bin} ${bin}
`;
}

const fishQuote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const firstLine = (s: string | undefined): string => (s ?? '').split('\n')[0]!.trim();

function fishScript(config: Config): string {
  const bin = config.bin;
  const commands = visibleCommands(config);
  const ids = commands.map((c) => c.id.split(':').join(' '));
  const { long } = dynamicFlags(commands);
  const lines: string[] = [
    `# ${bin} completion for fish: commands and flags from ${bin}'s metadata; the values of`,
    `# -e (environments), -l (name=release…) and closed option sets from \`${bin} __complete\`.`,
    `function __${bin}_lead --description 'the non-flag words after ${bin}'`,
    `    for w in (commandline -opc)[2..-1]`,
    `        string match -q -- '-*' $w; and break`,
    `        echo $w`,
    `    end`,
    `end`,
    `function __${bin}_command --description 'the ${bin} command typed so far'`,
    `    set -l ids ${ids.map(fishQuote).join(' ')}`,
    `    set -l lead (__${bin}_lead)`,
    `    for n in (seq (count $lead) -1 1)`,
    `        set -l id (string join ' ' $lead[1..$n])`,
    `        if contains -- $id $ids`,
    `            echo $id`,
    `            return 0`,
    `        end`,
    `    end`,
    `    return 1`,
    `end`,
    `function __${bin}_is --description 'the command typed is exactly $argv[1]'`,
    `    test "$(__${bin}_command)" = "$argv[1]"`,
    `end`,
    `function __${bin}_values --description 'candidates for the flag value under the cursor'`,
    `    ${bin} __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null`,
    `end`,
    `complete -c ${bin} -f`,
  ];
  // Command words: the first word of each id at the top, the next under their topic.
  const seen = new Set<string>();
  for (const c of commands) {
    const words = c.id.split(':');
    for (let i = 0; i < words.length; i++) {
      const key = words.slice(0, i + 1).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const parent = words.slice(0, i).join(' ');
      const cond = i === 0 ? `not __${bin}_command; and test (count (__${bin}_lead)) -eq 0` : `test "$(string join ' ' (__${bin}_lead))" = ${fishQuote(parent)}`;
      const desc = i === words.length - 1 ? firstLine(c.summary ?? c.description) : `${key} commands`;
      lines.push(`complete -c ${bin} -n ${fishQuote(cond)} -a ${fishQuote(words[i]!)} -d ${fishQuote(desc)}`);
    }
  }
  for (const c of commands) {
    const id = c.id.split(':').join(' ');
    for (const f of completionFlagsOf(c)) {
      const meta = (c.flags as Record<string, { summary?: string; description?: string }>)[f.name];
      let line = `complete -c ${bin} -n ${fishQuote(`__${bin}_is ${fishQuote(id)}`)} -l ${f.name}`;
      if (f.char) line += ` -s ${f.char}`;
      if (f.takesValue) line += long.includes(f.name) ? ` -x -a '(__${bin}_values)'` : ' -r -F';
      const desc = firstLine(meta?.summary ?? meta?.description);
      if (desc) line += ` -d ${fishQuote(desc)}`;
      lines.push(line);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`. */
export async function completionScript(shell: CompletionShell, config: Config): Promise<string> {
  if (shell === 'bash') return bashScript(await pluginBash(config), config);
  if (shell === 'zsh') return zshScript(await pluginZsh(config), config);
  return fishScript(config);
}
