import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Fetch extends BaseCommand<typeof Fetch> {
  static override summary = 'Download the charts of the selected releases.';
  static override description =
    'Each chart version is fetched once into the cache; with --output-dir it is also unpacked to <dir>[/<namespace>][/<kubeContext>]/<release>/<chart>/<version|latest>. --write-output prints the releases rewritten to use the fetched charts (air-gapped use).';
  static override examples = ['<%= config.bin %> fetch --output-dir charts', '<%= config.bin %> fetch --output-dir charts --write-output > offline.yaml'];
  static override flags = {
    'output-dir': Flags.string({ summary: 'Unpack the charts under this directory.' }),
    'output-dir-template': Flags.string({ summary: 'Path template per release: {{ .OutputDir }}, {{ .ChartName }}, {{ .Release.Name }}, {{ .Release.Namespace }}, {{ .Release.Version }}…' }),
    'write-output': Flags.boolean({ summary: 'Print the releases file rewritten to point at the fetched charts.' }),
    concurrency: Flags.integer({ summary: 'Accepted for compatibility.', default: 0, min: 0 }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const { fetchCharts } = await import('../app/fetch.js');
    await fetchCharts(
      {
        ...this.commonOptions(),
        ociPlainHttp: f['oci-plain-http'],
        outputDir: f['output-dir'],
        outputDirTemplate: f['output-dir-template'],
        writeOutput: f['write-output'],
        write: (t) => this.out(t),
      },
      this.deps,
    );
  }
}
