import { BaseCommand } from '../cli/base-command.js';
import { clusterRunFlags, kubectlFlag } from '../cli/cluster-flags.js';

export default class Resume extends BaseCommand<typeof Resume> {
  static override summary =
    'Lift the suspension of the selected releases (helmsync suspend): apply, sync and reconcile act on them again.';
  static override description =
    'Removes the helm release label helmsync.dev/suspended from every stored revision of the release, with kubectl: no new helm revision.';
  static override examples = ['<%= config.bin %> resume -l name=web -e prod'];

  static override flags = { ...kubectlFlag };

  public async run(): Promise<void> {
    const { setSuspended } = await import('../app/suspend.js');
    await setSuspended({ ...this.commonOptions(), ...clusterRunFlags(this.flags), write: (s) => this.out(s) }, this.deps, false);
  }
}
