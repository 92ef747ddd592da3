import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class ShowDag extends BaseCommand<typeof ShowDag> {
  static override summary = 'Print the needs graph as dependency groups.';
  static override description = 'GROUP RELEASE DEPENDENCIES: releases of group N only need releases of earlier groups. --output json: { schemaVersion: 1, releases: [{ group, release, dependencies }] }.';
  static override flags = {
    output: Flags.string({ summary: 'Output format.', options: ['table', 'json'], default: 'table' }),
  };

  public async run(): Promise<void> {
    const { showDag } = await import('../app/show-dag.js');
    const r = await showDag({ load: this.loadOptions(), output: this.flags.output as 'table' | 'json' }, this.deps);
    this.out(r.text);
  }
}
