/**
 * A saved plan (`helmsync plan --out FILE`, `show-plan FILE`, `apply --plan
 * FILE`): the {@link Plan} plus, per release, what it was computed against —
 * the digest of the desired manifest, the stored revision, the inputs digest
 * — and the environment, helmsync version, creation time, the digests of the
 * releases files and their git commit. It holds digests, never values: the
 * reasons are counts and versions, and every string is masked before writing.
 *
 * `planDigest` is the digest of the rest of the document, so an edited plan
 * file is refused like a stale one.
 */
import { createHash } from 'node:crypto';
import type { Plan } from './types.js';
import { planSummaryLine, renderPlanMarkdown, renderPlanText } from './render.js';

export const SAVED_PLAN_VERSION = 1;

export interface SavedRelease {
  id: string;
  name: string;
  namespace: string;
  kubeContext?: string;
  action: string;
  reasons: string[];
  /** Revision the plan was computed against (undefined: not installed). */
  storedRevision?: number;
  /** sha256 of the desired manifest's objects (undefined for installed: false). */
  desiredDigest?: string;
  /** The rendering inputs digest (src/plan/inputs-digest.ts), when known. */
  inputsDigest?: string;
}

export interface SavedPlan {
  /** The JSON output's schema version (`helmsync schema --output-of plan`); absent in plans written before it. */
  schemaVersion?: 1;
  savedPlanVersion: 1;
  helmsyncVersion: string;
  /** ISO 8601. */
  createdAt: string;
  environment: string;
  /** The releases files (relative to where the plan was made) and their content digests. */
  files: { path: string; sha256: string }[];
  git?: { commit: string; dirty: boolean };
  releases: SavedRelease[];
  plan: Plan;
  /** sha256 of this document without this field. */
  planDigest: string;
}

/** JSON with object keys sorted, so equal data hashes equal. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest of a desired manifest: its objects by id, independent of document order, comments and formatting. */
export function manifestDigest(objects: readonly { id: string; object: unknown }[]): string {
  const sorted = [...objects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256(canonicalJson(sorted.map((o) => [o.id, o.object])));
}

export function withPlanDigest(p: Omit<SavedPlan, 'planDigest'>): SavedPlan {
  return { ...p, planDigest: sha256(canonicalJson(p)) };
}

export class SavedPlanError extends Error {}

/** Parses and checks a saved plan's text; throws {@link SavedPlanError} saying what is wrong. */
export function parseSavedPlan(text: string): SavedPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SavedPlanError(`not a helmsync plan file (not JSON: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')})`);
  }
  const p = doc as Partial<SavedPlan>;
  if (!p || typeof p !== 'object' || p.savedPlanVersion === undefined) throw new SavedPlanError('not a helmsync plan file (no savedPlanVersion)');
  if (p.savedPlanVersion !== SAVED_PLAN_VERSION) throw new SavedPlanError(`plan file version ${String(p.savedPlanVersion)} is not supported (this helmsync reads version ${SAVED_PLAN_VERSION})`);
  if (!Array.isArray(p.releases) || !p.plan || typeof p.createdAt !== 'string' || typeof p.environment !== 'string') throw new SavedPlanError('plan file is incomplete');
  const { planDigest, ...rest } = p as SavedPlan;
  if (planDigest !== sha256(canonicalJson(rest))) throw new SavedPlanError('plan file was changed after it was written (its digest does not match)');
  return p as SavedPlan;
}

/** `90s`, `15m`, `2h`, `1d`, `1h30m` → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * units[m[2]!]!;
    seen = re.lastIndex;
  }
  return seen === text.length && seen > 0 ? total : undefined;
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

function header(p: SavedPlan, now: number): string[] {
  const created = Date.parse(p.createdAt);
  return [
    `environment: ${p.environment}`,
    `created: ${p.createdAt}${Number.isNaN(created) ? '' : ` (${age(now - created)} ago)`} by helmsync ${p.helmsyncVersion}`,
    ...(p.git ? [`git commit: ${p.git.commit}${p.git.dirty ? ' (releases files modified)' : ''}`] : []),
    `files: ${p.files.map((f) => f.path).join(', ')}`,
  ];
}

/** `show-plan` as text. */
export function renderSavedPlanText(p: SavedPlan, now: number, opts: { color?: boolean } = {}): string {
  const lines = [...header(p, now), '', renderPlanText(p.plan, opts).trimEnd(), '', 'Computed against:'];
  for (const r of p.releases) {
    lines.push(`  ${r.kubeContext ? `${r.kubeContext}/` : ''}${r.namespace}/${r.name}: revision ${r.storedRevision ?? '-'}, desired ${r.desiredDigest?.slice(0, 12) ?? '-'}, inputs ${r.inputsDigest?.slice(0, 12) ?? '-'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `show-plan --output markdown`: fits a pull-request comment. */
export function renderSavedPlanMarkdown(p: SavedPlan, now: number): string {
  const md = renderPlanMarkdown(p.plan).trimEnd().split('\n');
  const meta = header(p, now).map((l) => `- ${l.replace(/^([^:]+):/, '**$1**:')}`);
  return `${[md[0], '', ...meta, '', ...md.slice(2), '', `Apply exactly this plan with \`helmsync apply --plan FILE\` (${planSummaryLine(p.plan)}).`].join('\n')}\n`;
}

export function renderSavedPlanJson(p: SavedPlan): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
