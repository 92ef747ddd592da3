import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class List extends BaseCommand<typeof List> {
  static override summary = 'List the releases the releases file describes.';
  static override description = 'Prints NAME NAMESPACE ENABLED INSTALLED LABELS CHART VERSION, or JSON with --output json. Does not contact the cluster.';
  static override flags = {
    output: Flags.string({ summary: 'Output format.', options: ['table', 'json'], default: 'table' }),
    'skip-charts': Flags.boolean({ summary: 'Do not prepare charts (accepted for compatibility: list never does).' }),
    'keep-temp-dir': Flags.boolean({ summary: 'Accepted for compatibility.' }),
  };

  public async run(): Promise<void> {
    const { list } = await import('../app/list.js');
    const r = await list({ load: this.loadOptions(), output: this.flags.output as 'table' | 'json' }, this.deps);
    this.out(r.text);
  }
}
