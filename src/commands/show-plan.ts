import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class ShowPlan extends BaseCommand<typeof ShowPlan> {
  static override summary = 'Print a plan file written by plan --out: text, JSON or Markdown (for a pull-request comment).';
  static override examples = ['<%= config.bin %> show-plan plan.json', '<%= config.bin %> show-plan plan.json --output markdown >> "$GITHUB_STEP_SUMMARY"'];
  static override args = { file: Args.string({ required: true, description: 'The plan file.' }) };
  static override flags = {
    output: Flags.string({ summary: 'Format.', options: ['text', 'json', 'markdown'], default: 'text' }),
  };

  public async run(): Promise<void> {
    const { readSavedPlan } = await import('../app/saved-plan.js');
    const { renderSavedPlanJson, renderSavedPlanMarkdown, renderSavedPlanText } = await import('../plan/saved-plan.js');
    const p = readSavedPlan(this.args.file, this.deps);
    const now = this.deps.clock.now();
    const t = this.terminal;
    const color = this.flags.color === true || (t.color && t.stdoutIsTTY);
    this.out(this.flags.output === 'json' ? renderSavedPlanJson(p) : this.flags.output === 'markdown' ? renderSavedPlanMarkdown(p, now) : renderSavedPlanText(p, now, { color }));
  }
}
