import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { releaseFlags } from '../cli/flags.js';

export default class Template extends BaseCommand<typeof Template> {
  static override summary = 'Render every selected release with helm template.';
  static override description =
    'Manifests go to stdout, logs to stderr, so `helmsync template | kubectl apply -f -` works. Releases are rendered in needs (DAG) order, then file order.';
  static override examples = ['<%= config.bin %> template -e prod', '<%= config.bin %> template -l name=web --output-dir out'];

  static override flags = {
    ...releaseFlags,
    'output-dir': Flags.string({ summary: 'Write manifests under this directory (helm template --output-dir).' }),
    'output-dir-template': Flags.string({ summary: 'Go template for each release output dir. Default: {{ .OutputDir }}/{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}-{{ .Release.Name}}' }),
    'include-crds': Flags.boolean({ summary: 'Include CRDs in the output.', allowNo: true }),
    'skip-tests': Flags.boolean({ summary: 'Leave test hooks out of the output.' }),
    'no-hooks': Flags.boolean({ summary: 'Leave hooks out of the output.' }),
    validate: Flags.boolean({ summary: 'Validate manifests against the cluster (needs one).' }),
    'show-only': Flags.string({ summary: 'Only this template (helm template --show-only; repeatable).', multiple: true }),
    'kube-version': Flags.string({ summary: 'Kubernetes version for capabilities; overrides kubeVersion in the releases file.' }),
    'post-renderer': Flags.string({ summary: 'Post-renderer passed to helm template.' }),
    'post-renderer-args': Flags.string({ summary: 'Argument for the post-renderer (repeatable).', multiple: true }),
    'skip-schema-validation': Flags.boolean({ summary: 'Skip values.schema.json validation.' }),
    'template-args': Flags.string({ summary: 'Extra helm template arguments; replaces helmDefaults.templateArgs.' }),
    'skip-cleanup': Flags.boolean({ summary: 'Keep temporary values files (debugging).' }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const { template } = await import('../app/template.js');
    await template(
      {
        ...this.commonOptions(),
        write: (t) => this.out(t),
        args: f.args,
        set: f.set,
        values: f.values,
        concurrency: f.concurrency,
        outputDir: f['output-dir'],
        outputDirTemplate: f['output-dir-template'],
        includeCrds: f['include-crds'],
        skipTests: f['skip-tests'],
        noHooks: f['no-hooks'],
        validate: f.validate,
        showOnly: f['show-only'],
        kubeVersion: f['kube-version'],
        postRenderer: f['post-renderer'],
        postRendererArgs: f['post-renderer-args'],
        skipSchemaValidation: f['skip-schema-validation'],
        templateArgs: f['template-args'],
        skipCleanup: f['skip-cleanup'],
      },
      this.deps,
    );
  }
}
