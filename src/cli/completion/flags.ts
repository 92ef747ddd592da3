/**
 * Flags as shell completion sees them, from oclif's cached command metadata
 * (the manifest, so nothing is imported). Without a command: the global flags,
 * which every helmsync command takes.
 */
import type { Command } from '@oclif/core/command';
import { globalFlags } from '../flags.js';
import type { CompletionFlag } from './request.js';

type FlagMeta = { name?: string; char?: string; type: string; options?: readonly string[]; hidden?: boolean };

function fromMeta(name: string, f: FlagMeta): CompletionFlag {
  return { name, ...(f.char ? { char: f.char } : {}), takesValue: f.type !== 'boolean', ...(f.options?.length ? { options: f.options } : {}) };
}

/** The visible flags of `cmd` (its own and the base flags), or the global ones. */
export function completionFlagsOf(cmd: Command.Loadable | undefined): CompletionFlag[] {
  const flags = (cmd?.flags ?? (globalFlags as unknown as Record<string, FlagMeta>)) as Record<string, FlagMeta>;
  return Object.entries(flags)
    .filter(([, f]) => !f.hidden)
    .map(([name, f]) => fromMeta(name, f));
}
