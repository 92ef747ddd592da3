/**
 * A plan is data (DESIGN.md, house style 3): what `sync`/`apply`/`destroy`
 * would do to each release, why, and in which order. `diff`, `sync
 * --dry-run`, `apply`, `reconcile` and `promote` all print the same Plan; the
 * executor (src/sync) runs it wave by wave. These types are also the JSON
 * form of a plan (`planSchemaVersion` 1).
 */
import type { ReleaseDiff } from '../diff/types.js';

/** What the planner needs to know of a desired release (a state `Release` fits). */
export interface PlannedRelease {
  /** Unique id within the run, `[kubeContext/][namespace/]name` as src/state builds it. */
  id: string;
  name: string;
  namespace: string;
  /** '' or undefined when none. */
  kubeContext?: string;
  /** `installed:` resolved; false means the release must be absent. */
  installed: boolean;
  /** Ids of the releases this one needs (already resolved, as `Release.needs`). */
  needs: readonly string[];
  /** Desired chart name and version when known (shown as `chart a 1.0.0 → 1.1.0`). */
  chart?: { name?: string; version?: string };
}

/** What was observed for a release: the last stored revision and/or its diff. */
export interface ReleaseObservation {
  /** The last revision helm stored (a `ReleaseRecord` fits); undefined when never installed. */
  record?: { revision: number; status: string; chart: { name: string; version: string } };
  /** The diff, when one was computed (apply, diff). */
  diff?: ReleaseDiff;
}

export type PlanActionKind = 'install' | 'upgrade' | 'uninstall' | 'noop';

export interface PlanAction {
  id: string;
  release: { name: string; namespace: string; kubeContext?: string };
  action: PlanActionKind;
  /** Human-readable reasons, most important first (`not installed`, `2 changed, 1 drifted`, …). */
  reasons: string[];
  /** Ids of the planned releases this one waits for (its needs for install/upgrade, its dependants for uninstall). */
  waitsFor: string[];
  /** Index into {@link Plan.waves}; -1 for `noop`. */
  wave: number;
  /** The stored revision acted on, when there is one. */
  fromRevision?: number;
  /** An `uninstall` of a release the file no longer declares (`--prune`, src/plan/prune.ts). */
  prune?: boolean;
}

export interface PlanWave {
  /** 0-based position: waves run one after another, the releases inside a wave together. */
  index: number;
  /**
   * Uninstall waves come first (in reverse `needs` order), then install/upgrade
   * waves, then `prune` waves (`--prune`), which run only when nothing before them failed.
   */
  kind: 'uninstall' | 'apply' | 'prune';
  /** Release ids, in state order. */
  ids: string[];
}

export interface Plan {
  planSchemaVersion: 1;
  /** Every planned release, in the order they were given (state order). */
  actions: PlanAction[];
  waves: PlanWave[];
  /** `uninstall` includes the prunes; `prune` counts them (absent when none). */
  summary: { install: number; upgrade: number; uninstall: number; noop: number; prune?: number };
  /** True when any action is not `noop` (exit 2 under `--detailed-exitcode`). */
  hasChanges: boolean;
}

/** Which command the plan is for. */
export type PlanMode =
  /** Only releases whose diff shows changes are upgraded (Helmfile `apply`). */
  | 'apply'
  /** Every installed release is upgraded (Helmfile `sync`). */
  | 'sync'
  /** Every present release is uninstalled, dependants first (Helmfile `destroy`). */
  | 'destroy';

export interface PlanOptions {
  mode: PlanMode;
}
