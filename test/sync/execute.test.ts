import { describe, expect, it } from '@jest/globals';
import { assemblePlan } from '../../src/plan/assemble.js';
import type { PlannedRelease } from '../../src/plan/types.js';
import { executePlan } from '../../src/sync/execute.js';
import { ReleasesFailedError, renderExecutionSummary } from '../../src/sync/report.js';
import { ExternalCommandError } from '../../src/errors/index.js';

const logger = () => {
  const lines: string[] = [];
  return { lines, debug: (m: string) => lines.push(`debug ${m}`), info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) };
};

const rel = (id: string, needs: string[] = [], installed = true): PlannedRelease => {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, name, namespace, installed, needs };
};

/** db ← api ← web, and an independent cache; everything to install. */
const releases = [rel('d/db'), rel('a/api', ['d/db']), rel('w/web', ['a/api']), rel('c/cache')];
const installPlan = () => assemblePlan(releases, new Map(releases.map((r) => [r.id, {}])), { mode: 'sync' });

describe('executePlan', () => {
  it('runs waves in needs order and every release of a wave', async () => {
    const order: string[] = [];
    const log = logger();
    const report = await executePlan(installPlan(), {
      run: async (a) => void order.push(a.id),
      concurrency: 0,
      interactive: false,
      logger: log,
      clock: { now: () => 0 },
    });
    expect(order.indexOf('d/db')).toBeLessThan(order.indexOf('a/api'));
    expect(order.indexOf('a/api')).toBeLessThan(order.indexOf('w/web'));
    expect(report.changed.map((o) => o.id).sort()).toEqual(['a/api', 'c/cache', 'd/db', 'w/web']);
    expect(report.failed).toEqual([]);
  });

  it('a failure skips the transitive dependants and lets independent releases finish', async () => {
    const ran: string[] = [];
    const log = logger();
    const report = await executePlan(installPlan(), {
      run: async (a) => {
        ran.push(a.id);
        if (a.id === 'd/db') throw new ExternalCommandError('helm', ['upgrade'], 1, 'Error: UPGRADE FAILED: boom');
      },
      concurrency: 1,
      interactive: false,
      logger: log,
      clock: { now: () => 0 },
    });
    expect(ran.sort()).toEqual(['c/cache', 'd/db']);
    expect(report.failed.map((o) => o.id)).toEqual(['d/db']);
    expect(report.skipped.map((o) => [o.id, o.reason])).toEqual([
      ['a/api', 'needs d/db failed'],
      ['w/web', 'needs a/api was skipped'],
    ]);
    expect(report.changed.map((o) => o.id)).toEqual(['c/cache']);
    const summary = renderExecutionSummary(report);
    expect(summary).toContain('FAILED RELEASES:\nNAME\tNAMESPACE\tACTION \tERROR\ndb  \td        \tinstall\tError: UPGRADE FAILED: boom');
    const err = new ReleasesFailedError(report);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(
      '1 release failed:\n  d/db (install): helm upgrade failed (exit 1):\n    Error: UPGRADE FAILED: boom\n  a/api: skipped, needs d/db failed\n  w/web: skipped, needs a/api was skipped',
    );
  });

  it('respects the concurrency limit inside a wave', async () => {
    const many = Array.from({ length: 6 }, (_, i) => rel(`n/r${i}`));
    const plan = assemblePlan(many, new Map(many.map((r) => [r.id, {}])), { mode: 'sync' });
    let running = 0;
    let peak = 0;
    await executePlan(plan, {
      run: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
      concurrency: 2,
      interactive: false,
      logger: logger(),
      clock: { now: () => 0 },
    });
    expect(peak).toBe(2);
  });

  it('uninstalls dependants first and skips what a failed dependant needs', async () => {
    const rs = [rel('d/db'), rel('a/api', ['d/db'])];
    const present = { record: { revision: 1, status: 'deployed', chart: { name: 'x', version: '1' } } };
    const plan = assemblePlan(rs, new Map(rs.map((r) => [r.id, present])), { mode: 'destroy' });
    const report = await executePlan(plan, {
      run: async (a) => {
        if (a.id === 'a/api') throw new Error('uninstall failed');
      },
      concurrency: 0,
      interactive: false,
      logger: logger(),
      clock: { now: () => 0 },
    });
    expect(report.failed.map((o) => o.id)).toEqual(['a/api']);
    expect(report.skipped.map((o) => [o.id, o.reason])).toEqual([['d/db', 'dependant a/api failed']]);
  });
});
