/**
 * A release's ad-hoc `dependencies:` ([{chart, version, alias}], inventory
 * §1.5): Helmfile hands these to chartify, which copies the chart to
 * `$CHARTIFY_TEMPDIR/<release>` and declares the extra dependencies in its
 * Chart.yaml; `helm dependency build` then fetches them. helmsync does the same
 * for a local chart (kustomize patches and transformers are not supported).
 */
import { isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import type { LoadedStateFile, Release } from '../state/types.js';
import { parseChartRef } from './chart-ref.js';
import { releaseLabel } from './errors.js';
import { copyTree } from './untar.js';

/** The Chart.yaml dependency entry for one `dependencies:` item. */
export function adhocDependency(
  dep: { chart: string; version?: string; alias?: string },
  release: Release,
  file: Pick<LoadedStateFile, 'repositories'>,
  fs: Deps['fs'],
): { name: string; repository: string; version: string; alias?: string } {
  const ref = parseChartRef(dep.chart, release.baseDir, file.repositories, fs);
  const version = dep.version?.trim() || '*';
  const alias = dep.alias || undefined;
  switch (ref.kind) {
    case 'repo':
      return { name: ref.chart, repository: ref.repo.url, version, alias };
    case 'oci': {
      const parent = ref.repository.slice(0, Math.max(0, ref.repository.lastIndexOf('/')));
      return { name: ref.chartName, repository: `oci://${ref.registry}${parent ? `/${parent}` : ''}`, version: ref.tag ?? version, alias };
    }
    case 'local':
      return { name: ref.path.slice(ref.path.lastIndexOf('/') + 1), repository: `file://${ref.path}`, version, alias };
    case 'external':
      throw new UserError(`dependency ${dep.chart} of release ${releaseLabel(release)} names no declared repository`, {
        location: release.source,
        release: releaseLabel(release),
        hint: 'declare its repository under repositories:, or use an oci:// URL or a local path',
      });
  }
}

/**
 * Copies `chartDir` to the chartify temp dir (CHARTIFY_TEMPDIR, else a new temp
 * dir reported in `tempRoot` for the caller to remove) and adds the release's
 * dependencies to its Chart.yaml.
 */
export function chartWithAdhocDependencies(
  chartDir: string,
  release: Release,
  file: Pick<LoadedStateFile, 'repositories'>,
  deps: Pick<Deps, 'fs' | 'env'>,
): { dir: string; tempRoot?: string } {
  const list = release.spec.dependencies ?? [];
  const tempRoot = deps.env.CHARTIFY_TEMPDIR ? undefined : deps.fs.mkdtemp('helmsync-chartify-');
  const base = deps.env.CHARTIFY_TEMPDIR || tempRoot!;
  const root = isAbsolute(base) ? base : resolve(base);
  const dest = join(root, release.name);
  deps.fs.remove(dest);
  copyTree(deps.fs, chartDir, dest);
  const chartYaml = join(dest, 'Chart.yaml');
  const doc = parseDocument(deps.fs.readFile(chartYaml));
  const existing = (doc.get('dependencies') as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  const all = [...(Array.isArray(existing) ? existing : []), ...list.map((d) => adhocDependency(d, release, file, deps.fs))];
  doc.set('dependencies', doc.createNode(all.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)))));
  deps.fs.writeFile(chartYaml, doc.toString());
  // The copied lock describes the old dependency list; helm rebuilds it.
  deps.fs.remove(join(dest, 'Chart.lock'));
  return { dir: dest, tempRoot };
}
