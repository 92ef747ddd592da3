import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { diffFlags, kubectlFlag, renderFlags } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

export default class Diff extends BaseCommand<typeof Diff> {
  static override summary = 'Show what sync would change: desired vs deployed, plus drift of live objects.';
  static override description =
    'Renders every selected release with helm (same values and flags as sync) and compares it with the manifest helm stored for the last revision, and with the live objects (drift, marked separately). Secrets are masked in every format unless --show-secrets. Nothing is written to the cluster.';
  static override examples = ['<%= config.bin %> diff -e prod --detailed-exitcode', '<%= config.bin %> diff --output markdown --context 3'];

  static override flags = {
    ...releaseFlags,
    ...kubectlFlag,
    ...renderFlags,
    ...diffFlags,
    'detailed-exitcode': Flags.boolean({ summary: 'Exit 2 when anything differs.' }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const t = this.terminal;
    const { diff } = await import('../app/diff.js');
    const r = await diff(
      {
        ...this.commonOptions(),
        write: (s) => this.out(s),
        args: f.args,
        set: f.set,
        values: f.values,
        concurrency: f.concurrency,
        kubectlBinary: f['kubectl-binary'],
        templateArgs: f['template-args'],
        postRenderer: f['post-renderer'],
        postRendererArgs: f['post-renderer-args'],
        skipSchemaValidation: f['skip-schema-validation'],
        skipCleanup: f['skip-cleanup'],
        context: f.context,
        output: f.output as 'text' | 'json' | 'markdown' | undefined,
        color: f.color === true || (t.color && t.stdoutIsTTY),
        showSecrets: f['show-secrets'],
        suppressSecrets: f['suppress-secrets'],
        suppress: f.suppress,
        suppressOutputLineRegex: f['suppress-output-line-regex'],
        includeTests: f['include-tests'],
        noHooks: f['no-hooks'],
        detailedExitcode: f['detailed-exitcode'],
      },
      this.deps,
    );
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
