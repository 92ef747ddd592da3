/**
 * Flags of the commands that talk to the cluster (diff, sync, apply, destroy,
 * status), declared once (Helmfile cmd/diff.go, cmd/sync.go, cmd/apply.go,
 * bind_diff_flags.go) and mapped to the app options here.
 */
import * as Flags from '@oclif/core/flags';
import { UserError } from '../errors/index.js';
import type { HolderInfo } from '../lock/identity.js';
import { DEFAULT_LOCK_NAMESPACE, DEFAULT_LOCK_TTL_SECONDS, type LockOptions } from '../lock/options.js';
import { parseDuration } from '../reconcile/duration.js';

export const kubectlFlag = {
  'kubectl-binary': Flags.string({ summary: 'Path to the kubectl binary (reads release records and live objects).', env: 'HELMSYNC_KUBECTL_BINARY' }),
};

/** Rendering flags: the same for diff, sync and apply so they render the same manifests. */
export const renderFlags = {
  'template-args': Flags.string({ summary: 'Extra helm template arguments used to render desired manifests; replaces helmDefaults.templateArgs.' }),
  'post-renderer': Flags.string({ summary: 'Post-renderer for helm template/upgrade.' }),
  'post-renderer-args': Flags.string({ summary: 'Argument for the post-renderer (repeatable).', multiple: true }),
  'skip-schema-validation': Flags.boolean({ summary: 'Skip values.schema.json validation.' }),
  'skip-cleanup': Flags.boolean({ summary: 'Keep temporary values files (debugging).' }),
};

/** diff/apply: skip rendering releases whose inputs match their deployed revision's, unless told not to. */
export const fastPathFlag = {
  'no-fast-path': Flags.boolean({ summary: 'Render every release, even those whose chart, values and flags match the deployed revision (inputs digest).' }),
};

export const diffFlags = {
  context: Flags.integer({ summary: 'Lines of context around changes (default: whole objects).', min: 0 }),
  output: Flags.string({ summary: 'Diff format.', options: ['text', 'json', 'markdown'] }),
  'show-secrets': Flags.boolean({ summary: 'Print Secret values in the diff (masked by default).' }),
  'suppress-secrets': Flags.boolean({ summary: 'Leave Secrets out of the diff and of the exit code.' }),
  suppress: Flags.string({ summary: 'Leave this kind out of the diff and of the exit code (repeatable).', multiple: true }),
  'suppress-output-line-regex': Flags.string({ summary: 'Drop diff lines matching this regex (repeatable).', multiple: true }),
  'include-tests': Flags.boolean({ summary: 'Also diff helm test hooks.' }),
  'no-hooks': Flags.boolean({ summary: 'Leave helm hooks out of the diff.' }),
};

/** The owner mark written on every install/upgrade, and the one --prune removes (README "Ownership, prune and suspend"). */
export const ownerFlag = {
  owner: Flags.string({ summary: 'Owner mark (helm release label helmsync.dev/owner) written on every install/upgrade; default: derived from the releases file path (relative to its git root) and the environment.' }),
};

/** apply/reconcile/diff: uninstall (or, for diff, show) owned releases the file no longer declares. */
export const pruneFlag = {
  prune: Flags.boolean({ summary: 'Uninstall releases this file owns (helmsync.dev/owner) that it no longer declares, after everything else succeeded; protected and suspended ones are kept. Not with -l.' }),
};

export const upgradeFlags = {
  ...ownerFlag,
  'ignore-suspend': Flags.boolean({ summary: 'Act on releases marked suspended (helmsync suspend) too.' }),
  wait: Flags.boolean({ summary: 'helm --wait: until resources are ready.' }),
  'wait-for-jobs': Flags.boolean({ summary: 'helm --wait-for-jobs.' }),
  timeout: Flags.integer({ summary: 'helm --timeout in seconds.', min: 1 }),
  'reuse-values': Flags.boolean({ summary: 'helm --reuse-values instead of --reset-values.' }),
  'reset-values': Flags.boolean({ summary: 'helm --reset-values (the default).' }),
  'skip-crds': Flags.boolean({ summary: 'helm --skip-crds.' }),
  'hide-notes': Flags.boolean({ summary: 'helm --hide-notes.' }),
  'take-ownership': Flags.boolean({ summary: 'helm --take-ownership.' }),
  description: Flags.string({ summary: 'helm --description for the new revision.' }),
  'sync-args': Flags.string({ summary: 'Extra helm upgrade arguments; replaces helmDefaults.syncArgs.' }),
  'detailed-exitcode': Flags.boolean({ summary: 'Exit 2 when a release was changed.' }),
  yes: Flags.boolean({ char: 'y', summary: 'Do not ask, even with --interactive.' }),
  'skip-hooks': Flags.boolean({ summary: 'Do not run the releases file hooks.' }),
  recover: Flags.boolean({
    summary: 'Recover releases an interrupted run left pending-* (roll back, or uninstall a never-deployed install); --no-recover fails instead.',
    allowNo: true,
    default: true,
  }),
};

/** The one-writer lock (src/lock) of the commands that write: apply, sync, destroy, reconcile. */
export const lockFlags = {
  'lock-namespace': Flags.string({ summary: "Namespace of the one-writer lock's Lease (one per cluster and releases file + environment).", default: DEFAULT_LOCK_NAMESPACE }),
  'lock-timeout': Flags.string({ summary: 'How long to wait while another writer holds the lock, Go-style (30s, 5m); 0 fails at once.', default: '5m' }),
  'lock-ttl': Flags.string({ summary: "The lock's leaseDurationSeconds: renewed every third of it while held; a crashed holder frees it after this long.", default: `${DEFAULT_LOCK_TTL_SECONDS}s` }),
  lock: Flags.boolean({ summary: 'Take the one-writer lock while writing; --no-lock writes without it (no Leases allowed by RBAC).', allowNo: true, default: true }),
};

/** Lock flags → LockOptions (the holder is who runs the command). */
export function lockFlagValues(f: Parsed, holder: HolderInfo): { lock: LockOptions } {
  const timeoutMs = parseDuration(String(f['lock-timeout'] ?? '5m'), '--lock-timeout');
  const ttlMs = parseDuration(String(f['lock-ttl'] ?? `${DEFAULT_LOCK_TTL_SECONDS}s`), '--lock-ttl');
  if (ttlMs < 3000) throw new UserError(`--lock-ttl: "${String(f['lock-ttl'])}" is shorter than 3s`, { hint: 'the lock is renewed every third of it; e.g. --lock-ttl 30s' });
  const namespace = String(f['lock-namespace'] ?? DEFAULT_LOCK_NAMESPACE);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw new UserError(`--lock-namespace: "${namespace}" is not a namespace name`, { hint: 'lower-case letters, digits and "-", at most 63 characters' });
  }
  return { lock: { disabled: f.lock === false, namespace, timeoutMs, ttlSeconds: Math.ceil(ttlMs / 1000), holder } };
}

export const deleteFlags = {
  cascade: Flags.string({ summary: 'helm uninstall --cascade (background, orphan, foreground).', options: ['background', 'orphan', 'foreground'] }),
  'delete-wait': Flags.boolean({ summary: 'helm uninstall --wait.' }),
  'delete-timeout': Flags.integer({ summary: 'helm uninstall --timeout in seconds (with --delete-wait).', min: 1 }),
};

/** The parsed values of the flags above (whichever a command declares). */
type Parsed = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Release, render and kubectl flags → ClusterRunOptions fields. */
export function clusterRunFlags(f: Parsed) {
  return {
    args: str(f.args),
    set: strs(f.set),
    values: strs(f.values),
    concurrency: int(f.concurrency),
    kubectlBinary: str(f['kubectl-binary']),
    templateArgs: str(f['template-args']),
    postRenderer: str(f['post-renderer']),
    postRendererArgs: strs(f['post-renderer-args']),
    skipSchemaValidation: bool(f['skip-schema-validation']),
    skipCleanup: bool(f['skip-cleanup']),
    noFastPath: bool(f['no-fast-path']),
    owner: str(f.owner),
    prune: bool(f.prune),
  };
}

/** Diff flags → DiffFlags + output options. */
export function diffFlagValues(f: Parsed) {
  return {
    context: int(f.context),
    output: str(f.output) as 'text' | 'json' | 'markdown' | undefined,
    showSecrets: bool(f['show-secrets']),
    suppressSecrets: bool(f['suppress-secrets']),
    suppress: strs(f.suppress),
    suppressOutputLineRegex: strs(f['suppress-output-line-regex']),
    includeTests: bool(f['include-tests']),
    noHooks: bool(f['no-hooks']),
  };
}

/** Upgrade/uninstall flags → ExecuteFlags + interactive/yes/detailed-exitcode. */
export function changeFlagValues(f: Parsed) {
  return {
    wait: bool(f.wait),
    waitForJobs: bool(f['wait-for-jobs']),
    timeout: int(f.timeout),
    reuseValues: bool(f['reuse-values']),
    resetValues: bool(f['reset-values']),
    skipCrds: bool(f['skip-crds']),
    hideNotes: bool(f['hide-notes']),
    takeOwnership: bool(f['take-ownership']),
    description: str(f.description),
    syncArgs: str(f['sync-args']),
    detailedExitcode: bool(f['detailed-exitcode']),
    yes: bool(f.yes),
    skipHooks: bool(f['skip-hooks']),
    noRecover: f.recover === false,
    ignoreSuspend: bool(f['ignore-suspend']),
    interactive: bool(f.interactive),
    cascade: str(f.cascade),
    deleteWait: bool(f['delete-wait']),
    deleteTimeout: int(f['delete-timeout']),
  };
}
