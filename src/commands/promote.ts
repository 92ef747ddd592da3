import { Args } from '@oclif/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { clusterRunFlags, diffFlags, diffFlagValues, kubectlFlag, renderFlags, upgradeFlags, changeFlagValues } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

// --detailed-exitcode means nothing here (promote does not diff for an exit code).
const { 'detailed-exitcode': _detailed, ...applyFlags } = upgradeFlags;

export default class Promote extends BaseCommand<typeof Promote> {
  static override summary = 'Promote values from one environment to the next: propose, guard, preview, then edit the values files.';
  static override description = [
    'Copies the environment values named by the `promotion:` key, as --from resolves them, into the values files of --to, with a minimal edit that keeps comments, order, quoting and line endings.',
    'It lists what differs, checks that --from is what its cluster runs (deployed, no pending diff, no drift; --force overrides), previews --to rendered with the new values against its cluster (secrets masked), and on a terminal lets you choose releases and keys and confirm. Without a terminal pass --yes (or --dry-run).',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> promote --from staging --to prod',
    '<%= config.bin %> promote --from dev --to staging web --yes --commit',
    '<%= config.bin %> promote --from staging --to prod --dry-run --output markdown',
    '<%= config.bin %> promote --from staging --to prod -l tier=web --yes --apply',
  ];
  static override strict = false;
  static override args = {
    release: Args.string({ description: 'Only these releases (name or namespace/name; repeatable).', required: false }),
  };

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...renderFlags,
    ...diffFlags,
    ...applyFlags,
    from: Flags.string({ summary: 'Source environment: its resolved values are promoted.', required: true }),
    to: Flags.string({ summary: 'Target environment: its values files are edited.', required: true }),
    output: Flags.string({ summary: 'Summary format: text, markdown (a pull-request body) or json.', options: ['text', 'json', 'markdown'] }),
    yes: Flags.boolean({ char: 'y', summary: 'Do not ask: write every proposed value.' }),
    force: Flags.boolean({ summary: 'Promote even when the guard refuses (or against the order of promotion.environments).' }),
    'dry-run': Flags.boolean({ summary: 'List, guard and preview only; write nothing.' }),
    commit: Flags.boolean({ summary: 'git commit the edited files (one commit listing each promoted value).' }),
    branch: Flags.string({ summary: 'Commit on this new branch (implies --commit).' }),
    apply: Flags.boolean({ summary: 'Afterwards, run apply for the target environment (the releases taking part).' }),
    'git-binary': Flags.string({ summary: 'Path to the git binary (for --commit).', env: 'HELMSYNC_GIT_BINARY' }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const t = this.terminal;
    const { argv } = await this.parse(Promote);
    const { promote } = await import('../app/promote.js');
    const r = await promote(
      {
        ...this.commonOptions(),
        ...clusterRunFlags(f),
        ...diffFlagValues(f),
        ...changeFlagValues(f),
        from: f.from,
        to: f.to,
        releases: (argv as string[]).filter((a) => typeof a === 'string'),
        force: f.force,
        yes: f.yes,
        dryRun: f['dry-run'],
        commit: f.commit,
        branch: f.branch,
        apply: f.apply,
        output: f.output as 'text' | 'json' | 'markdown' | undefined,
        color: f.color === true || (t.color && t.stdoutIsTTY),
        terminal: t.stderrIsTTY && Boolean(process.stdin.isTTY) && !t.ci,
        gitBinary: f['git-binary'],
        write: (s) => this.out(s),
      },
      this.deps,
    );
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
