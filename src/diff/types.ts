/**
 * The data a diff produces. These types ARE the documented JSON schema of
 * `helmsync diff --output json` (schemaVersion 1): the JSON renderer writes
 * them as they are, so every field here is part of the public contract.
 * Add fields, never rename or repurpose them without bumping `schemaVersion`.
 */

/** Identity of one Kubernetes object inside a release. */
export interface ResourceKey {
  /** `apiVersion` as written by the desired manifest (or by the stored one for removed objects). */
  apiVersion: string;
  /** API group: `''` for the core group, `apps`, `example.com`, … */
  group: string;
  kind: string;
  /**
   * The object's namespace; the release namespace when the manifest sets none
   * (as helm does when it applies it). Cluster-scoped objects therefore carry
   * the release namespace too: helmsync cannot know the scope without discovery.
   */
  namespace: string;
  name: string;
}

/** What a resource diff says about desired vs the manifest helm stored for the last revision. */
export type ResourceChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** One differing field, addressed by an RFC 6901 JSON pointer. */
export interface FieldChange {
  /** JSON pointer into the object, e.g. `/spec/replicas`, `/data/password`. */
  path: string;
  /** Seen from the old side to the new side: `add` = only the new side has it. */
  op: 'add' | 'remove' | 'replace';
  /** Old value (stored manifest, or the live object for drift). Masked when `masked`. */
  before?: unknown;
  /** New value (the desired manifest). Masked when `masked`. */
  after?: unknown;
  /** True when `before`/`after` were replaced by `<secret: N bytes…>` placeholders. */
  masked?: boolean;
}

/**
 * How the live object departs from the desired manifest, looking only at the
 * fields the desired manifest sets (status, server-set metadata and server
 * defaults are not drift).
 */
export interface ResourceDrift {
  /**
   * `missing`: the object does not exist in the cluster;
   * `changed`: some desired field has another value live;
   * `in-sync`: every desired field matches.
   */
  state: 'missing' | 'changed' | 'in-sync';
  /**
   * `before` = live value, `after` = desired value. Empty unless `changed`.
   * A field is drift when live differs from desired and also from the
   * manifest helm stored (where live equals stored, the difference is the
   * pending upgrade, listed in {@link ResourceDiff.fields} instead).
   */
  fields: FieldChange[];
  /** The desired object with the drifted fields at their live values, masked YAML ('' unless `changed`). */
  liveText: string;
  /** The desired object as compared (server-managed paths and empty values left out), masked YAML ('' when `in-sync`). */
  desiredText: string;
}

export interface ResourceDiff {
  /** Stable identifier: `group/Kind/namespace/name` (group empty for core: `/Secret/ns/x`). */
  id: string;
  key: ResourceKey;
  change: ResourceChange;
  /** Desired vs stored field changes (ignored paths removed, secrets masked). */
  fields: FieldChange[];
  /** Stored manifest of this object as masked YAML ('' when added). */
  beforeText: string;
  /** Desired manifest of this object as masked YAML ('' when removed). */
  afterText: string;
  /**
   * Present when live objects were read and the object is desired (and, for
   * an `added` object, only when it already exists live: helm will then
   * refuse to adopt it unless it carries the release's ownership metadata).
   */
  drift?: ResourceDrift;
  /** The kind is listed in `suppress`: kept in the data, left out of text/Markdown and of `hasChanges`. */
  suppressed: boolean;
  /** Paths whose differences were dropped by `ignoreDiffs` rules (pointers as written in the rule). */
  ignored: string[];
  /** The object holds masked values (a Secret, or a value flagged secret). */
  containsSecrets: boolean;
  /** Template path from helm's `# Source:` comment, when there was one. */
  source?: string;
  /** The helm hook events (`pre-install,post-upgrade`) when the object is a hook. */
  hook?: string;
}

/** What helm stored for the release's last revision. */
export interface StoredReleaseSummary {
  revision: number;
  /** helm status: `deployed`, `failed`, `pending-upgrade`, `superseded`, `uninstalled`, … */
  status: string;
  chart: string;
  chartVersion: string;
  appVersion?: string;
}

export interface ReleaseDiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Desired objects whose live state is `missing` or `changed`. */
  drifted: number;
  /** Resources left out because their kind is suppressed. */
  suppressed: number;
}

export interface ReleaseDiff {
  release: {
    name: string;
    namespace: string;
    kubeContext?: string;
  };
  /** False when the release is to be removed (`installed: false`): every stored object shows as removed. */
  desired: boolean;
  /** Absent when the release is not installed. */
  stored?: StoredReleaseSummary;
  /** Sorted by namespace, group, kind, name; `unchanged` resources without drift are left out. */
  resources: ResourceDiff[];
  summary: ReleaseDiffSummary;
  /**
   * Whether this release counts as changed for `--detailed-exitcode` and for
   * `apply`: any unsuppressed added/removed/changed resource, or drift when
   * drift counts (the default when live objects were read).
   */
  hasChanges: boolean;
}

/** The whole document `diff --output json` prints. */
export interface DiffReport {
  schemaVersion: 1;
  /** True when any release has `hasChanges` (exit 2 under `--detailed-exitcode`). */
  hasChanges: boolean;
  releases: ReleaseDiff[];
}
