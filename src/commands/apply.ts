import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { reportFileFlag } from '../cli/ci-output.js';
import { changeFlagValues, clusterRunFlags, deleteFlags, diffFlagValues, diffFlags, fastPathFlag, kubectlFlag, lockFlagValues, lockFlags, pruneFlag, renderFlags, upgradeFlags } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';
import { UserError } from '../errors/index.js';

export default class Apply extends BaseCommand<typeof Apply> {
  static override summary = 'Diff, then upgrade only the releases that changed (drift included) and uninstall installed: false ones.';
  static override description =
    'Like Helmfile apply: unchanged releases get no new helm revision. With --interactive the diff and the plan are shown and you are asked first (a terminal is needed; otherwise pass --yes or drop --interactive).';
  static override examples = ['<%= config.bin %> apply -e prod', '<%= config.bin %> apply -e prod --interactive'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...pruneFlag,
    ...renderFlags,
    ...diffFlags,
    ...fastPathFlag,
    ...upgradeFlags,
    ...deleteFlags,
    ...lockFlags,
    'suppress-diff': Flags.boolean({ summary: 'Do not print the diff.' }),
    plan: Flags.string({ summary: 'Apply exactly this saved plan (helmsync plan --out FILE); refused when anything changed since.' }),
    'plan-max-age': Flags.string({ summary: 'With --plan: refuse a plan older than this (e.g. 90m, 24h).', dependsOn: ['plan'] }),
    ...reportFileFlag,
  };

  public async run(): Promise<void> {
    this.trapInterrupts();
    const t = this.terminal;
    const f = this.flags;
    if (f.plan !== undefined && f.prune) throw new UserError('--prune cannot be combined with --plan', { hint: 'a saved plan holds no prunes: run apply --prune without --plan' });
    const { apply } = await import('../app/apply.js');
    const { applyPlan } = f.plan !== undefined ? await import('../app/saved-plan.js') : { applyPlan: undefined };
    const r = await (applyPlan && f.plan !== undefined ? (o: Parameters<typeof apply>[0], d: typeof this.deps) => applyPlan({ ...o, plan: f.plan!, planMaxAge: f['plan-max-age'] }, d) : apply)(
      {
        ...this.commonOptions(),
        ...clusterRunFlags(f),
        ...diffFlagValues(f),
        ...changeFlagValues(f),
        ...lockFlagValues(f, this.lockHolder()),
        suppressDiff: f['suppress-diff'],
        color: f.color === true || (t.color && t.stdoutIsTTY),
        write: (s) => this.out(s),
        report: this.ciReport(),
      },
      this.deps,
    );
    if (r.error) throw r.error;
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
