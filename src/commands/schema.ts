import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Schema extends BaseCommand<typeof Schema> {
  static override summary = 'Print the JSON Schema of the releases file (for editors and CI linters).';
  static override description =
    'Derived from the definition the loader validates with, so a file the schema accepts decodes (each part of a .gotmpl after rendering). The package ships it as dist/schema/helmfile.schema.json. In an editor with yaml-language-server, put this first line in helmfile.yaml:\n  # yaml-language-server: $schema=./node_modules/helmsync/dist/schema/helmfile.schema.json\n(or a path to the file `helmsync schema > helmfile.schema.json` writes).';
  static override examples = ['<%= config.bin %> schema > helmfile.schema.json', '<%= config.bin %> schema --output-of diff > diff.schema.json'];
  static override flags = {
    compact: Flags.boolean({ summary: 'One line instead of indented JSON.' }),
    'output-of': Flags.string({ summary: "Instead, the JSON Schema of a command's --output json document.", options: ['list', 'status', 'diff', 'plan', 'show-dag', 'promote', 'reconcile'] }),
  };

  public async run(): Promise<void> {
    const { stateJsonSchema } = await import('../state/json-schema.js');
    const { OUTPUT_SCHEMAS } = await import('../output/schemas.js');
    const of = this.flags['output-of'];
    const schema = of ? OUTPUT_SCHEMAS[of]!.schema : stateJsonSchema(this.config.version);
    this.out(`${JSON.stringify(schema, null, this.flags.compact ? undefined : 2)}\n`);
  }
}
