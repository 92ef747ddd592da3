import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { changeFlagValues, clusterRunFlags, deleteFlags, diffFlags, diffFlagValues, kubectlFlag, renderFlags, upgradeFlags } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

export default class Apply extends BaseCommand<typeof Apply> {
  static override summary = 'Diff, then upgrade only the releases that changed (drift included) and uninstall installed: false ones.';
  static override description =
    'Like Helmfile apply: unchanged releases get no new helm revision. With --interactive the diff and the plan are shown and you are asked first (a terminal is needed; otherwise pass --yes or drop --interactive).';
  static override examples = ['<%= config.bin %> apply -e prod', '<%= config.bin %> apply -e prod --interactive'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...renderFlags,
    ...diffFlags,
    ...upgradeFlags,
    ...deleteFlags,
    'suppress-diff': Flags.boolean({ summary: 'Do not print the diff.' }),
  };

  public async run(): Promise<void> {
    this.trapInterrupts();
    const t = this.terminal;
    const f = this.flags;
    const { apply } = await import('../app/apply.js');
    const r = await apply(
      {
        ...this.commonOptions(),
        ...clusterRunFlags(f),
        ...diffFlagValues(f),
        ...changeFlagValues(f),
        suppressDiff: f['suppress-diff'],
        color: f.color === true || (t.color && t.stdoutIsTTY),
        write: (s) => this.out(s),
      },
      this.deps,
    );
    if (r.error) throw r.error;
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
