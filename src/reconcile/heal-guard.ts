/**
 * Self-heal with restraint (issue 10, `--watch --self-heal`): heals of one
 * release are rate-limited, and a field that flips back after being healed,
 * again and again, is left to whoever keeps setting it.
 *
 * - Rate limit: the first heal of a release is immediate; each further heal
 *   within `windowMs` of the previous one waits `baseGapMs`, then twice
 *   that … capped at `capGapMs`. A release quiet for `windowMs` starts over.
 * - Contested: a field a heal reset that is found drifted again within
 *   `windowMs` has flipped back; after `contestAfter` flip-backs another
 *   controller owns it (an HPA owns `/spec/replicas`). It is no longer
 *   healed (the reconciler ignores it from then on), and reported with the
 *   `ignoreDiffs` rule that settles it in the releases file.
 *
 * Pure: times come from the caller's clock.
 */
import { stringify } from 'yaml';
import type { IgnoreDiffRule } from '../diff/ignore-rules.js';
import type { ReleaseDiff } from '../diff/types.js';
import { driftedFields, isDrifted } from './drift-policy.js';

/** One drifted field of one live object of a release. */
export interface DriftedField {
  /** Run id of the release (`apps/web`). */
  release: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** JSON pointer, as the diff reports it. */
  pointer: string;
}

export interface ContestedField extends DriftedField {
  /** Flip-backs seen (≥ contestAfter). */
  flips: number;
  /** Epoch ms it was found contested. */
  since: number;
}

export interface HealGuardOptions {
  /** The wait before the second heal of a release (doubles per further heal). */
  baseGapMs: number;
  /** Longest wait between heals (the interval). */
  capGapMs: number;
  /** Heals and flip-backs further apart than this are unrelated. */
  windowMs: number;
  /** Flip-backs of one field after which it is contested. */
  contestAfter: number;
}

export const DEFAULT_HEAL_GUARD: Omit<HealGuardOptions, 'capGapMs'> = { baseGapMs: 5_000, windowMs: 10 * 60_000, contestAfter: 3 };

function fieldKey(f: DriftedField): string {
  return `${f.release}\u0000${f.group}/${f.kind}/${f.namespace}/${f.name}\u0000${f.pointer}`;
}

interface ReleaseHeals {
  /** Heals in the current run of heals (reset after a quiet window). */
  count: number;
  lastAt: number;
}

interface FieldState {
  /** Epoch ms of the last heal that reset it; a later drift of it is a flip-back. */
  healedAt?: number;
  flips: number;
}

export class HealGuard {
  private readonly heals = new Map<string, ReleaseHeals>();
  private readonly fields = new Map<string, FieldState>();
  private readonly contestedFields = new Map<string, ContestedField>();

  constructor(private readonly o: HealGuardOptions) {}

  /** Epoch ms from which the release may be healed again (≤ now: at once). */
  nextHealAt(release: string, now: number): number {
    const h = this.heals.get(release);
    if (!h || now - h.lastAt > this.o.windowMs) return now;
    const gap = Math.min(this.o.capGapMs, this.o.baseGapMs * 2 ** Math.min(h.count - 1, 40));
    return h.lastAt + gap;
  }

  mayHeal(release: string, now: number): boolean {
    return this.nextHealAt(release, now) <= now;
  }

  /**
   * A tick found these fields drifted (contested ones already left out).
   * Counts flip-backs (a field drifted again after a heal reset it, within
   * the window) and returns the fields that became contested now.
   */
  observe(drifted: readonly DriftedField[], now: number): ContestedField[] {
    const out: ContestedField[] = [];
    for (const f of drifted) {
      const k = fieldKey(f);
      if (this.contestedFields.has(k)) continue;
      const s = this.fields.get(k) ?? { flips: 0 };
      if (s.healedAt !== undefined) {
        // One flip-back per heal: a drift seen again before the next heal is the same flip.
        s.flips = now - s.healedAt <= this.o.windowMs ? s.flips + 1 : 1;
        s.healedAt = undefined;
      }
      this.fields.set(k, s);
      if (s.flips >= this.o.contestAfter) {
        const c = { ...f, flips: s.flips, since: now };
        this.contestedFields.set(k, c);
        out.push(c);
      }
    }
    return out;
  }

  /** The release was healed at `now`, resetting these fields. */
  healed(release: string, fields: readonly DriftedField[], now: number): void {
    const h = this.heals.get(release);
    this.heals.set(release, h && now - h.lastAt <= this.o.windowMs ? { count: h.count + 1, lastAt: now } : { count: 1, lastAt: now });
    for (const f of fields) {
      const k = fieldKey(f);
      if (this.contestedFields.has(k)) continue;
      const s = this.fields.get(k) ?? { flips: 0 };
      s.healedAt = now;
      this.fields.set(k, s);
    }
  }

  isContested(f: DriftedField): boolean {
    return this.contestedFields.has(fieldKey(f));
  }

  /** Contested fields, of one release or all, in the order found. */
  contested(release?: string): ContestedField[] {
    return [...this.contestedFields.values()].filter((c) => release === undefined || c.release === release);
  }
}

/**
 * The `ignoreDiffs` entries (grouped by object) that settle contested fields
 * of one release, as the YAML to add under the release in the releases file.
 */
export function ignoreDiffsYaml(fields: readonly DriftedField[]): string {
  const byObject = new Map<string, { kind: string; name: string; jsonPointers: string[] }>();
  for (const f of fields) {
    const k = `${f.group}/${f.kind}/${f.name}`;
    const e = byObject.get(k) ?? { kind: f.kind, name: f.name, jsonPointers: [] };
    if (!e.jsonPointers.includes(f.pointer)) e.jsonPointers.push(f.pointer);
    byObject.set(k, e);
  }
  return stringify({ ignoreDiffs: [...byObject.values()] }, { lineWidth: 0 });
}

/** What a tick does about drift under --self-heal. */
export interface HealDecision {
  /** Releases healed in this tick. */
  heal: Set<string>;
  /** Drifted releases whose heal waits (rate limit): run id → epoch ms of the next heal. */
  rateLimited: Map<string, number>;
  /** Fields found contested in this tick (not healed from now on). */
  contested: ContestedField[];
  /** The drifted fields of each drifted release, for {@link HealGuard.healed}. */
  fields: Map<string, DriftedField[]>;
}

/**
 * Decides which drifted releases a tick heals: flip-backs are counted first
 * (fields contested now are not healed, nor is a release whose only drift
 * they are), then each remaining drifted release is healed unless its rate
 * limit holds it. A missing object is drift that is always healed (subject
 * to the rate limit): nothing can own an absent object's fields.
 */
export function decideHeals(diffs: ReadonlyMap<string, ReleaseDiff>, guard: HealGuard, now: number): HealDecision {
  const out: HealDecision = { heal: new Set(), rateLimited: new Map(), contested: [], fields: new Map() };
  for (const [id, d] of diffs) {
    if (!isDrifted(d)) continue;
    const fields = driftedFields(id, d);
    const newly = guard.observe(fields, now);
    out.contested.push(...newly);
    // Contested now or earlier in this tick (apply may plan twice when another writer moved a release).
    const remaining = fields.filter((f) => !guard.isContested(f));
    const missing = d.resources.some((r) => !r.suppressed && r.drift?.state === 'missing');
    if (!remaining.length && !missing) continue;
    out.fields.set(id, remaining);
    if (guard.mayHeal(id, now)) out.heal.add(id);
    else out.rateLimited.set(id, guard.nextHealAt(id, now));
  }
  return out;
}

/** The contested fields as ignoreDiffs rules, by run id, so diffs stop seeing them. */
export function contestedRules(guard: HealGuard): Map<string, IgnoreDiffRule[]> {
  const out = new Map<string, IgnoreDiffRule[]>();
  for (const c of guard.contested()) {
    if (!out.has(c.release)) out.set(c.release, []);
    out.get(c.release)!.push({ kind: c.kind, group: c.group, name: c.name, namespace: c.namespace, jsonPointers: [c.pointer] });
  }
  return out;
}

/** `Deployment apps/web /spec/replicas` */
export function describeField(f: DriftedField): string {
  return `${f.kind} ${f.namespace}/${f.name} ${f.pointer}`;
}
