import { describe, expect, it } from '@jest/globals';
import { assemblePlan } from '../../src/plan/assemble.js';
import { isSuspended, leaveSuspended, SUSPENDED_REASON } from '../../src/plan/suspension.js';
import type { PlannedRelease } from '../../src/plan/types.js';

const rel = (id: string, needs: string[] = []): PlannedRelease => ({ id, name: id.split('/')[1]!, namespace: id.split('/')[0]!, installed: true, needs });
const releases = [rel('d/db'), rel('a/api', ['d/db']), rel('c/cache')];
const plan = assemblePlan(releases, new Map(releases.map((r) => [r.id, {}])), { mode: 'sync' });

describe('leaveSuspended', () => {
  it('turns a suspended release into a noop with the reason first, and its dependants go on without waiting for it', () => {
    const { plan: p, left } = leaveSuspended(plan, new Set(['d/db']));
    expect(left.map((a) => a.id)).toEqual(['d/db']);
    const db = p.actions.find((a) => a.id === 'd/db')!;
    expect(db).toMatchObject({ action: 'noop', wave: -1, waitsFor: [] });
    expect(db.reasons).toEqual([SUSPENDED_REASON, 'would install: not installed']);
    expect(p.actions.find((a) => a.id === 'a/api')).toMatchObject({ action: 'install', waitsFor: [] });
    expect(p.waves.flatMap((w) => w.ids).sort()).toEqual(['a/api', 'c/cache']);
    expect(p.summary).toEqual({ install: 2, upgrade: 0, uninstall: 0, noop: 1 });
  });
  it('changes nothing when no planned release is suspended', () => {
    expect(leaveSuspended(plan, new Set(['x/none'])).plan).toBe(plan);
  });
  it('reads the mark as other tools write yes', () => {
    expect(isSuspended({ 'helmsync.dev/suspended': 'true' })).toBe(true);
    expect(isSuspended({ 'helmsync.dev/suspended': 'false' })).toBe(false);
    expect(isSuspended(undefined)).toBe(false);
  });
});
