import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { clusterRunFlags, kubectlFlag } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Show what helm stored for each selected release.';
  static override description = 'A table NAME NAMESPACE REVISION STATUS CHART UPDATED, or JSON with --output json. Read only.';
  static override examples = ['<%= config.bin %> status -e prod', '<%= config.bin %> status --output json'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    output: Flags.string({ summary: 'Output format.', options: ['table', 'json'], default: 'table' }),
  };

  public async run(): Promise<void> {
    const { status } = await import('../app/status.js');
    const r = await status({ ...this.commonOptions(), ...clusterRunFlags(this.flags), output: this.flags.output as 'table' | 'json' }, this.deps);
    this.out(r.text);
  }
}
