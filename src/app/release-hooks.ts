/**
 * `prepare` and `cleanup` hooks for the commands that do not touch the cluster
 * (template, lint, write-values): Helmfile triggers `prepare` for each release
 * before its chart is prepared and `cleanup` after the release is processed
 * (state.go PrepareCharts / TemplateReleases). Runs through src/sync's hook
 * runner, so hooks behave the same as in sync/apply.
 */
import { loadGoTemplateRenderer } from '../state/gotemplate-renderer.js';
import { environmentData } from '../state/template-data.js';
import type { HookSpec, LoadedState, Release } from '../state/types.js';
import { runHooks, type HookEvent, type HookTemplate } from '../sync/hooks.js';
import type { Deps } from './deps.js';

export type TriggerHooks = (release: Release, event: HookEvent) => Promise<void>;

function hooksOf(state: LoadedState, r: Release): HookSpec[] {
  // State-level hooks apply to every release, before the release's own.
  return [...(state.files[r.fileIndex]?.hooks ?? []), ...(r.spec.hooks ?? [])];
}

/** A trigger for `command`'s hooks; a no-op (no engine load) when no release has hooks. */
export async function releaseHooks(state: LoadedState, command: string, deps: Deps): Promise<TriggerHooks> {
  const any = state.selected.some((r) => hooksOf(state, r).length > 0);
  if (!any) return async () => undefined;
  let render: HookTemplate | undefined;
  const engine = await loadGoTemplateRenderer(deps);
  if (engine) render = (text, data) => engine.render(text, data, { name: 'hook', basePath: deps.cwd });
  return async (r, event) => {
    const file = state.files[r.fileIndex]!;
    await runHooks(hooksOf(state, r), event, {
      runner: deps.runner,
      logger: deps.logger,
      render,
      cwd: file.dir,
      command,
      release: r.namespace ? `${r.namespace}/${r.name}` : r.name,
      data: {
        ...environmentData(state.environmentName, file.environment.kubeContext, file.environment.values, state.overrides.namespace),
        Release: { Name: r.name, Namespace: r.namespace, Labels: r.labels, Chart: r.chart, ChartVersion: r.version, KubeContext: r.kubeContext },
      },
    });
  };
}
