import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Repos extends BaseCommand<typeof Repos> {
  static override summary = 'Add the declared repositories to helm.';
  static override description =
    'Runs helm repo add for every HTTP repository and helm registry login for every OCI repository with credentials (username/password, or <NAME>_USERNAME/<NAME>_PASSWORD in the environment).';
  static override examples = ['<%= config.bin %> repos'];
  static override flags = {
    args: Flags.string({ summary: 'Accepted for compatibility.' }),
  };

  public async run(): Promise<void> {
    const { syncRepos } = await import('../app/repos.js');
    await syncRepos({ ...this.commonOptions(), ociPlainHttp: this.flags['oci-plain-http'] }, this.deps);
  }
}
