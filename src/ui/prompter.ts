/**
 * Prompts, only where a human can answer. Without a TTY (CI, pipes) a prompt
 * is a UserError telling the user to pass --yes instead of hanging. Prompts
 * run as a listr2 task through listr2's enquirer prompt adapter, drawn on
 * stderr (stdout carries the command's output: manifests, Markdown, JSON).
 */
import type { PromptChoice, Prompter } from '../ports/index.js';
import { UserError } from '../errors/index.js';

export interface TtyPrompterOptions {
  isTTY: boolean;
  /** CI set → never prompt. */
  ci: boolean;
}

/** A prompt cancelled with Ctrl-C or Escape. */
export class PromptCancelled extends UserError {
  constructor(message: string) {
    super(`cancelled: ${message}`, { hint: 'nothing was changed' });
  }
}

export class TtyPrompter implements Prompter {
  constructor(private readonly o: TtyPrompterOptions) {}

  private guard(message: string): void {
    if (!this.o.isTTY || this.o.ci) {
      throw new UserError(`cannot ask "${message}": no terminal to answer on`, {
        hint: 'pass --yes (or drop --interactive) to run without a prompt',
      });
    }
  }

  async confirm(message: string): Promise<boolean> {
    this.guard(message);
    try {
      return Boolean(await runPrompt({ type: 'confirm', message, initial: false }));
    } catch (e) {
      if (e instanceof PromptCancelled) return false;
      throw e;
    }
  }

  async multiSelect(message: string, choices: PromptChoice[]): Promise<string[]> {
    this.guard(message);
    const leaves = new Set(choices.flatMap(leafNames));
    const picked = (await runPrompt({
      type: 'multiselect',
      message,
      choices: choices.map(toEnquirer),
      hint: '(space toggles, a toggles all, enter confirms)',
      // Every choice starts selected: the user deselects what stays behind.
      initial: [...leaves],
      // Once answered, the line shows a count rather than every name.
      format(this: { state?: { submitted?: boolean }; selected?: unknown[] }) {
        return this.state?.submitted ? `${(this.selected ?? []).filter((c) => !(c as { choices?: unknown[] }).choices?.length).length} chosen` : '';
      },
    })) as string[] | undefined;
    return (picked ?? []).filter((n) => leaves.has(n));
  }
}

function leafNames(c: PromptChoice): string[] {
  return c.choices?.length ? c.choices.flatMap(leafNames) : [c.name];
}

function toEnquirer(c: PromptChoice): Record<string, unknown> {
  return { name: c.name, message: c.message, ...(c.hint ? { hint: c.hint } : {}), ...(c.choices?.length ? { choices: c.choices.map(toEnquirer) } : {}) };
}

/**
 * One enquirer prompt in a one-task listr2 list (listr2's enquirer prompt
 * adapter), on stderr. Loaded only when a prompt actually happens: keeps
 * start-up lean.
 */
async function runPrompt(options: Record<string, unknown>): Promise<unknown> {
  const [{ Listr, ListrLogger, ProcessOutput, PromptError }, { ListrEnquirerPromptAdapter }] = await Promise.all([import('listr2'), import('@listr2/prompt-adapter-enquirer')]);
  const output = new ProcessOutput(process.stderr, process.stderr);
  const logger = { logger: new ListrLogger({ processOutput: output }) };
  let answer: unknown;
  let cancelled = false;
  const list = new Listr(
    [
      {
        title: String(options.message),
        task: async (_ctx, task) => {
          try {
            answer = await task.prompt(ListrEnquirerPromptAdapter).run(options as never);
          } catch (e) {
            if (e instanceof PromptError) {
              cancelled = true;
              return;
            }
            throw e;
          }
        },
      },
    ],
    {
      renderer: 'default',
      // Draw the prompt even when stdout is piped (--output markdown | …): it goes to stderr.
      fallbackRendererCondition: false,
      rendererOptions: { ...logger, collapseErrors: false },
      fallbackRendererOptions: { ...logger },
      exitOnError: true,
      registerSignalListeners: false,
    } as never,
  );
  await list.run();
  if (cancelled) throw new PromptCancelled(String(options.message));
  return answer;
}
