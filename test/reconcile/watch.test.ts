/**
 * `reconcile --watch`'s pure parts with an injected clock (issue 10): the
 * debounce of events into ticks, the loop waking for an event batch without
 * moving the interval, the heal rate limit, contested fields and the
 * ignoreDiffs rule that settles them, what a change of a path or an object
 * affects, and kubectl's back-to-back JSON documents.
 */
import { describe, expect, it } from '@jest/globals';
import { JsonStreamSplitter } from '../../src/cluster/json-stream.js';
import { watchArgv } from '../../src/cluster/object-watch.js';
import type { ReleaseDiff } from '../../src/diff/types.js';
import type { Clock } from '../../src/ports/index.js';
import { contestedRules, decideHeals, HealGuard, ignoreDiffsYaml } from '../../src/reconcile/heal-guard.js';
import { runLoop, type TickCause } from '../../src/reconcile/loop.js';
import { TriggerQueue } from '../../src/reconcile/triggers.js';
import { objectFingerprint, WatchIndex } from '../../src/reconcile/watch-index.js';

/**
 * A clock whose sleep advances time at once, delivering scripted events on
 * the way: an event due within a wait advances to its time, fires, and (when
 * it woke the loop) ends the wait early as a real wake-up would.
 */
function scriptedClock(events: { at: number; fire: () => void }[], start = 0): Clock & { t: number; waits: number[] } {
  const c = {
    t: start,
    waits: [] as number[],
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      c.waits.push(ms);
      const end = c.t + ms;
      events.sort((a, b) => a.at - b.at);
      while (events.length && events[0]!.at <= end) {
        const e = events.shift()!;
        c.t = Math.max(c.t, e.at);
        e.fire();
        if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
      c.t = end;
    },
  };
  return c;
}

describe('debounce', () => {
  it('a burst becomes one batch debounce after its last event, merged, reasons once each', () => {
    const q = new TriggerQueue({ debounceMs: 1000 });
    expect(q.dueAt()).toBeUndefined();
    q.add({ releases: new Set(['a/web']), reason: 'values/web.yaml changed', at: 0 });
    q.add({ releases: new Set(['a/api']), reason: 'values/api.yaml changed', at: 300 });
    q.add({ releases: new Set(['a/web']), reason: 'values/web.yaml changed', at: 600 });
    expect(q.dueAt()).toBe(1600);
    const b = q.take()!;
    expect({ releases: [...(b.releases as Set<string>)].sort(), reasons: b.reasons }).toEqual({ releases: ['a/api', 'a/web'], reasons: ['values/web.yaml changed', 'values/api.yaml changed'] });
    expect(q.take()).toBeUndefined();
  });

  it('a steady stream is not held back longer than maxDelay after its first event; all absorbs any set', () => {
    const q = new TriggerQueue({ debounceMs: 1000, maxDelayMs: 3000 });
    for (let t = 0; t <= 10_000; t += 500) q.add({ releases: new Set(['a/web']), reason: 'x', at: t });
    expect(q.dueAt()).toBe(3000);
    q.add({ releases: 'all', reason: 'helmfile.yaml changed', at: 10_000 });
    expect(q.take()!.releases).toBe('all');
  });
});

describe('the loop with events', () => {
  it('an event during the wait starts an event tick at debounce; the interval keeps its schedule', async () => {
    const q = new TriggerQueue({ debounceMs: 1000 });
    const clock = scriptedClock([
      { at: 5_000, fire: () => q.add({ releases: new Set(['a/web']), reason: 'Deployment a/web changed in the cluster', at: 5_000 }) },
      { at: 5_400, fire: () => q.add({ releases: new Set(['a/web']), reason: 'Deployment a/web changed in the cluster', at: 5_400 }) },
    ]);
    const ticks: { at: number; cause: TickCause }[] = [];
    await runLoop({ clock, intervalMs: 60_000, jitter: 0, maxTicks: 3, events: q, tick: async (_n, cause) => (ticks.push({ at: clock.now(), cause }), {}) });
    expect(ticks.map((t) => [t.at, t.cause.kind, t.cause.kind === 'event' && t.cause.releases !== 'all' ? [...t.cause.releases] : []])).toEqual([
      [0, 'interval', []],
      [6_400, 'event', ['a/web']],
      [60_000, 'interval', []],
    ]);
  });

  it('an event for all releases is a full tick: it restarts the interval', async () => {
    const q = new TriggerQueue({ debounceMs: 1000 });
    const clock = scriptedClock([{ at: 10_000, fire: () => q.add({ releases: 'all', reason: 'helmfile.yaml changed', at: 10_000 }) }]);
    const at: number[] = [];
    await runLoop({ clock, intervalMs: 60_000, jitter: 0, maxTicks: 3, events: q, tick: async () => (at.push(clock.now()), {}) });
    expect(at).toEqual([0, 11_000, 71_000]);
  });

  it('events pending when a full tick starts are covered by it', async () => {
    const q = new TriggerQueue({ debounceMs: 5_000 });
    // Due at 63 s, but the interval tick at 60 s comes first and takes them along.
    const clock = scriptedClock([{ at: 58_000, fire: () => q.add({ releases: new Set(['a/web']), reason: 'x', at: 58_000 }) }]);
    const causes: string[] = [];
    await runLoop({ clock, intervalMs: 60_000, jitter: 0, maxTicks: 3, events: q, tick: async (_n, c) => (causes.push(`${clock.now()}:${c.kind}`), {}) });
    expect(causes).toEqual(['0:interval', '60000:interval', '120000:interval']);
  });

  it('the stop signal ends a wait even with events pending', async () => {
    const q = new TriggerQueue({ debounceMs: 1000 });
    const stop = new AbortController();
    const clock = scriptedClock([{ at: 2_000, fire: () => (q.add({ releases: new Set(['x']), reason: 'x', at: 2_000 }), stop.abort()) }]);
    const r = await runLoop({ clock, intervalMs: 60_000, jitter: 0, signal: stop.signal, events: q, tick: async () => ({}) });
    expect(r.ticks).toBe(1);
  });
});

const diffWith = (fields: { kind: string; name: string; path: string }[], missing = false): ReleaseDiff =>
  ({
    release: { name: 'web', namespace: 'a' },
    desired: true,
    resources: fields.map((f) => ({
      id: `apps/${f.kind}/a/${f.name}`,
      key: { apiVersion: 'apps/v1', group: 'apps', kind: f.kind, namespace: 'a', name: f.name },
      change: 'unchanged',
      fields: [],
      beforeText: '',
      afterText: '',
      drift: { state: missing ? 'missing' : 'changed', fields: missing ? [] : [{ path: f.path, op: 'replace', before: 3, after: 1 }], liveText: '', desiredText: '' },
      suppressed: false,
      ignored: [],
      containsSecrets: false,
    })),
    summary: { added: 0, removed: 0, changed: 0, unchanged: 0, drifted: fields.length, suppressed: 0 },
    hasChanges: true,
  }) as ReleaseDiff;

describe('heal guard', () => {
  const opts = { baseGapMs: 5_000, capGapMs: 60_000, windowMs: 600_000, contestAfter: 3 };
  const f = { release: 'a/web', group: 'apps', kind: 'Deployment', namespace: 'a', name: 'web', pointer: '/spec/replicas' };

  it('the first heal is at once, then 5 s, 10 s, 20 s … capped; a quiet window starts over', () => {
    const g = new HealGuard(opts);
    expect(g.mayHeal('a/web', 0)).toBe(true);
    g.healed('a/web', [], 0);
    expect([g.nextHealAt('a/web', 1), g.mayHeal('a/web', 4_999), g.mayHeal('a/web', 5_000)]).toEqual([5_000, false, true]);
    g.healed('a/web', [], 5_000);
    expect(g.nextHealAt('a/web', 5_001)).toBe(15_000);
    g.healed('a/web', [], 15_000);
    expect(g.nextHealAt('a/web', 15_001)).toBe(35_000);
    for (let t = 35_000; t < 400_000; t += 60_000) g.healed('a/web', [], t); // the last at 395 s
    expect(g.nextHealAt('a/web', 395_001) - 395_000).toBe(60_000);
    // Other releases are not limited by it.
    expect(g.mayHeal('a/api', 395_001)).toBe(true);
    expect(g.mayHeal('a/web', 395_000 + 600_001)).toBe(true);
  });

  it('three flip-backs after heals make a field contested; a drift seen twice before the next heal counts once', () => {
    const g = new HealGuard(opts);
    expect(g.observe([f], 0)).toEqual([]); // first drift: nobody healed it yet
    g.healed('a/web', [f], 0);
    expect(g.observe([f], 1_000)).toEqual([]); // flip-back 1
    expect(g.observe([f], 2_000)).toEqual([]); // the same flip, seen again while rate-limited
    g.healed('a/web', [f], 5_000);
    expect(g.observe([f], 6_000)).toEqual([]); // 2
    g.healed('a/web', [f], 15_000);
    expect(g.observe([f], 16_000)).toEqual([{ ...f, flips: 3, since: 16_000 }]);
    expect(g.contested('a/web')).toHaveLength(1);
    expect(g.contested('a/api')).toEqual([]);
    expect(contestedRules(g).get('a/web')).toEqual([{ kind: 'Deployment', group: 'apps', name: 'web', namespace: 'a', jsonPointers: ['/spec/replicas'] }]);
  });

  it('a flip-back long after the heal starts the count over', () => {
    const g = new HealGuard({ ...opts, windowMs: 10_000 });
    g.healed('a/web', [f], 0);
    g.observe([f], 1_000);
    g.healed('a/web', [f], 2_000);
    g.observe([f], 3_000);
    g.healed('a/web', [f], 4_000);
    expect(g.observe([f], 60_000)).toEqual([]);
  });

  it('decideHeals: heals what it may, holds the rest with the time of the next heal, and leaves a release alone whose only drift just became contested', () => {
    const g = new HealGuard({ ...opts, contestAfter: 1 });
    const diffs = new Map([['a/web', diffWith([{ kind: 'Deployment', name: 'web', path: '/spec/replicas' }])]]);
    let d = decideHeals(diffs, g, 0);
    expect([[...d.heal], [...d.rateLimited], d.contested]).toEqual([['a/web'], [], []]);
    g.healed('a/web', d.fields.get('a/web')!, 0);
    d = decideHeals(diffs, g, 1_000);
    expect([[...d.heal], [...d.rateLimited], d.contested.map((c) => c.pointer)]).toEqual([[], [], ['/spec/replicas']]);
    // A missing object is always healed — after the rate limit.
    const gone = new Map([['a/web', diffWith([{ kind: 'ConfigMap', name: 'web', path: '' }], true)]]);
    d = decideHeals(gone, g, 2_000);
    expect([[...d.heal], [...d.rateLimited]]).toEqual([[], [['a/web', 5_000]]]);
  });

  it('the ignoreDiffs YAML groups pointers by object, as the releases file takes it', () => {
    expect(ignoreDiffsYaml([f, { ...f, pointer: '/spec/template/spec/containers/0/image' }, { ...f, kind: 'ConfigMap', group: '', pointer: '/data/x' }])).toBe(
      ['ignoreDiffs:', '  - kind: Deployment', '    name: web', '    jsonPointers:', '      - /spec/replicas', '      - /spec/template/spec/containers/0/image', '  - kind: ConfigMap', '    name: web', '    jsonPointers:', '      - /data/x', ''].join('\n'),
    );
  });
});

describe('what a change affects', () => {
  const web = { id: 'a/web', files: ['/p/values/web.yaml', '/p/values/common.yaml'], chartDir: '/p/charts/demo', context: '', objects: [{ apiVersion: 'apps/v1', group: 'apps', kind: 'Deployment', namespace: 'a', name: 'web' }] };
  const api = { id: 'a/api', files: ['/p/values/common.yaml'], context: '', objects: [{ apiVersion: 'v1', group: '', kind: 'ConfigMap', namespace: 'a', name: 'api' }, { apiVersion: 'rbac.authorization.k8s.io/v1', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: 'a', name: 'api-reader' }] };

  it('maps paths to the releases that read them, shared files to all, the rest to none', () => {
    const ix = new WatchIndex();
    ix.update([web, api], ['/p/helmfile.yaml', '/p/env/prod.yaml'], false);
    const ids = (s: unknown) => (s instanceof Set ? [...s].sort() : s);
    expect(ids(ix.scopeOfPath('/p/values/web.yaml'))).toEqual(['a/web']);
    expect(ids(ix.scopeOfPath('/p/values/common.yaml'))).toEqual(['a/api', 'a/web']);
    expect(ids(ix.scopeOfPath('/p/charts/demo/templates/deployment.yaml'))).toEqual(['a/web']);
    expect(ix.scopeOfPath('/p/charts/demo-other/x.yaml')).toBeUndefined();
    expect(ix.scopeOfPath('/p/env/prod.yaml')).toBe('all');
    expect(ix.scopeOfPath('/p/hooks.log')).toBeUndefined();
    expect(ix.directories()).toEqual({ dirs: ['/p', '/p/env', '/p/values'], trees: ['/p/charts/demo'] });
    expect(ix.fileCount()).toBe(5);
  });

  it('maps live objects to their release (cluster-scoped ones without a namespace) and plans one watch per kind and namespace', () => {
    const ix = new WatchIndex();
    ix.update([web, api], [], false);
    expect(ix.releaseOfObject('', 'apps', 'Deployment', 'a', 'web')).toBe('a/web');
    expect(ix.releaseOfObject('', 'apps', 'Deployment', 'b', 'web')).toBeUndefined();
    expect(ix.releaseOfObject('', 'rbac.authorization.k8s.io', 'ClusterRole', '', 'api-reader')).toBe('a/api');
    expect(ix.watches().map((w) => w.id)).toEqual(['|a|apps/v1|Deployment', '|a|rbac.authorization.k8s.io/v1|ClusterRole', '|a|v1|ConfigMap']);
    expect(watchArgv({ kubeconfig: '/k' }, { apiVersion: 'apps/v1', kind: 'Deployment' }, 'a')).toEqual(['--kubeconfig', '/k', 'get', 'deployment.v1.apps', '--namespace', 'a', '--watch', '--output-watch-events', '--output', 'json']);
  });

  it('a tick for some releases replaces only their entries; the shared files stay', () => {
    const ix = new WatchIndex();
    ix.update([web, api], ['/p/helmfile.yaml'], false);
    ix.update([{ ...api, files: ['/p/values/api.yaml'] }], undefined, true);
    expect(ix.scopeOfPath('/p/values/api.yaml')).toEqual(new Set(['a/api']));
    expect(ix.scopeOfPath('/p/values/web.yaml')).toEqual(new Set(['a/web']));
    expect(ix.scopeOfPath('/p/helmfile.yaml')).toBe('all');
  });

  it('status and server bookkeeping do not change an object\'s fingerprint; spec and labels do', () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { a: '1' }, resourceVersion: '1', generation: 1, managedFields: [{}], annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { replicas: 1 }, status: { readyReplicas: 0 } };
    const fp = objectFingerprint(base);
    expect(objectFingerprint({ ...base, metadata: { ...base.metadata, resourceVersion: '9', generation: 2, annotations: { 'deployment.kubernetes.io/revision': '2' } }, status: { readyReplicas: 1 } })).toBe(fp);
    expect(objectFingerprint({ ...base, spec: { replicas: 3 } })).not.toBe(fp);
    expect(objectFingerprint({ ...base, metadata: { ...base.metadata, labels: { a: '2' } } })).not.toBe(fp);
  });
});

describe("kubectl's JSON stream", () => {
  it('splits back-to-back pretty-printed documents across chunk boundaries, braces in strings included', () => {
    const docs = [{ type: 'ADDED', object: { metadata: { name: 'a{b}' }, data: { x: 'q"}{' } } }, { type: 'MODIFIED', object: { list: [1, { y: '\\' }] } }];
    const text = docs.map((d) => JSON.stringify(d, null, 4)).join('\n');
    for (const size of [1, 3, 7, 64, text.length]) {
      const s = new JsonStreamSplitter();
      const out: unknown[] = [];
      for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)).map((t) => JSON.parse(t)));
      expect(out).toEqual(docs);
    }
  });
});
