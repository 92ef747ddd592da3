import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { releaseFlags } from '../cli/flags.js';

export default class WriteValues extends BaseCommand<typeof WriteValues> {
  static override summary = "Write each release's merged values to a file.";
  static override flags = {
    values: releaseFlags.values,
    'output-file-template': Flags.string({ summary: 'Go template for the output path. Default: {{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}/{{ .Release.Name}}.yaml' }),
    'skip-cleanup': Flags.boolean({ summary: 'Keep temporary values files.' }),
  };

  public async run(): Promise<void> {
    const { writeValues } = await import('../app/write-values.js');
    await writeValues(
      { load: this.loadOptions(), values: this.flags.values, outputFileTemplate: this.flags['output-file-template'], skipCleanup: this.flags['skip-cleanup'] },
      this.deps,
    );
  }
}
