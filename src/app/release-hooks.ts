/**
 * Helmfile's release hooks, wired once for every command: which hooks a
 * release has, the template engine for `{{ … }}` in their commands, and the
 * context (`.Release`, `.Environment`, `.Values`, cwd) they run with.
 *
 * `releaseHooks` serves the commands that do not touch the cluster (template,
 * lint, write-values): Helmfile triggers `prepare` for each release before its
 * chart is prepared and `cleanup` after the release is processed (state.go
 * PrepareCharts / TemplateReleases). sync/apply/diff/destroy build their
 * contexts through `hookContext` too (src/app/execute-run.ts), so hooks behave
 * the same everywhere; both run through src/sync's hook runner.
 */
import { loadGoTemplateRenderer } from '../state/gotemplate-renderer.js';
import { environmentData } from '../state/template-data.js';
import type { HookSpec, LoadedState, LoadedStateFile, Release } from '../state/types.js';
import { runHooks, type HookContext, type HookEvent, type HookTemplate } from '../sync/hooks.js';
import type { Deps } from '../ports/index.js';

export type TriggerHooks = (release: Release, event: HookEvent) => Promise<void>;

/** State-level hooks (`hooks:` at the top of a file) apply to every release, before the release's own. */
export function releaseHookSpecs(file: Pick<LoadedStateFile, 'hooks'>, r: Release): HookSpec[] {
  return [...(file.hooks ?? []), ...(r.spec.hooks ?? [])];
}

/**
 * The renderer for `{{ … }}` in hook commands and args; undefined (no engine
 * load) when no hook uses a template, since the hook runner uses strings
 * without `{{` as written.
 */
export async function hookRenderer(hooks: readonly HookSpec[], deps: Deps): Promise<HookTemplate | undefined> {
  if (!hooks.some((h) => [h.command ?? '', ...(h.args ?? [])].some((s) => s.includes('{{')))) return undefined;
  const engine = await loadGoTemplateRenderer(deps);
  return engine ? (text, data) => engine.render(text, data, { name: 'hook', basePath: deps.cwd }) : undefined;
}

/** What one release's hooks run with: cwd is the releases file's directory, as Helmfile chdirs there. */
export function hookContext(
  state: LoadedState,
  file: LoadedStateFile,
  r: Release,
  how: { command: string; deps: Deps; render?: HookTemplate; release: string; mask?: (text: string) => string },
): HookContext {
  return {
    runner: how.deps.runner,
    logger: how.deps.logger,
    render: how.render,
    cwd: file.dir,
    command: how.command,
    release: how.release,
    ...(how.mask ? { mask: how.mask } : {}),
    data: {
      ...environmentData(state.environmentName, file.environment.kubeContext, file.environment.values, state.overrides.namespace),
      Release: { Name: r.name, Namespace: r.namespace, Labels: r.labels, Chart: r.chart, ChartVersion: r.version, KubeContext: r.kubeContext },
    },
  };
}

/** A trigger for `command`'s hooks; a no-op when no release has hooks. */
export async function releaseHooks(state: LoadedState, command: string, deps: Deps): Promise<TriggerHooks> {
  const specs = (r: Release): HookSpec[] => releaseHookSpecs(state.files[r.fileIndex]!, r);
  const all = state.selected.flatMap(specs);
  if (all.length === 0) return async () => undefined;
  const render = await hookRenderer(all, deps);
  return async (r, event) => {
    const ctx = hookContext(state, state.files[r.fileIndex]!, r, { command, deps, render, release: r.namespace ? `${r.namespace}/${r.name}` : r.name });
    await runHooks(specs(r), event, ctx);
  };
}
