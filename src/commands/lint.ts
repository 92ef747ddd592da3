import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { releaseFlags } from '../cli/flags.js';

export default class Lint extends BaseCommand<typeof Lint> {
  static override summary = "Run helm lint on every selected release's chart with its values.";
  static override flags = {
    ...releaseFlags,
    'skip-cleanup': Flags.boolean({ summary: 'Keep temporary values files.' }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const { lint } = await import('../app/lint.js');
    await lint({ ...this.commonOptions(), write: (t) => this.out(t), args: f.args, set: f.set, values: f.values, skipCleanup: f['skip-cleanup'] }, this.deps);
  }
}
