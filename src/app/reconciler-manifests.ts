/**
 * `helmsync reconciler manifests`: what runs `helmsync reconcile` inside each
 * cluster the releases file targets (issue 15). Every environment (or the one
 * -e names) is rendered with helm template, so the RBAC grants exactly the kinds
 * its releases create, in the namespaces they go to; environments are grouped by
 * the cluster (kubeContext) they write to, one reconciler per environment there.
 */
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import { loadState } from '../state/load.js';
import type { Deps } from '../ports/index.js';
import { reconcilerObjects, toYamlStream, type ReconcilerSource } from '../reconciler/manifests.js';
import { targetResources, type RenderedRelease } from '../reconciler/resources.js';
import { template, type TemplateOptions } from './template.js';

export interface ReconcilerManifestsOptions extends Omit<TemplateOptions, 'write' | 'outputDir' | 'outputDirTemplate'> {
  image: string;
  source: ReconcilerSource;
  /** The releases file inside the checkout or ConfigMap; default the -f path (or the discovered file) as given. */
  path?: string;
  /** Namespace the reconcilers run in. */
  reconcilerNamespace: string;
  /** `--lock-namespace` of the reconcilers. */
  lockNamespace: string;
  /** `reconcile --interval`. */
  interval: string;
  /** Write one `<kubeContext>.yaml` per cluster here instead of returning one stream. */
  outputDir?: string;
}

export interface ReconcilerCluster {
  /** The context the environment's releases use ('' for the kubeconfig's current one). */
  kubeContext: string;
  environments: string[];
  yaml: string;
  /** With outputDir: the file written. */
  file?: string;
}

export interface ReconcilerManifestsResult {
  clusters: ReconcilerCluster[];
  /** All clusters' manifests, each after a `# cluster:` comment. */
  text: string;
}

async function environmentsOf(options: ReconcilerManifestsOptions, deps: Deps): Promise<string[]> {
  if (options.load.environment) return [options.load.environment];
  const state = await loadState({ ...options.load, allowNoMatchingRelease: true }, deps);
  const names = new Set<string>();
  for (const f of state.files) for (const n of Object.keys(f.spec.environments ?? {})) names.add(n);
  return names.size ? [...names].sort() : ['default'];
}

export async function reconcilerManifests(options: ReconcilerManifestsOptions, deps: Deps): Promise<ReconcilerManifestsResult> {
  if ('git' in options.source && (!options.source.git.url || !options.source.git.ref)) {
    throw new UserError('--git needs --ref', { hint: 'e.g. --git https://example.com/deploy.git --ref main' });
  }
  const byCluster = new Map<string, { environments: string[]; objects: Record<string, unknown>[] }>();
  for (const environment of await environmentsOf(options, deps)) {
    const load = { ...options.load, environment };
    const state = await loadState(load, deps);
    const selected = state.files.flatMap((f) => f.selected).filter((r) => r.installed);
    const contexts = [...new Set(selected.map((r) => r.kubeContext))].sort();
    if (contexts.length > 1) {
      throw new UserError(`environment "${environment}" writes to ${contexts.length} clusters (kube contexts ${contexts.map((c) => `"${c}"`).join(', ')}); a reconciler runs one environment on one cluster`, {
        environment,
        location: { file: state.files[0]?.path ?? '' },
        hint: 'give each cluster its own environment (kubeContext: per environment), or select the releases of one cluster with -l',
      });
    }
    const kubeContext = contexts[0] ?? state.files[0]?.environment.kubeContext ?? '';
    const chunks: string[] = [];
    const rendered = await template({ ...options, load, includeCrds: true, write: (t) => chunks.push(t) }, deps);
    const releases: RenderedRelease[] = rendered.releases.map((r, i) => ({ namespace: r.namespace || 'default', manifests: chunks[i] ?? '' }));
    const root = state.files[0];
    const path = options.path ?? (root && root.path !== '-' && !root.path.startsWith('/') ? root.path : undefined);
    if (!path) throw new UserError('say where the releases file is inside the source', { hint: '--path helmfile.yaml (relative to the repository root or the ConfigMap)' });
    const objects = reconcilerObjects({
      environment,
      kubeContexts: [kubeContext],
      image: options.image,
      namespace: options.reconcilerNamespace,
      lockNamespace: options.lockNamespace,
      source: options.source,
      path,
      interval: options.interval,
      targets: targetResources(releases),
    });
    const entry = byCluster.get(kubeContext) ?? { environments: [], objects: [] };
    entry.environments.push(environment);
    // Namespaces shared by two environments on one cluster are listed once.
    const seen = new Set(entry.objects.filter((o) => o.kind === 'Namespace').map((o) => (o.metadata as { name: string }).name));
    entry.objects.push(...objects.filter((o) => o.kind !== 'Namespace' || !seen.has((o.metadata as { name: string }).name)));
    byCluster.set(kubeContext, entry);
  }
  const clusters: ReconcilerCluster[] = [];
  for (const [kubeContext, e] of [...byCluster.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const cluster: ReconcilerCluster = { kubeContext, environments: e.environments, yaml: toYamlStream(e.objects) };
    if (options.outputDir) {
      deps.fs.mkdir(options.outputDir);
      cluster.file = join(options.outputDir, `${kubeContext || 'current-context'}.yaml`);
      deps.fs.writeFile(cluster.file, cluster.yaml);
    }
    clusters.push(cluster);
  }
  const text = clusters
    .map((c) => `# cluster: ${c.kubeContext ? `kube context "${c.kubeContext}"` : 'the current kube context'}; environment${c.environments.length > 1 ? 's' : ''} ${c.environments.join(', ')}\n${c.yaml}`)
    .join('');
  return { clusters, text };
}
