import { describe, expect, it } from '@jest/globals';
import { assemblePlan } from '../../src/plan/assemble.js';
import { appendPrunes, decidePrunes, type StoredRelease } from '../../src/plan/prune.js';
import { renderPlanText } from '../../src/plan/render.js';
import type { PlannedRelease } from '../../src/plan/types.js';
import { executePlan } from '../../src/sync/execute.js';

const OWNER = 'helmfile.yaml_default_12345678';
const stored = (name: string, labels: Record<string, string>, over: Partial<StoredRelease> = {}): StoredRelease => ({ context: '', name, namespace: 'ns', revision: 1, status: 'deployed', labels, ...over });
const owned = (name: string, extra: Record<string, string> = {}, over: Partial<StoredRelease> = {}) => stored(name, { 'helmsync.dev/owner': OWNER, ...extra }, over);
const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('decidePrunes', () => {
  const declared = [{ context: '', namespace: 'ns', name: 'web' }];
  it('prunes only owned, undeclared, unprotected, unsuspended, settled releases', () => {
    const d = decidePrunes({
      owner: OWNER,
      declared,
      enabledCount: 1,
      stored: [
        owned('web'),
        owned('gone'),
        stored('foreign', { 'helmsync.dev/owner': 'someone-else' }),
        stored('unmarked', {}),
        owned('guarded', { 'helmsync.dev/protected': 'true' }),
        owned('paused', { 'helmsync.dev/suspended': 'true' }),
        owned('busy', {}, { status: 'pending-upgrade' }),
        owned('history', {}, { status: 'uninstalled' }),
      ],
    });
    expect(d.prune.map((p) => p.id)).toEqual(['ns/gone']);
    expect(d.kept.map((k) => [k.stored.name, k.reason])).toEqual([
      ['guarded', 'protected (helmsync.dev/protected=true)'],
      ['paused', 'suspended (helmsync resume lifts it)'],
      ['busy', 'revision 1 is pending-upgrade: another operation has not finished'],
    ]);
  });
  it('refuses everything when the file yields no enabled release', () => {
    const d = decidePrunes({ owner: OWNER, declared: [], enabledCount: 0, stored: [owned('a'), owned('b')] });
    expect(d.prune).toEqual([]);
    expect(d.refused).toBe(`the releases file yields no release, so nothing is pruned (2 releases owned by ${OWNER} left alone)`);
  });
  it('a declared release without a namespace keeps that name in every namespace', () => {
    const d = decidePrunes({ owner: OWNER, declared: [{ context: '', namespace: '', name: 'x' }], enabledCount: 1, stored: [owned('x'), owned('y')] });
    expect(d.prune.map((p) => p.id)).toEqual(['ns/y']);
  });
});

describe('prunes in the plan', () => {
  const rel = (id: string): PlannedRelease => ({ id, name: id.split('/')[1]!, namespace: id.split('/')[0]!, installed: true, needs: [] });
  const base = assemblePlan([rel('ns/web')], new Map([['ns/web', {}]]), { mode: 'sync' });
  const d = decidePrunes({
    owner: OWNER,
    declared: [{ context: '', namespace: 'ns', name: 'web' }],
    enabledCount: 1,
    stored: [owned('db', { 'helmsync.dev/depth': '0' }), owned('api', { 'helmsync.dev/depth': '1' }), owned('ui', { 'helmsync.dev/depth': '2' })],
  });
  const plan = appendPrunes(base, d.prune, OWNER);

  it('come last, deepest first, and count as uninstalls', () => {
    expect(plan.waves.map((w) => [w.kind, w.ids])).toEqual([
      ['apply', ['ns/web']],
      ['prune', ['ns/ui']],
      ['prune', ['ns/api']],
      ['prune', ['ns/db']],
    ]);
    expect(plan.summary).toEqual({ install: 1, upgrade: 0, uninstall: 3, noop: 0, prune: 3 });
    expect(renderPlanText(plan)).toContain('Plan: 1 to install, 0 to upgrade, 3 to uninstall (3 pruned), 0 unchanged\nWave 1:\n  + ns/web  install');
    expect(renderPlanText(plan)).toContain(`Wave 2 (prune):\n  - ns/ui   uninstall  pruned: owned by ${OWNER} and no longer in the releases file`);
  });

  it('run only when every other action succeeded', async () => {
    const ran: string[] = [];
    const ok = await executePlan(plan, { run: async (a) => void ran.push(a.id), concurrency: 0, interactive: false, logger, clock: { now: () => 0 } });
    expect(ran).toEqual(['ns/web', 'ns/ui', 'ns/api', 'ns/db']);
    expect(ok.failed).toEqual([]);
    const ran2: string[] = [];
    const failed = await executePlan(plan, {
      run: async (a) => {
        ran2.push(a.id);
        if (a.id === 'ns/web') throw new Error('boom');
      },
      concurrency: 0,
      interactive: false,
      logger,
      clock: { now: () => 0 },
    });
    expect(ran2).toEqual(['ns/web']);
    expect(failed.skipped.map((o) => [o.id, o.reason])).toEqual([
      ['ns/db', 'not pruned: ns/web failed'],
      ['ns/api', 'not pruned: ns/web failed'],
      ['ns/ui', 'not pruned: ns/web failed'],
    ]);
  });
});
