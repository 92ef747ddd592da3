import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { changeFlagValues, clusterRunFlags, deleteFlags, diffFlags, diffFlagValues, fastPathFlag, kubectlFlag, renderFlags, upgradeFlags } from '../cli/cluster-flags.js';
import { reportFileFlag } from '../cli/ci-output.js';
import { releaseFlags } from '../cli/flags.js';

export default class Plan extends BaseCommand<typeof Plan> {
  static override summary = 'Compute what apply would do and save it (--out FILE) to apply exactly that later with apply --plan.';
  static override description =
    'Takes the same flags as apply and changes nothing. --output json prints the plan file\'s document instead of the diff and plan text (schema: helmsync schema --output-of plan). Under GitHub Actions the plan and the diff go to the step summary, as with --report-file. The plan file holds, per release, the action and its reasons, the digest of the desired manifest, the stored revision and the inputs digest, plus the environment, helmsync version, creation time and git commit: digests only, never values. Show it with show-plan (text, JSON, Markdown for a pull-request comment); apply --plan FILE refuses when anything it was computed against changed.';
  static override examples = ['<%= config.bin %> plan -e prod --out plan.json', '<%= config.bin %> show-plan plan.json --output markdown', '<%= config.bin %> apply -e prod --plan plan.json --plan-max-age 24h'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...renderFlags,
    ...diffFlags,
    ...fastPathFlag,
    ...upgradeFlags,
    ...deleteFlags,
    out: Flags.string({ summary: 'Write the plan to this file (JSON).' }),
    'suppress-diff': Flags.boolean({ summary: 'Do not print the diff.' }),
    ...reportFileFlag,
  };

  public async run(): Promise<void> {
    const t = this.terminal;
    const f = this.flags;
    const { savePlan } = await import('../app/saved-plan.js');
    const r = await savePlan(
      {
        ...this.commonOptions(),
        ...clusterRunFlags(f),
        ...diffFlagValues(f),
        ...changeFlagValues(f),
        out: f.out,
        helmsyncVersion: this.config.version,
        suppressDiff: f['suppress-diff'],
        report: this.ciReport(),
        color: f.color === true || (t.color && t.stdoutIsTTY),
        write: (s) => this.out(s),
      },
      this.deps,
    );
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
