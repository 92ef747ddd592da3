/**
 * `/` (issue 10): the reconcile status as one server-rendered HTML page. No
 * script and no external asset (styles inline), so it works without
 * JavaScript, offline and under a strict Content-Security-Policy; a meta
 * refresh reloads it. Every text goes through {@link escapeHtml}; the texts
 * were masked when the status was recorded. Built from the same
 * {@link StatusView} as `/api/status`, so the two never disagree. Pure.
 */
import { formatDuration } from '../reconcile/duration.js';
import type { ReleaseView, StatusView, TickView } from './status-view.js';

export interface StatusPageOptions {
  /** Epoch ms the page is rendered at (for "in 12s" / "3m ago"). */
  now: number;
  /** Seconds between automatic reloads. */
  refreshSeconds: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.3rem;margin:0 0 .8rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#f6f8fa;font-weight:600}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.err{color:#a40e26;white-space:pre-wrap;font:12px ui-monospace,monospace}
.badge{display:inline-block;white-space:nowrap;padding:0 .45rem;border-radius:.7rem;font-size:12px;font-weight:600;border:1px solid}
.ok{color:#116329;background:#dafbe1;border-color:#4ac26b}.warn{color:#7d4e00;background:#fff8c5;border-color:#d4a72c}
.bad{color:#a40e26;background:#ffebe9;border-color:#ff8182}.info{color:#0a3069;background:#ddf4ff;border-color:#54aeff}.muted{color:#59636e}
footer{margin-top:1.5rem;color:#59636e;font-size:12px}
`;

const CLASS: Record<string, string> = { 'in-sync': 'ok', changed: 'info', drifted: 'warn', held: 'warn', skipped: 'warn', suspended: 'warn', failed: 'bad', error: 'bad' };

function badge(text: string, cls = CLASS[text] ?? 'muted'): string {
  return `<span class="badge ${cls}">${escapeHtml(text)}</span>`;
}

/** `2026-12-02 16:04:05 UTC (3s ago)` */
function when(isoTime: string | null, now: number): string {
  if (!isoTime) return '<span class="muted">—</span>';
  const ms = Date.parse(isoTime);
  const d = ms - now;
  const rel = Math.abs(d) < 1000 ? 'now' : d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`;
  return `<time datetime="${escapeHtml(isoTime)}">${escapeHtml(isoTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time> <span class="muted">(${rel})</span>`;
}

function tickLine(t: TickView | null, now: number): string {
  if (!t) return '<span class="muted">none yet</span>';
  const parts = [`#${t.n}`, badge(t.result), when(t.finishedAt, now), `took ${escapeHtml(formatDuration(t.durationSeconds * 1000))}`];
  if (t.summary) parts.push(`· ${escapeHtml(t.summary)}`);
  return parts.join(' ') + (t.error ? `<div class="err">${escapeHtml(t.error)}</div>` : '');
}

function releaseRow(r: ReleaseView, now: number): string {
  const cells = [
    `<code>${escapeHtml(r.namespace)}/${escapeHtml(r.name)}</code>`,
    escapeHtml(r.action),
    badge(r.result),
    r.revision === null ? '<span class="muted">—</span>' : String(r.revision),
    r.drifted ? badge('drifted', 'warn') : 'no',
    r.suspended ? badge('suspended', 'warn') : 'no',
    r.failures ? String(r.failures) : '0',
    r.nextRetryAt ? when(r.nextRetryAt, now) : '<span class="muted">—</span>',
    r.lastError ? `<div class="err">${escapeHtml(r.lastError)}</div>` : '<span class="muted">—</span>',
    r.reason ? escapeHtml(r.reason) : '',
  ];
  return `<tr data-release="${escapeHtml(r.id)}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** The whole page. */
export function statusPage(v: StatusView, o: StatusPageOptions): string {
  const state = !v.running ? badge('stopping', 'warn') : !v.healthy ? badge('stuck', 'bad') : v.ready ? badge('ready', 'ok') : badge('not ready', 'warn');
  const head = v.lastTick?.result ?? 'starting';
  const rows = v.releases.length
    ? v.releases.map((r) => releaseRow(r, o.now)).join('\n')
    : '<tr><td colspan="10" class="muted">No release yet: the first tick has not finished.</td></tr>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${Math.max(1, Math.round(o.refreshSeconds))}">
<title>helmsync reconcile: ${escapeHtml(head)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>helmsync reconcile ${state}</h1>
<dl>
${v.running && !v.healthy && v.unhealthy ? `<dt>Health</dt><dd id="health"><div class="err">${escapeHtml(v.unhealthy)}</div></dd>
` : ''}<dt>Last tick</dt><dd id="last-tick">${tickLine(v.lastTick, o.now)}</dd>
<dt>Last good tick</dt><dd id="last-good-tick">${v.lastGoodTick && v.lastGoodTick.n !== v.lastTick?.n ? tickLine(v.lastGoodTick, o.now) : v.lastGoodTick ? 'the last tick' : '<span class="muted">none yet</span>'}</dd>
<dt>Last success</dt><dd id="last-success">${when(v.lastSuccessAt, o.now)}</dd>
<dt>Next tick</dt><dd id="next-tick">${!v.running ? '<span class="muted">none: stopping</span>' : v.currentTick ? `${badge('running', 'info')} tick #${v.currentTick.n} since ${when(v.currentTick.startedAt, o.now)}` : when(v.nextTickAt, o.now)}</dd>
<dt>Source revision</dt><dd id="source-revision">${v.sourceRevision ? `<code>${escapeHtml(v.sourceRevision)}</code>` : '<span class="muted">not a git work tree</span>'}</dd>
${v.lastPull ? `<dt>Last pull</dt><dd id="last-pull">${v.lastPull.ok ? badge('ok', 'ok') : badge('failed', 'bad')} ${when(v.lastPull.at, o.now)}${v.lastPull.error ? `<div class="err">${escapeHtml(v.lastPull.error)}</div>` : ''}</dd>
` : ''}<dt>Running since</dt><dd>${when(v.startedAt, o.now)}, ${v.ticks} tick${v.ticks === 1 ? '' : 's'}</dd>
</dl>
<h2>Releases</h2>
<table id="releases">
<thead><tr><th>Release</th><th>Action</th><th>Result</th><th>Revision</th><th>Drift</th><th>Suspended</th><th>Failures</th><th>Next retry</th><th>Last error</th><th>Reason</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<footer>Reloads every ${Math.max(1, Math.round(o.refreshSeconds))}s. Machine-readable: <a href="api/status">api/status</a>, <a href="metrics">metrics</a>, <a href="healthz">healthz</a>, <a href="readyz">readyz</a>.</footer>
</body>
</html>
`;
}
