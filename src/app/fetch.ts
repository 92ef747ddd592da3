/**
 * `helmsync fetch`: download (or copy) every selected release's chart and
 * unpack it under --output-dir (Helmfile `Fetch`), each chart version fetched
 * once. With --write-output, print the releases file rewritten to point at the
 * fetched charts (for air-gapped use).
 */
import { isAbsolute, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { createChartResolver, type ResolvedChart } from '../charts/index.js';
import { defaultFetchDir, materializeChart } from '../charts/fetch-charts.js';
import { loadState } from '../state/load.js';
import type { Release } from '../state/types.js';
import { helmOfResolver } from './chart-resolver.js';
import type { Deps } from '../ports/index.js';
import { createHelmClient } from './helm-client.js';
import type { CommonOptions } from './options.js';
import { renderPathTemplate } from './path-template.js';

export interface FetchOptions extends CommonOptions {
  /** `--output-dir`; without it charts only land in the cache. */
  outputDir?: string;
  /** `--output-dir-template` (fields: .OutputDir, .ChartName, .Release.{Name,Namespace,KubeContext,Version}, .Environment.Name). */
  outputDirTemplate?: string;
  /** `--write-output`: print the rewritten releases file(s) on stdout. */
  writeOutput?: boolean;
  ociPlainHttp?: boolean;
  /** Where --write-output text goes (stdout). */
  write?: (text: string) => void;
}

export interface FetchedChart {
  release: string;
  chart: string;
  version: string;
  /** Directory holding the chart (under --output-dir), or its cache location. */
  path: string;
}

export interface FetchResult {
  charts: FetchedChart[];
}

export async function fetchCharts(options: FetchOptions, deps: Deps): Promise<FetchResult> {
  const state = await loadState(options.load, deps);
  const helm = await createHelmClient(options, state, deps);
  const resolver = createChartResolver(state, deps, {
    ...helmOfResolver(helm),
    ociPlainHttp: options.ociPlainHttp,
    skipDeps: options.skipDeps,
    skipRefresh: options.skipRefresh,
  });
  try {
    const outDir = options.outputDir ? (isAbsolute(options.outputDir) ? options.outputDir : resolve(deps.cwd, options.outputDir)) : undefined;
    // Helmfile prints this on stderr so --write-output's stdout stays YAML.
    if (outDir) deps.logger.info(`Charts will be downloaded to: ${outDir}`);
    const charts: FetchedChart[] = [];
    const resolved = await Promise.all(state.selected.map(async (r) => [r, await resolver.resolve(r)] as const));
    for (const [release, chart] of resolved) {
      let path = chart.ref;
      if (outDir) {
        path = options.outputDirTemplate ? templateDir(options.outputDirTemplate, outDir, release, chart, state.environmentName) : defaultFetchDir(outDir, release, chart.chartName);
        materializeChart(deps.fs, chart, path);
      }
      charts.push({ release: release.id, chart: release.chart, version: chart.version, path });
    }
    if (options.writeOutput && options.write) {
      for (const file of state.files) {
        const releases = file.selected.map((r) => {
          const fetched = charts.find((c) => c.release === r.id);
          const spec: Record<string, unknown> = { ...(r.spec as Record<string, unknown>), name: r.name, chart: fetched?.path ?? r.chart };
          if (r.namespace) spec.namespace = r.namespace;
          // The fetched directory holds exactly one version.
          delete spec.version;
          return spec;
        });
        if (releases.length === 0) continue;
        options.write(`---\n#  Source: ${file.path}\n\n${stringify({ releases })}`);
      }
    }
    return { charts };
  } finally {
    resolver.dispose();
  }
}

function templateDir(tpl: string, outDir: string, release: Release, chart: ResolvedChart, env: string): string {
  const dir = renderPathTemplate(
    tpl,
    {
      OutputDir: outDir,
      ChartName: chart.chartName,
      Release: { Name: release.name, Namespace: release.namespace, KubeContext: release.kubeContext, Version: release.version || chart.version, Chart: release.chart },
      Environment: { Name: env },
    },
    'fetch --output-dir-template',
  );
  return isAbsolute(dir) ? dir : join(outDir, dir);
}
