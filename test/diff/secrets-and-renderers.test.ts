import { describe, expect, it } from '@jest/globals';
import { computeReleaseDiff } from '../../src/diff/release-diff.js';
import { renderDiffText } from '../../src/diff/render-text.js';
import { renderDiffJson } from '../../src/diff/render-json.js';
import { renderDiffMarkdown } from '../../src/diff/render-markdown.js';
import type { JsonObject } from '../../src/diff/manifest.js';
import type { ReleaseDiff } from '../../src/diff/types.js';
import { diffExitCode } from '../../src/diff/exit-status.js';
import { maskPair, secretStringsOf } from '../../src/diff/secret-mask.js';
import { helmTemplate } from './helm-template.js';
import { liveFrom, storedFrom } from './fixtures.js';

const release = { name: 'demo', namespace: 'demo' };
const SENTINEL = 'SENTINEL-9f3b2c7d';
const SENTINEL_CM = 'SENTINEL-cm-41a0';
const desiredOf = (set: Record<string, string | number | boolean> = {}) => helmTemplate({ release: 'demo', namespace: 'demo', set });

/** Every way a secret can reach a diff: changed, added, removed, drifted, and a flagged value in a ConfigMap. */
function secretScenarios(opts: { showSecrets?: boolean } = {}): ReleaseDiff[] {
  const secretValues = [SENTINEL, SENTINEL_CM];
  const o = { ...opts, secretValues };
  const stored = storedFrom({ password: `${SENTINEL}-old` });
  const desired = desiredOf({ password: SENTINEL, message: SENTINEL_CM });
  const live = liveFrom(desiredOf({ password: `${SENTINEL}-old` }));
  const sec = live.get('/Secret/demo/demo-credentials') as JsonObject & { data: JsonObject };
  sec.data.username = Buffer.from(`${SENTINEL}-user`).toString('base64');
  return [
    computeReleaseDiff({ release, desiredManifest: desired, stored, live }, o),
    computeReleaseDiff({ release: { name: 'fresh', namespace: 'demo' }, desiredManifest: desired }, o),
    computeReleaseDiff({ release: { name: 'old', namespace: 'demo' }, stored: storedFrom({ password: SENTINEL }) }, o),
  ];
}

function leaks(out: string): string[] {
  const forms = [SENTINEL, SENTINEL_CM, Buffer.from(SENTINEL).toString('base64'), Buffer.from(`${SENTINEL}-old`).toString('base64'), 'czNjcjN0', 'YWRtaW4='];
  return forms.filter((f) => out.includes(f));
}

describe('secrets are masked in every output format', () => {
  const diffs = secretScenarios();

  it('the scenarios really contain secret changes, additions, removals and drift', () => {
    expect(diffs[0]!.resources.find((r) => r.key.kind === 'Secret')!.change).toBe('changed');
    expect(diffs[0]!.resources.find((r) => r.key.kind === 'Secret')!.drift!.state).toBe('changed');
    expect(diffs[0]!.resources.find((r) => r.key.kind === 'ConfigMap')!.change).toBe('changed');
    expect(diffs[1]!.resources.some((r) => r.key.kind === 'Secret' && r.change === 'added')).toBe(true);
    expect(diffs[2]!.resources.some((r) => r.key.kind === 'Secret' && r.change === 'removed')).toBe(true);
  });

  it.each([
    ['text', () => renderDiffText(diffs)],
    ['coloured text with context', () => renderDiffText(diffs, { color: true, context: 1 })],
    ['JSON', () => renderDiffJson(diffs)],
    ['Markdown', () => renderDiffMarkdown(diffs)],
  ])('%s never holds the sentinel, plain or base64', (_name, render) => {
    const out = render();
    expect(out.length).toBeGreaterThan(200);
    expect(leaks(out)).toEqual([]);
  });

  it('shows which key changed and the sizes', () => {
    const text = renderDiffText(diffs);
    expect(text).toContain(`-   password: "<secret: ${SENTINEL.length + 4} bytes>"`);
    expect(text).toContain(`+   password: "<secret: ${SENTINEL.length} bytes, changed>"`);
    expect(text).toContain(`+   message: "<secret: ${SENTINEL_CM.length} bytes, changed>"`);
    const sec = diffs[0]!.resources.find((r) => r.key.kind === 'Secret')!;
    expect(sec.containsSecrets).toBe(true);
    expect(sec.fields).toEqual([
      { path: '/data/password', op: 'replace', before: `<secret: ${SENTINEL.length + 4} bytes>`, after: `<secret: ${SENTINEL.length} bytes, changed>`, masked: true },
    ]);
  });

  it('reveals values only with showSecrets', () => {
    const shown = secretScenarios({ showSecrets: true });
    expect(renderDiffText(shown)).toContain(Buffer.from(SENTINEL).toString('base64'));
    expect(renderDiffJson(shown)).toContain(SENTINEL_CM);
    expect(renderDiffMarkdown(shown)).toContain(SENTINEL_CM);
  });
});

describe('secret values of a values tree', () => {
  it('collects string leaves long enough to search for, and masks them anywhere', () => {
    const values = { db: { password: SENTINEL, port: 5432, tls: true, hosts: ['primary.example', 'abc'] } };
    expect(secretStringsOf(values)).toEqual([SENTINEL, 'primary.example']);
    const cm = { data: { url: `postgres://app:${SENTINEL}@primary.example/db`, other: 'plain' } };
    const m = maskPair({ group: '', kind: 'ConfigMap' }, undefined, cm, { secretValues: secretStringsOf(values) });
    expect(m.after).toEqual({ data: { url: `<secret: ${cm.data.url.length} bytes>`, other: 'plain' } });
    expect(m.masked).toBe(true);
  });
});

describe('renderers', () => {
  const stored = storedFrom();
  const diff = computeReleaseDiff({ release, desiredManifest: desiredOf({ replicaCount: 3, 'widget.enabled': true, 'service.enabled': false }), stored });
  const same = computeReleaseDiff({ release: { name: 'same', namespace: 'other' }, desiredManifest: desiredOf(), stored: storedFrom() });

  it('text follows helm-diff headings and shows whole objects by default', () => {
    const text = renderDiffText([diff, same]);
    expect(text).toContain('Comparing release=demo/demo: 1 added, 1 changed, 1 removed\n');
    expect(text).toContain('demo, demo, Deployment (apps/v1) has changed:\n  # Source: webapp/templates/deployment.yaml\n  apiVersion: apps/v1\n');
    expect(text).toContain('-   replicas: 1\n+   replicas: 3\n');
    expect(text).toContain('demo, demo-widget, Widget (example.com/v1) has been added:');
    expect(text).toContain('demo, demo, Service (v1) has been removed:');
    expect(text).toContain('Comparing release=other/same: no changes');
    expect(renderDiffText([same], { showUnchanged: false })).toBe('');
  });

  it('--context N cuts objects down to hunks', () => {
    const text = renderDiffText([diff], { context: 1 });
    expect(text).toMatch(/@@ -\d+,3 \+\d+,3 @@\n {2}spec:\n-   replicas: 1\n\+   replicas: 3\n {4}selector:/);
    expect(text).not.toContain('containerPort');
  });

  it('colours additions green and removals red only when asked', () => {
    expect(renderDiffText([diff], { color: true })).toContain('\x1b[32m+   replicas: 3\x1b[0m');
    expect(renderDiffText([diff])).not.toContain('\x1b[');
  });

  it('exit status is 2 only with --detailed-exitcode and a changed release', () => {
    expect(diffExitCode([diff, same], true)).toBe(2);
    expect(diffExitCode([diff, same], false)).toBe(0);
    expect(diffExitCode([same], true)).toBe(0);
  });

  it('JSON is the schemaVersion 1 report', () => {
    const doc = JSON.parse(renderDiffJson([diff, same]));
    expect(doc.schemaVersion).toBe(1);
    expect(doc.hasChanges).toBe(true);
    expect(doc.releases).toHaveLength(2);
    expect(doc.releases[0].release).toEqual({ name: 'demo', namespace: 'demo' });
    expect(doc.releases[0].resources.map((r: { id: string; change: string }) => `${r.change} ${r.id}`)).toEqual([
      'removed /Service/demo/demo',
      'changed apps/Deployment/demo/demo',
      'added example.com/Widget/demo/demo-widget',
    ]);
    expect(doc.releases[1].hasChanges).toBe(false);
  });

  it('Markdown has a summary table and one collapsible section per changed release', () => {
    const md = renderDiffMarkdown([diff, same]);
    expect(md).toContain('1 of 2 releases would change.');
    expect(md).toContain('| `demo/demo` | 1 | 1 | 1 | 0 |');
    expect(md).toContain('| `other/same` | 0 | 0 | 0 | 0 |');
    expect(md.match(/<details>/g)).toHaveLength(1);
    expect(md).toContain('<summary><code>demo/demo</code>: 1 added, 1 changed, 1 removed</summary>\n\n```diff\n');
    expect(md).toContain('-   replicas: 1\n+   replicas: 3');
  });

  it('Markdown fences outgrow backticks in the diff and stay under maxLength', () => {
    const tricky = computeReleaseDiff({ release, desiredManifest: desiredOf({ message: '```inject```' }), stored });
    const md = renderDiffMarkdown([tricky]);
    expect(md).toContain('````diff\n');
    const small = renderDiffMarkdown([diff], { maxLength: 1500 });
    expect(small.length).toBeLessThanOrEqual(1500);
    expect(small).toContain('Diff truncated');
  });
});
