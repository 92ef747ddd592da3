/**
 * The JSON Schema of every `--output json` document (issue 15), printed by
 * `helmsync schema --output-of NAME`. Each document carries `schemaVersion`
 * (fields are only ever added within a version) — except `list`, which prints
 * Helmfile's own array so scripts written for `helmfile list --output json`
 * keep working; its schema is versioned by the same number all the same.
 * The TSDoc of the types named below is the prose description.
 */
import { anyValue, arr, bool, document, int, nullable, num, obj, oneOf, str, type JsonSchema } from './dsl.js';

const schemaVersion = { const: 1 };

// src/diff/types.ts
const fieldChange = obj({ path: str, op: oneOf('add', 'remove', 'replace') }, { before: anyValue, after: anyValue, masked: bool });
const resourceDiff = obj(
  {
    id: str,
    key: obj({ apiVersion: str, group: str, kind: str, namespace: str, name: str }),
    change: oneOf('added', 'removed', 'changed', 'unchanged'),
    fields: arr(fieldChange),
    beforeText: str,
    afterText: str,
    suppressed: bool,
    ignored: arr(str),
    containsSecrets: bool,
  },
  { drift: obj({ state: oneOf('missing', 'changed', 'in-sync'), fields: arr(fieldChange), liveText: str, desiredText: str }), source: str, hook: str },
);
const releaseDiff = obj(
  {
    release: obj({ name: str, namespace: str }, { kubeContext: str }),
    desired: bool,
    resources: arr(resourceDiff),
    summary: obj({ added: int, removed: int, changed: int, unchanged: int, drifted: int, suppressed: int }),
    hasChanges: bool,
  },
  { stored: obj({ revision: int, status: str, chart: str, chartVersion: str }, { appVersion: str }) },
);
const diffReport = obj({ schemaVersion, hasChanges: bool, releases: arr(releaseDiff) });

// src/plan/types.ts
const action = oneOf('install', 'upgrade', 'uninstall', 'noop');
const plan = obj({
  planSchemaVersion: { const: 1 },
  actions: arr(obj({ id: str, release: obj({ name: str, namespace: str }, { kubeContext: str }), action, reasons: arr(str), waitsFor: arr(str), wave: int }, { fromRevision: int, prune: bool })),
  waves: arr(obj({ index: int, kind: oneOf('uninstall', 'apply'), ids: arr(str) })),
  summary: obj({ install: int, upgrade: int, uninstall: int, noop: int }),
  hasChanges: bool,
});
// src/plan/saved-plan.ts
const savedPlan = obj(
  {
    schemaVersion,
    savedPlanVersion: { const: 1 },
    helmsyncVersion: str,
    createdAt: { type: 'string', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$' },
    environment: str,
    files: arr(obj({ path: str, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } })),
    releases: arr(obj({ id: str, name: str, namespace: str, action: str, reasons: arr(str) }, { kubeContext: str, storedRevision: int, desiredDigest: str, inputsDigest: str })),
    plan,
    planDigest: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  { git: obj({ commit: str, dirty: bool }) },
);

// src/app/status.ts
const status = obj({
  schemaVersion,
  releases: arr(obj({ name: str, namespace: str, desired: bool, status: str }, { kubeContext: str, revision: int, chart: str, appVersion: str, updated: str, description: str })),
});

// src/app/list.ts (Helmfile's shape)
const list = arr(obj({ name: str, namespace: str, enabled: bool, installed: bool, labels: str, chart: str, version: str }));

// src/app/show-dag.ts
const showDag = obj({ schemaVersion, releases: arr(obj({ group: int, release: str, dependencies: arr(str) })) });

// src/promote/report.ts
const promote = obj(
  {
    schemaVersion,
    from: str,
    to: str,
    dryRun: bool,
    backwards: bool,
    guard: obj({ passed: bool, forced: bool, problems: arr(obj({ release: str, reason: str })) }),
    changes: arr(obj({ release: nullable(str), key: str, before: anyValue, beforeSet: bool, after: anyValue, file: str, selected: bool })),
    written: arr(str),
    commit: nullable(obj({ sha: str, branch: str, message: str })),
    preview: diffReport,
  },
  { applyExitCode: int },
);

// src/reconcile/status.ts
const tick = obj({ n: int, startedAt: num, finishedAt: num, result: oneOf('in-sync', 'changed', 'failed', 'error') }, { error: str, summary: str, revision: str });
const reconcileStatus = obj(
  {
    startedAt: num,
    ticks: int,
    releases: arr(
      obj(
        { id: str, namespace: str, name: str, action, result: oneOf('in-sync', 'drifted', 'changed', 'failed', 'skipped', 'held'), drifted: bool, failures: int, updatedAt: num },
        { suspended: bool, revision: int, reason: str, lastError: str, nextRetryAt: num },
      ),
    ),
  },
  { lastTick: tick, lastGoodTick: tick, lastSuccessAt: num, nextTickAt: num, revision: str, source: { type: 'object' }, currentTick: obj({ n: int, startedAt: num }) },
);
const reconcile = obj({ schemaVersion, exitCode: int, status: reconcileStatus });

/** Every JSON output, by the name `helmsync schema --output-of` takes. */
export const OUTPUT_SCHEMAS: Record<string, { commands: string; schema: JsonSchema }> = {
  list: { commands: 'list --output json', schema: document('list', "Helmfile's list: one entry per release (no schemaVersion field: Helmfile's shape, schema version 1).", list) },
  status: { commands: 'status --output json', schema: document('status', 'What helm stored for each selected release.', status) },
  diff: { commands: 'diff --output json', schema: document('diff', 'Desired vs stored vs live, per release and object (src/diff/types.ts).', diffReport) },
  plan: { commands: 'plan --output json, show-plan FILE --output json (the plan file itself)', schema: document('plan', 'A saved plan: the plan and what it was computed against (src/plan/saved-plan.ts).', savedPlan) },
  'show-dag': { commands: 'show-dag --output json', schema: document('show-dag', 'The needs graph as groups: releases of group N need only releases of earlier groups.', showDag) },
  promote: { commands: 'promote --output json', schema: document('promote', 'A promotion: the changes, the guard, what was written, the preview diff.', promote) },
  reconcile: { commands: 'reconcile --once --output json', schema: document('reconcile', "One tick's result: the exit code and the status model (src/reconcile/status.ts).", reconcile) },
};

