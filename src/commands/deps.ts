import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class DepsCommand extends BaseCommand<typeof DepsCommand> {
  static override summary = 'Resolve chart versions and write the lock file.';
  static override description =
    'Resolves every release whose chart comes from a declared repository (HTTP or OCI) against the repository, and writes the lock file (<file>.lock, or lockFilePath:) in Helmfile\'s format. Other commands then use the locked versions. Also updates the dependencies of local charts that declare some.';
  static override examples = ['<%= config.bin %> deps', '<%= config.bin %> deps -e prod'];
  static override flags = {
    'skip-repos': Flags.boolean({ summary: 'Do not add repositories to helm before updating local chart dependencies.' }),
    args: Flags.string({ summary: 'Accepted for compatibility.' }),
    concurrency: Flags.integer({ summary: 'Accepted for compatibility.', default: 0, min: 0 }),
  };

  public async run(): Promise<void> {
    const { updateDeps } = await import('../app/deps-cmd.js');
    await updateDeps({ ...this.commonOptions(), ociPlainHttp: this.flags['oci-plain-http'], skipRepos: this.flags['skip-repos'] }, this.deps);
  }
}
