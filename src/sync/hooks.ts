/**
 * Helmfile's release hooks (inventory §1.6, pkg/event/bus.go): for an event
 * (`prepare`, `preapply`, `presync`, `postsync`, `preuninstall`,
 * `postuninstall`, `cleanup`) every hook listing it runs its `command` with
 * `args`, WITHOUT a shell, through the injected Runner. Command and args are
 * Go templates with `.Release`, `.Environment`, `.Values`, `.HelmfileCommand`
 * and `.Event.{Name,Error}`, as in Helmfile.
 */
import { ExternalCommandError, UserError } from '../errors/index.js';
import type { Logger } from '../ports/index.js';
import type { Runner } from '../process/runner.js';
import type { HookSpec } from '../state/types.js';

/** The events helmsync triggers. */
export type HookEvent = 'prepare' | 'preapply' | 'presync' | 'postsync' | 'preuninstall' | 'postuninstall' | 'cleanup';

/** Renders one hook template string with the event data (the Go template engine behind a seam). */
export type HookTemplate = (text: string, data: Record<string, unknown>) => string;

export interface HookContext {
  runner: Runner;
  logger: Logger;
  /** Renders `{{ … }}` in command/args; strings without `{{` are used as written. */
  render?: HookTemplate;
  /** Directory hooks run in (the releases file's directory, as Helmfile chdirs there). */
  cwd: string;
  /** `.HelmfileCommand`: `sync`, `apply`, `diff`, `destroy`. */
  command: string;
  /** Template data without `.Event` (`.Release`, `.Environment`, `.Values`, …). */
  data: Record<string, unknown>;
  /** `ns/name` for messages. */
  release: string;
  /** Extra environment for the hook processes. */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Masks secret values in hook output before it is logged. */
  mask?: (text: string) => string;
}

/** The hooks that listen to `event`, in declaration order. */
export function hooksFor(hooks: readonly HookSpec[], event: HookEvent): HookSpec[] {
  return hooks.filter((h) => (h.events ?? []).includes(event));
}

/**
 * Runs the hooks of one event for one release. A failing hook (non-zero exit,
 * or a command that cannot start) throws an {@link ExternalCommandError}; the
 * caller decides what that means (Helmfile fails the release).
 * @returns how many hooks ran.
 */
export async function runHooks(hooks: readonly HookSpec[], event: HookEvent, ctx: HookContext, error?: unknown): Promise<number> {
  const selected = hooksFor(hooks, event);
  const mask = ctx.mask ?? ((s: string) => s);
  for (const h of selected) {
    const name = h.name ?? h.command ?? 'hook';
    if (!h.command) {
      // kubectlApply hooks need kubectl apply of a file: not run by helmsync yet.
      if (h.kubectlApply) {
        throw new UserError(`hook "${name}" uses kubectlApply, which helmsync does not run yet`, {
          release: ctx.release,
          hint: 'use command: kubectl with args: [apply, -f, FILE] instead',
        });
      }
      continue;
    }
    const data = { ...ctx.data, HelmfileCommand: ctx.command, Event: { Name: event, Error: error === undefined ? null : String((error as Error)?.message ?? error) } };
    const render = (s: string): string => (s.includes('{{') && ctx.render ? ctx.render(s, data) : s);
    const command = render(h.command);
    const args = (h.args ?? []).map(render);
    ctx.logger.info(`hook[${name}]: triggered by event "${event}" for release ${ctx.release}`);
    let r;
    try {
      r = await ctx.runner.run(command, args, { cwd: ctx.cwd, env: ctx.env, signal: ctx.signal });
    } catch (e) {
      throw new ExternalCommandError(command, args.map(mask), undefined, (e as Error).message, { release: ctx.release, cause: e });
    }
    if (h.showlogs) {
      const out = `${r.stdout}${r.stderr}`.trimEnd();
      if (out) ctx.logger.info(`hook[${name}]: ${mask(out)}`);
    }
    if (r.exitCode !== 0) {
      throw new ExternalCommandError(`hook[${name}] ${command}`, args.map(mask), r.killed ? undefined : r.exitCode, mask(r.stderr || r.stdout), { release: ctx.release });
    }
  }
  return selected.filter((h) => h.command).length;
}
