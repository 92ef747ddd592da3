import { BaseCommand } from '../cli/base-command.js';

export default class ShowDag extends BaseCommand<typeof ShowDag> {
  static override summary = 'Print the needs graph as dependency groups.';
  static override description = 'GROUP RELEASE DEPENDENCIES: releases of group N only need releases of earlier groups.';

  public async run(): Promise<void> {
    const { showDag } = await import('../app/show-dag.js');
    const r = await showDag({ load: this.loadOptions() }, this.deps);
    this.out(r.text);
  }
}
