import { Command } from '@oclif/core/command';
import { environmentCandidates, selectorPairs } from '../app/complete.js';
import { completionFlagsOf } from '../cli/completion/flags.js';
import { parseCompletionRequest, selectorCandidates } from '../cli/completion/request.js';
import { createRealDeps } from '../cli/deps.js';

/**
 * `helmsync __complete -- WORD... CURRENT`: the candidates for the flag value under
 * the cursor, one a line, for the scripts `helmsync completion SHELL` prints.
 * Hidden, quiet (nothing on stderr) and always exit 0: a broken releases file
 * must not print into the user's prompt.
 */
export default class Complete extends Command {
  static override hidden = true;
  static override strict = false;
  static override summary = 'Completion candidates for the shell scripts (internal).';

  public async run(): Promise<void> {
    const argv = [...this.argv];
    await this.parse(Complete, []); // the words are taken as typed, never parsed as flags of this command
    const words = argv[0] === '--' ? argv.slice(1) : argv;
    const commands = this.config.commands.filter((c) => !c.hidden);
    const req = parseCompletionRequest(words.length ? words : [''], commands.map((c) => c.id), (id) => completionFlagsOf(id ? this.config.findCommand(id) : undefined));
    let out: string[] = [];
    if (req.flag === 'environment' || req.flag === 'selector') {
      const silent = (): void => {};
      const deps = { ...createRealDeps({ logLevel: 'error', color: false }), logger: { debug: silent, info: silent, warn: silent, error: silent } };
      const load = {
        file: req.file ?? process.env.HELMFILE_FILE_PATH,
        environment: req.flag === 'environment' ? undefined : req.environment ?? process.env.HELMFILE_ENVIRONMENT,
        stateValuesSet: req.stateValuesSet,
        stateValuesSetString: req.stateValuesSetString,
        stateValuesFiles: req.stateValuesFiles,
      };
      out =
        req.flag === 'environment'
          ? (await environmentCandidates(load, deps)).filter((e) => e.startsWith(req.value))
          : selectorCandidates(req.value, await selectorPairs(load, deps));
    } else if (req.flag) {
      const f = completionFlagsOf(req.command ? this.config.findCommand(req.command) : undefined).find((x) => x.name === req.flag);
      out = (f?.options ?? []).filter((o) => o.startsWith(req.value));
    }
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  }
}
