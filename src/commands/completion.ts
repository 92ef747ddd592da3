import * as Args from '@oclif/core/args';
import { BaseCommand } from '../cli/base-command.js';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from '../cli/completion/scripts.js';

export default class Completion extends BaseCommand<typeof Completion> {
  static override summary = 'Print the shell completion script for bash, zsh or fish.';
  static override description =
    'Commands and flags come from helmsync itself (through @oclif/plugin-autocomplete for bash and zsh); the values of -e (environment names) and -l (name=<release>, namespace=…, other labels) are read from the releases file on the command line (-f, else the current directory) each time you press TAB, as are closed option sets such as --output. `helmsync autocomplete` sets up bash and zsh with the same scripts.';
  static override examples = [
    'source <(<%= config.bin %> completion bash)        # ~/.bashrc',
    'source <(<%= config.bin %> completion zsh)         # ~/.zshrc, after compinit',
    '<%= config.bin %> completion fish > ~/.config/fish/completions/<%= config.bin %>.fish',
  ];
  static override args = {
    shell: Args.string({ description: 'bash, zsh or fish', options: [...COMPLETION_SHELLS], required: true }),
  };

  public async run(): Promise<void> {
    this.out(await completionScript(this.args.shell as CompletionShell, this.config));
  }
}
