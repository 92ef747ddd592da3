import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Build extends BaseCommand<typeof Build> {
  static override summary = 'Print the loaded releases file(s) as YAML.';
  static override description = 'One `---` document per state file, each starting with `#  Source: <path>`, after parts, bases and release templates are applied.';
  static override flags = {
    'embed-values': Flags.boolean({ summary: "Inline each release's merged values instead of file references." }),
  };

  public async run(): Promise<void> {
    const { build } = await import('../app/build.js');
    const r = await build(
      { load: this.loadOptions(), helmBinary: this.flags['helm-binary'], embedValues: this.flags['embed-values'], yamlV2: this.deps.env.HELMFILE_GO_YAML_V3 === 'false' },
      this.deps,
    );
    this.out(r.yaml);
  }
}
