import { BaseCommand } from '../cli/base-command.js';
import { reportFileFlag } from '../cli/ci-output.js';
import { changeFlagValues, clusterRunFlags, deleteFlags, kubectlFlag, lockFlagValues, lockFlags, renderFlags, upgradeFlags } from '../cli/cluster-flags.js';
import { releaseFlags } from '../cli/flags.js';

export default class Sync extends BaseCommand<typeof Sync> {
  static override summary = 'helm upgrade --install every selected release; uninstall installed: false ones.';
  static override description =
    'Every release is loaded and rendered first; then releases are synced in needs waves (--concurrency per wave). A failing release skips the releases that need it, independent ones still run, and the command exits 1 naming each failure. Hooks: prepare, presync, postsync, preuninstall, postuninstall, cleanup. On helm 4, releases whose live objects drifted are upgraded with --force-conflicts (see README).';
  static override examples = ['<%= config.bin %> sync -e prod', '<%= config.bin %> sync -l name=web --wait --timeout 120'];

  static override flags = { ...releaseFlags, ...kubectlFlag, ...renderFlags, ...upgradeFlags, ...deleteFlags, ...lockFlags, ...reportFileFlag };

  public async run(): Promise<void> {
    this.trapInterrupts();
    const t = this.terminal;
    const { sync } = await import('../app/sync.js');
    const r = await sync(
      { ...this.commonOptions(), ...clusterRunFlags(this.flags), ...changeFlagValues(this.flags), ...lockFlagValues(this.flags, this.lockHolder()), color: t.color && t.stdoutIsTTY, write: (s) => this.out(s), report: this.ciReport() },
      this.deps,
    );
    if (r.error) throw r.error;
    if (r.exitCode !== 0) this.exit(r.exitCode);
  }
}
