import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { changeFlagValues, clusterRunFlags, deleteFlags, kubectlFlag, lockFlagValues, lockFlags } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

export default class Destroy extends BaseCommand<typeof Destroy> {
  static override summary = 'Uninstall every selected release, dependants first (reverse needs order).';
  static override description = 'Runs preuninstall/postuninstall hooks around each helm uninstall. Nothing is rendered.';
  static override examples = ['<%= config.bin %> destroy -e dev', '<%= config.bin %> destroy -l name=web --yes'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...deleteFlags,
    ...lockFlags,
    'detailed-exitcode': Flags.boolean({ summary: 'Exit 2 when a release was uninstalled.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask, even with --interactive.' }),
    'skip-hooks': Flags.boolean({ summary: 'Do not run the releases file hooks.' }),
    'skip-charts': Flags.boolean({ summary: 'Accepted for compatibility (destroy never prepares charts).' }),
  };

  public async run(): Promise<void> {
    this.trapInterrupts();
    const t = this.terminal;
    const { destroy } = await import('../app/destroy.js');
    const r = await destroy(
      { ...this.commonOptions(), ...clusterRunFlags(this.flags), ...changeFlagValues(this.flags), ...lockFlagValues(this.flags, this.lockHolder()), color: t.color && t.stdoutIsTTY, write: (s) => this.out(s) },
      this.deps,
    );
    if (r.error) throw r.error;
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
