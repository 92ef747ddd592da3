/**
 * `fetch`: put each release's chart, unpacked, under an output directory
 * (Helmfile's default layout `<out>[/<ns>][/<kubeContext>]/<release>/<chart>/<version|latest>`,
 * inventory §2), for air-gapped use and inspection.
 */
import { join } from 'node:path';
import type { Deps } from '../ports/index.js';
import { UserError } from '../errors/index.js';
import type { Release } from '../state/types.js';
import type { ResolvedChart } from './resolver.js';
import { copyTree, untarGz } from './untar.js';

/** Helmfile's default fetch directory for a release. */
export function defaultFetchDir(outputDir: string, release: Release, chartName: string): string {
  const parts = [outputDir];
  if (release.namespace) parts.push(release.namespace);
  if (release.kubeContext) parts.push(release.kubeContext);
  parts.push(release.name, chartName, release.version.trim() || 'latest');
  return join(...parts);
}

/**
 * Copies or unpacks a resolved chart so that `dest` is the chart directory
 * (holding Chart.yaml). Existing content is replaced.
 */
export function materializeChart(fs: Deps['fs'], chart: ResolvedChart, dest: string): void {
  if (!chart.onDisk) {
    throw new UserError(`cannot fetch ${chart.display}: helmsync does not know where this chart comes from`, {
      hint: 'declare its repository under repositories:, or use an oci:// URL or a local path',
    });
  }
  fs.remove(dest);
  if (chart.ref.endsWith('.tgz')) {
    const tmp = fs.mkdtemp('helmsync-untar-');
    try {
      const tops = untarGz(fs, fs.readBytes(chart.ref), tmp);
      const top = tops.find((t) => fs.exists(join(tmp, t, 'Chart.yaml'))) ?? tops[0];
      if (!top) throw new UserError(`chart archive ${chart.ref} is empty`);
      copyTree(fs, join(tmp, top), dest);
    } finally {
      fs.remove(tmp);
    }
    return;
  }
  copyTree(fs, chart.ref, dest);
}
