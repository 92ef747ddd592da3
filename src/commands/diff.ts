import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { reportFileFlag } from '../cli/ci-output.js';
import { clusterRunFlags, diffFlags, fastPathFlag, diffFlagValues, kubectlFlag, renderFlags, pruneFlag, ownerFlag } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

export default class Diff extends BaseCommand<typeof Diff> {
  static override summary = 'Show what sync would change: desired vs deployed, plus drift of live objects.';
  static override description =
    'Renders every selected release with helm (same values and flags as sync) and compares it with the manifest helm stored for the last revision, and with the live objects (drift, marked separately). Secrets are masked in every format unless --show-secrets. Nothing is written to the cluster.';
  static override examples = ['<%= config.bin %> diff -e prod --detailed-exitcode', '<%= config.bin %> diff --output markdown --context 3'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...pruneFlag,
    ...ownerFlag,
    ...renderFlags,
    ...diffFlags,
    ...fastPathFlag,
    'detailed-exitcode': Flags.boolean({ summary: 'Exit 2 when anything differs.' }),
    ...reportFileFlag,
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const t = this.terminal;
    const { diff } = await import('../app/diff.js');
    const r = await diff(
      {
        ...this.commonOptions(),
        ...clusterRunFlags(f),
        ...diffFlagValues(f),
        color: f.color === true || (t.color && t.stdoutIsTTY),
        detailedExitcode: f['detailed-exitcode'],
        write: (s) => this.out(s),
        report: this.ciReport(),
      },
      this.deps,
    );
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
