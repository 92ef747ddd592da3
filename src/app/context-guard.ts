/**
 * The context guard (issue 14): an environment that names `kubeContext:` is
 * only ever written through that context. `--kube-context` that disagrees
 * with it is refused before anything runs (Helmfile would silently send the
 * environment's releases to the other cluster). The current context of the
 * kubeconfig cannot redirect such writes: helm gets the environment's context
 * explicitly, and a context the kubeconfig does not define is refused before
 * kubectl runs (src/cluster/observe.ts).
 */
import { UserError } from '../errors/index.js';
import type { LoadedState } from '../state/types.js';

/** Throws when a write would go to another context than the environment names. */
export function checkContextGuard(state: LoadedState): void {
  const flag = state.overrides.kubeContext;
  if (!flag) return;
  for (const file of state.files) {
    const named = file.environment.kubeContext;
    if (!named || named === flag) continue;
    if (!state.selected.some((r) => r.fileIndex === state.files.indexOf(file))) continue;
    throw new UserError(`environment "${file.environment.name}" writes to kube context "${named}", not to --kube-context "${flag}"`, {
      location: { file: file.path },
      environment: file.environment.name,
      hint: `drop --kube-context (the environment's kubeContext: decides), or change kubeContext: of environment "${file.environment.name}"`,
    });
  }
}
