import { BaseCommand } from '../cli/base-command.js';
import { clusterRunFlags, kubectlFlag } from '../cli/cluster-flags.js';

export default class Suspend extends BaseCommand<typeof Suspend> {
  static override summary =
    'Mark the selected releases suspended in the cluster: apply, sync and reconcile leave them alone until helmsync resume.';
  static override description =
    'The mark is the helm release label helmsync.dev/suspended=true, set with kubectl on every stored revision of the release: no new helm revision, no commit. Select releases as every command does (-l, -f, -e). --ignore-suspend on apply/sync/reconcile acts on them anyway.';
  static override examples = ['<%= config.bin %> suspend -l name=web -e prod'];

  static override flags = { ...kubectlFlag };

  public async run(): Promise<void> {
    const { setSuspended } = await import('../app/suspend.js');
    await setSuspended({ ...this.commonOptions(), ...clusterRunFlags(this.flags), write: (s) => this.out(s) }, this.deps, true);
  }
}
