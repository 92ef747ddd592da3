/**
 * The two ways reconcile bends apply's plan (issue 10): releases backing off
 * are held back with everything waiting for them, and drift counts as a
 * change only with --self-heal. Plans come from the real planner.
 */
import { describe, expect, it } from '@jest/globals';
import { assemblePlan } from '../../src/plan/assemble.js';
import type { PlannedRelease, ReleaseObservation } from '../../src/plan/types.js';
import type { ReleaseDiff, ResourceDiff } from '../../src/diff/types.js';
import { holdReleases } from '../../src/reconcile/hold.js';
import { isDrifted, planningDiffs } from '../../src/reconcile/drift-policy.js';

const rel = (id: string, needs: string[] = [], installed = true): PlannedRelease => ({ id, name: id.split('/')[1]!, namespace: id.split('/')[0]!, installed, needs });
const deployed: ReleaseObservation = { record: { revision: 1, status: 'deployed', chart: { name: 'demo', version: '1.0.0' } } };
const failed: ReleaseObservation = { record: { revision: 2, status: 'failed', chart: { name: 'demo', version: '1.0.0' } } };

describe('holding releases back', () => {
  // db ← web ← edge; other independent; gone is an uninstall that web's namespace does not need.
  const releases = [rel('data/db'), rel('apps/web', ['data/db']), rel('apps/edge', ['apps/web']), rel('apps/other'), rel('apps/gone', [], false)];
  const plan = assemblePlan(releases, new Map([['data/db', failed], ['apps/web', {}], ['apps/edge', {}], ['apps/other', failed], ['apps/gone', deployed]]), { mode: 'apply' });

  it('holds the release and, transitively, what needs it; independent ones stay in their waves', () => {
    const { plan: p, held } = holdReleases(plan, new Map([['data/db', 'backing off after 1 failure, next retry in 10s']]));
    expect(held).toEqual([
      { id: 'data/db', reason: 'backing off after 1 failure, next retry in 10s' },
      { id: 'apps/web', reason: 'needs data/db, which is held back' },
      { id: 'apps/edge', reason: 'needs apps/web, which is held back' },
    ]);
    expect(p.actions.map((a) => [a.id, a.action, a.wave])).toEqual([
      ['data/db', 'noop', -1],
      ['apps/web', 'noop', -1],
      ['apps/edge', 'noop', -1],
      ['apps/other', 'upgrade', 1],
      ['apps/gone', 'uninstall', 0],
    ]);
    expect(p.waves).toEqual([
      { index: 0, kind: 'uninstall', ids: ['apps/gone'] },
      { index: 1, kind: 'apply', ids: ['apps/other'] },
    ]);
    expect(p.summary).toEqual({ install: 0, upgrade: 1, uninstall: 1, noop: 3 });
    expect(p.actions[0]!.reasons[0]).toBe('held back: backing off after 1 failure, next retry in 10s');
  });

  it('holding a noop or an unknown id changes nothing; holding all leaves no change', () => {
    expect(holdReleases(plan, new Map([['nope/x', 'r']])).plan).toBe(plan);
    const all = holdReleases(plan, new Map(releases.map((r) => [r.id, 'r'])));
    expect([all.plan.hasChanges, all.plan.waves]).toEqual([false, []]);
  });
});

function diff(resources: Partial<ResourceDiff>[]): ReleaseDiff {
  const rs = resources.map((r) => ({ id: 'x', key: { apiVersion: 'v1', group: '', kind: 'ConfigMap', namespace: 'a', name: 'x' }, change: 'unchanged', fields: [], beforeText: '', afterText: '', suppressed: false, ignored: [], containsSecrets: false, ...r }) as ResourceDiff);
  return { release: { name: 'x', namespace: 'a' }, desired: true, resources: rs, summary: { added: 0, removed: 0, changed: 0, unchanged: 0, drifted: 0, suppressed: 0 }, hasChanges: true };
}
const drift = { state: 'changed' as const, fields: [], liveText: '', desiredText: '' };

describe('drift policy', () => {
  const onlyDrift = diff([{ drift }]);
  const driftAndChange = diff([{ drift }, { change: 'changed' }]);
  const suppressedDrift = diff([{ drift, suppressed: true }]);
  const diffs = new Map([['a/drift', onlyDrift], ['a/both', driftAndChange]]);

  it('without --self-heal a release that only drifted is not a change; one with a real change still is', () => {
    const p = planningDiffs(diffs, false);
    expect([p.get('a/drift')!.hasChanges, p.get('a/both')!.hasChanges]).toEqual([false, true]);
    const plan = assemblePlan([rel('a/drift'), rel('a/both')], new Map([['a/drift', { ...deployed, diff: p.get('a/drift')! }], ['a/both', { ...deployed, diff: p.get('a/both')! }]]), { mode: 'apply' });
    expect(plan.actions.map((a) => a.action)).toEqual(['noop', 'upgrade']);
  });

  it('with --self-heal the diffs are apply\'s own', () => {
    expect(planningDiffs(diffs, true)).toBe(diffs);
  });

  it('drift of a suppressed kind or in-sync objects is not drift', () => {
    expect([isDrifted(onlyDrift), isDrifted(suppressedDrift), isDrifted(diff([{ drift: { ...drift, state: 'in-sync' } }])), isDrifted(undefined)]).toEqual([true, false, false, false]);
  });
});
