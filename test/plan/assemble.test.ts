import { describe, expect, it } from '@jest/globals';
import { BugError, UserError } from '../../src/errors/index.js';
import { assemblePlan } from '../../src/plan/assemble.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/plan/render.js';
import type { PlannedRelease, ReleaseObservation } from '../../src/plan/types.js';
import { computeReleaseDiff } from '../../src/diff/release-diff.js';
import { helmTemplate } from '../diff/helm-template.js';
import { storedFrom } from '../diff/fixtures.js';

const rel = (name: string, needs: string[] = [], extra: Partial<PlannedRelease> = {}): PlannedRelease => ({ id: `ns/${name}`, name, namespace: 'ns', installed: true, needs: needs.map((n) => `ns/${n}`), ...extra });
const deployed = (revision = 1, status = 'deployed', version = '0.1.0'): ReleaseObservation['record'] => ({ revision, status, chart: { name: 'webapp', version } });

// Real diffs: a changed release and an unchanged one, from helm template output.
const stored = storedFrom();
const changedDiff = computeReleaseDiff({ release: { name: 'demo', namespace: 'demo' }, desiredManifest: helmTemplate({ release: 'demo', namespace: 'demo', set: { replicaCount: 2 } }), stored });
const sameDiff = computeReleaseDiff({ release: { name: 'demo', namespace: 'demo' }, desiredManifest: helmTemplate({ release: 'demo', namespace: 'demo' }), stored });
const installDiff = computeReleaseDiff({ release: { name: 'demo', namespace: 'demo' }, desiredManifest: helmTemplate({ release: 'demo', namespace: 'demo' }) });

function obs(entries: Record<string, ReleaseObservation>): Map<string, ReleaseObservation> {
  return new Map(Object.entries(entries).map(([k, v]) => [`ns/${k}`, v]));
}

describe('assemblePlan (apply)', () => {
  const releases = [rel('web', ['db']), rel('db'), rel('cache'), rel('old', [], { installed: false }), rel('gone', [], { installed: false })];
  const observed = obs({
    web: { record: deployed(4), diff: changedDiff },
    db: { diff: installDiff },
    cache: { record: deployed(2), diff: sameDiff },
    old: { record: deployed(7) },
    gone: {},
  });
  const plan = assemblePlan(releases, observed, { mode: 'apply' });

  it('decides each action with its reasons', () => {
    expect(plan.actions.map((a) => [a.id, a.action, a.reasons])).toEqual([
      ['ns/web', 'upgrade', ['1 changed']],
      ['ns/db', 'install', ['not installed', '4 added']],
      ['ns/cache', 'noop', ['no changes']],
      ['ns/old', 'uninstall', ['installed: false']],
      ['ns/gone', 'noop', ['not installed (installed: false)']],
    ]);
    expect(plan.summary).toEqual({ install: 1, upgrade: 1, uninstall: 1, noop: 2 });
    expect(plan.hasChanges).toBe(true);
  });

  it('uninstalls first, then needs before dependants', () => {
    expect(plan.waves).toEqual([
      { index: 0, kind: 'uninstall', ids: ['ns/old'] },
      { index: 1, kind: 'apply', ids: ['ns/db'] },
      { index: 2, kind: 'apply', ids: ['ns/web'] },
    ]);
    expect(plan.actions.find((a) => a.id === 'ns/web')).toMatchObject({ wave: 2, waitsFor: ['ns/db'], fromRevision: 4 });
    expect(plan.actions.find((a) => a.id === 'ns/cache')!.wave).toBe(-1);
  });

  it('renders text, Markdown and JSON', () => {
    expect(renderPlanText(plan)).toBe(
      [
        'Plan: 1 to install, 1 to upgrade, 1 to uninstall, 2 unchanged',
        'Wave 1 (uninstall):',
        '  - ns/old    uninstall  installed: false',
        'Wave 2:',
        '  + ns/db     install    not installed; 4 added',
        'Wave 3:',
        '  ~ ns/web    upgrade    1 changed',
        'Unchanged:',
        '  = ns/cache  noop       no changes',
        '  = ns/gone   noop       not installed (installed: false)',
        '',
      ].join('\n'),
    );
    expect(renderPlanText(plan, { color: true })).toContain('\x1b[31m  - ns/old');
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('| 3 | `ns/web` | upgrade | 1 changed |');
    expect(md).toContain('| – | `ns/cache` | noop | no changes |');
    expect(JSON.parse(renderPlanJson(plan))).toEqual(plan);
  });
});

describe('waves', () => {
  it('independent releases run together; a noop in a chain still orders its ends', () => {
    const releases = [rel('a'), rel('b', ['a']), rel('c', ['b']), rel('x'), rel('y', ['x'])];
    const plan = assemblePlan(
      releases,
      obs({ a: { record: deployed() }, b: { record: deployed(), diff: sameDiff }, c: { record: deployed() }, x: { record: deployed() }, y: { record: deployed() } }),
      { mode: 'sync' },
    );
    expect(plan.actions.find((a) => a.id === 'ns/b')!.reasons).toEqual(['sync upgrades every release']);
    const apply = assemblePlan(
      releases,
      obs({ a: { record: deployed(), diff: changedDiff }, b: { record: deployed(), diff: sameDiff }, c: { record: deployed(), diff: changedDiff }, x: { record: deployed(), diff: sameDiff }, y: { record: deployed(), diff: changedDiff } }),
      { mode: 'apply' },
    );
    expect(apply.waves.map((w) => w.ids)).toEqual([['ns/a'], ['ns/y'], ['ns/c']]);
    expect(plan.waves.map((w) => w.ids)).toEqual([['ns/a', 'ns/x'], ['ns/b', 'ns/y'], ['ns/c']]);
  });

  it('destroy uninstalls dependants before what they need and skips absent releases', () => {
    const releases = [rel('a'), rel('b', ['a']), rel('c', ['b']), rel('d', ['a'])];
    const plan = assemblePlan(releases, obs({ a: { record: deployed() }, b: { record: deployed() }, c: { record: deployed() }, d: {} }), { mode: 'destroy' });
    expect(plan.waves).toEqual([
      { index: 0, kind: 'uninstall', ids: ['ns/c'] },
      { index: 1, kind: 'uninstall', ids: ['ns/b'] },
      { index: 2, kind: 'uninstall', ids: ['ns/a'] },
    ]);
    expect(plan.actions.find((a) => a.id === 'ns/a')!.waitsFor).toEqual(['ns/b']);
    expect(plan.actions.find((a) => a.id === 'ns/d')!.action).toBe('noop');
  });

  it('ignores needs on releases outside the run and reports cycles', () => {
    const plan = assemblePlan([rel('a', ['elsewhere'])], obs({ a: {} }), { mode: 'apply' });
    expect(plan.actions[0]).toMatchObject({ action: 'install', waitsFor: [], wave: 0 });
    expect(() => assemblePlan([rel('a', ['b']), rel('b', ['a'])], obs({ a: {}, b: {} }), { mode: 'apply' })).toThrow(UserError);
    expect(() => assemblePlan([rel('a', ['b']), rel('b', ['a'])], obs({ a: {}, b: {} }), { mode: 'apply' })).toThrow(/needs cycle: ns\/(a|b) → ns\/(a|b) → ns\/(a|b)/);
    expect(() => assemblePlan([rel('a')], new Map(), { mode: 'apply' })).toThrow(BugError);
  });
});

describe('upgrade reasons beyond the diff', () => {
  const plan = (record: ReleaseObservation['record'], extra: Partial<PlannedRelease> = {}, diff = sameDiff) =>
    assemblePlan([rel('a', [], extra)], obs({ a: { record, diff } }), { mode: 'apply' }).actions[0]!;

  it('a chart version bump upgrades even when the objects render the same', () => {
    expect(plan(deployed(3), { chart: { name: 'webapp', version: '0.2.0' } })).toMatchObject({ action: 'upgrade', reasons: ['chart webapp 0.1.0 → 0.2.0'] });
    expect(plan(deployed(3), { chart: { name: 'webapp', version: '0.1.0' } }).action).toBe('noop');
  });

  it('a failed or pending last revision is upgraded, an uninstalled one installed', () => {
    expect(plan(deployed(3, 'failed')).reasons).toEqual(['last revision 3 is failed']);
    expect(plan(deployed(3, 'pending-upgrade')).reasons[0]).toMatch(/^last revision 3 is pending-upgrade \(an earlier operation did not finish/);
    expect(plan(deployed(3, 'uninstalled'))).toMatchObject({ action: 'install', reasons: ['uninstalled (revision 3 kept in history)'] });
  });

  it('drift alone upgrades, with the drift as the reason', () => {
    const d = { ...sameDiff, hasChanges: true, summary: { ...sameDiff.summary, drifted: 1 } };
    expect(plan(deployed(), {}, d).reasons).toEqual(['1 drifted']);
  });
});

describe('scale', () => {
  it('plans 2,000 releases (a 1,000-long needs chain and 1,000 independent ones) quickly', () => {
    const releases = Array.from({ length: 2000 }, (_, i) => rel(`r${i}`, i > 0 && i < 1000 ? [`r${i - 1}`] : []));
    const observed = new Map(releases.map((r) => [r.id, {}]));
    const started = process.hrtime.bigint();
    const plan = assemblePlan(releases, observed, { mode: 'apply' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(plan.waves).toHaveLength(1000);
    expect(plan.waves[0]!.ids).toHaveLength(1001);
    expect(ms).toBeLessThan(1000);
  });
});
