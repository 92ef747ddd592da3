/**
 * Drift repair after a helm 3 upgrade. helm 3 patches built-in kinds with a
 * three-way strategic merge (old manifest, new manifest, LIVE object), which
 * resets fields changed by hand; but custom resources get a two-way JSON
 * merge patch between the old and the new manifest only, so a field edited by
 * hand on a CR stays as it is when the chart did not change it. To make
 * `sync` heal the drift `diff` reported, the drifted fields are set back to
 * their desired values with one `kubectl patch --type json` per object.
 * (helm 4 needs none of this: server-side apply with --force-conflicts
 * re-applies every field helm owns; see src/app/execute-run.ts.)
 */
import { kubectlConnectionArgs, resourceTypeArg, type KubeConnection } from '../cluster/kubectl-argv.js';
import type { ReleaseDiff, ResourceKey } from '../diff/types.js';

/** One RFC 6902 operation. */
export interface JsonPatchOp {
  op: 'add' | 'replace';
  path: string;
  value: unknown;
}

export interface RepairPatch {
  key: ResourceKey;
  ops: JsonPatchOp[];
}

/**
 * The patches that set every drifted field back to its desired value. Masked
 * fields (Secret values) are left to helm: their kind is built in, so helm 3's
 * three-way merge already resets them, and their values are not known here.
 */
export function driftRepairPatches(diff: ReleaseDiff): RepairPatch[] {
  const out: RepairPatch[] = [];
  for (const r of diff.resources) {
    if (r.drift?.state !== 'changed') continue;
    const ops: JsonPatchOp[] = [];
    for (const f of r.drift.fields) {
      if (f.masked || f.op === 'remove' || f.after === undefined) continue;
      // Seen from live to desired: `add` = live lacks the field.
      ops.push({ op: f.op === 'add' ? 'add' : 'replace', path: f.path, value: f.after });
    }
    if (ops.length) out.push({ key: r.key, ops });
  }
  return out;
}

/** `kubectl patch TYPE NAME -n NS --type json -p '[…]'`. Pure. */
export function kubectlPatchArgv(connection: KubeConnection, p: RepairPatch): string[] {
  return [
    ...kubectlConnectionArgs(connection),
    'patch',
    resourceTypeArg(p.key),
    p.key.name,
    '--namespace',
    p.key.namespace,
    '--type',
    'json',
    '--patch',
    JSON.stringify(p.ops),
  ];
}
