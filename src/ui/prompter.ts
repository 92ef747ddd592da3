/**
 * Yes/no prompts, only where a human can answer. Without a TTY (CI, pipes) a
 * prompt is a UserError telling the user to pass --yes instead of hanging.
 */
import type { Prompter } from '../ports/index.js';
import { UserError } from '../errors/index.js';

export interface TtyPrompterOptions {
  isTTY: boolean;
  /** CI set → never prompt. */
  ci: boolean;
}

export class TtyPrompter implements Prompter {
  constructor(private readonly o: TtyPrompterOptions) {}

  async confirm(message: string): Promise<boolean> {
    if (!this.o.isTTY || this.o.ci) {
      throw new UserError(`cannot ask "${message}": no terminal to answer on`, {
        hint: 'pass --yes (or drop --interactive) to run without a prompt',
      });
    }
    // enquirer is only loaded when a prompt actually happens: keeps start-up lean.
    const { default: Enquirer } = await import('enquirer');
    const answer = (await Enquirer.prompt({ type: 'confirm', name: 'ok', message, stdout: process.stderr } as never)) as { ok: boolean };
    return Boolean(answer.ok);
  }
}
