import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';
import { releaseFlags } from '../../cli/flags.js';

export default class ReconcilerManifests extends BaseCommand<typeof ReconcilerManifests> {
  static override summary = 'Print the manifests that run helmsync reconcile as a Deployment in each cluster the releases file targets.';
  static override description =
    'Per environment (or the one -e names): a ServiceAccount with least-privilege RBAC — exactly the kinds its releases render (helm template), in the namespaces they go to, helm\'s release Secrets there, reading namespaces, and get/create/update on the Lease in --lock-namespace — a kubeconfig whose contexts are the names the releases file uses, the source (a git checkout the reconciler refreshes with --pull, or a mounted ConfigMap), one replica with /healthz and /readyz probes, the metrics port 9090, a Service for it and a PodDisruptionBudget. Environments that write to different kube contexts get their own reconciler in their own cluster: apply each "# cluster:" part with its context, or use --output-dir for one file per cluster.';
  static override examples = [
    '<%= config.bin %> reconciler manifests -e prod --image registry.example.com/helmsync:0.1.0 --git https://git.example.com/deploy.git --ref main | kubectl --context prod apply --server-side -f -',
    '<%= config.bin %> reconciler manifests --image helmsync:0.1.0 --configmap deploy-files --output-dir reconcilers',
  ];
  static override flags = {
    ...releaseFlags,
    image: Flags.string({ summary: 'Container image with helmsync, helm, kubectl and git (see the README recipe).', required: true }),
    git: Flags.string({ summary: 'Repository to check out (the reconciler runs with --pull).', exclusive: ['configmap'], dependsOn: ['ref'] }),
    ref: Flags.string({ summary: 'Branch or tag of --git.', dependsOn: ['git'] }),
    configmap: Flags.string({ summary: 'ConfigMap in the reconciler namespace holding the releases file and its values files.', exclusive: ['git'] }),
    path: Flags.string({ summary: 'The releases file inside the checkout or ConfigMap (default: the -f path, or the discovered file).' }),
    'reconciler-namespace': Flags.string({ summary: 'Namespace the reconcilers run in.', default: 'helmsync-system' }),
    'lock-namespace': Flags.string({ summary: "Namespace of the reconcilers' one-writer Lease.", default: 'default' }),
    interval: Flags.string({ summary: 'reconcile --interval.', default: '5m' }),
    'output-dir': Flags.string({ summary: 'Write one <kubeContext>.yaml per cluster here instead of printing.' }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const { reconcilerManifests } = await import('../../app/reconciler-manifests.js');
    const { UserError } = await import('../../errors/index.js');
    if (!f.git && !f.configmap) throw new UserError('say where the reconciler reads the releases file from', { hint: '--git URL --ref BRANCH, or --configmap NAME' });
    const r = await reconcilerManifests(
      {
        ...this.commonOptions(),
        set: f.set,
        values: f.values,
        args: f.args,
        concurrency: f.concurrency,
        image: f.image,
        source: f.git ? { git: { url: f.git, ref: f.ref ?? '' } } : { configMap: f.configmap! },
        path: f.path,
        reconcilerNamespace: f['reconciler-namespace'],
        lockNamespace: f['lock-namespace'],
        interval: f.interval,
        outputDir: f['output-dir'],
      },
      this.deps,
    );
    if (f['output-dir']) for (const c of r.clusters) this.deps.logger.info(`wrote ${c.file} (${c.kubeContext ? `kube context ${c.kubeContext}` : 'current kube context'}: ${c.environments.join(', ')})`);
    else this.out(r.text);
  }
}
