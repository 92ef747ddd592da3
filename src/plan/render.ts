/**
 * Renderings of a {@link Plan}: text for terminals, Markdown for pull
 * requests, JSON (the Plan itself). Pure functions returning strings.
 */
import type { Plan, PlanAction, PlanActionKind } from './types.js';

export interface PlanRenderOptions {
  /** ANSI colours. */
  color?: boolean;
}

const MARK: Record<PlanActionKind, string> = { install: '+', upgrade: '~', uninstall: '-', noop: '=' };
const COLOUR: Record<PlanActionKind, string> = { install: '\x1b[32m', upgrade: '\x1b[33m', uninstall: '\x1b[31m', noop: '' };

function label(a: PlanAction): string {
  const base = `${a.release.namespace}/${a.release.name}`;
  return a.release.kubeContext ? `${a.release.kubeContext}/${base}` : base;
}

/** `1 to install, 2 to upgrade, 1 to uninstall, 3 unchanged`. */
export function planSummaryLine(plan: Plan): string {
  const s = plan.summary;
  return `${s.install} to install, ${s.upgrade} to upgrade, ${s.uninstall} to uninstall${s.prune ? ` (${s.prune} pruned)` : ''}, ${s.noop} unchanged`;
}

export function renderPlanText(plan: Plan, opts: PlanRenderOptions = {}): string {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const width = Math.max(0, ...plan.actions.map((a) => label(a).length));
  const line = (a: PlanAction) => {
    const text = `  ${MARK[a.action]} ${label(a).padEnd(width)}  ${a.action.padEnd(9)}  ${a.reasons.join('; ')}`;
    return opts.color && COLOUR[a.action] ? `${COLOUR[a.action]}${text}\x1b[0m` : text;
  };
  const out = [`Plan: ${planSummaryLine(plan)}`];
  for (const w of plan.waves) {
    out.push(`Wave ${w.index + 1}${w.kind === 'uninstall' ? ' (uninstall)' : w.kind === 'prune' ? ' (prune)' : ''}:`);
    for (const id of w.ids) out.push(line(byId.get(id)!));
  }
  const unchanged = plan.actions.filter((a) => a.action === 'noop');
  if (unchanged.length) {
    out.push('Unchanged:');
    for (const a of unchanged) out.push(line(a));
  }
  return `${out.join('\n')}\n`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A table per wave, for pull-request comments and job summaries. */
export function renderPlanMarkdown(plan: Plan): string {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const out = [`### helmsync plan`, '', `${planSummaryLine(plan)}.`, '', '| Wave | Release | Action | Why |', '|---:|---|---|---|'];
  for (const w of plan.waves) {
    for (const id of w.ids) {
      const a = byId.get(id)!;
      out.push(`| ${w.index + 1} | \`${cell(label(a))}\` | ${a.action} | ${cell(a.reasons.join('; '))} |`);
    }
  }
  for (const a of plan.actions.filter((x) => x.action === 'noop')) out.push(`| – | \`${cell(label(a))}\` | noop | ${cell(a.reasons.join('; '))} |`);
  return `${out.join('\n')}\n`;
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
