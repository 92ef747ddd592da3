import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors/index.js';
import { parseIgnoreDiffs, pointersFor } from '../../src/diff/ignore-rules.js';
import { getAligned, parsePointer, pointerCovers, removeAt, toPointer } from '../../src/diff/json-pointer.js';

describe('parseIgnoreDiffs', () => {
  it('accepts the documented shape', () => {
    expect(parseIgnoreDiffs([{ kind: 'Deployment', group: 'apps', name: 'web', jsonPointers: ['/spec/replicas'] }])).toEqual([
      { kind: 'Deployment', group: 'apps', name: 'web', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(parseIgnoreDiffs(undefined)).toEqual([]);
  });

  it.each([
    ['not a list', { kind: 'X' }, /must be a list/],
    ['no kind', [{ jsonPointers: ['/a'] }], /entry 1 needs a kind/],
    ['no pointers', [{ kind: 'X' }], /non-empty jsonPointers/],
    ['relative pointer', [{ kind: 'X', jsonPointers: ['spec/replicas'] }], /must be a string starting with "\/"/],
    ['unknown key', [{ kind: 'X', jsonPointers: ['/a'], jqPathExpressions: ['.a'] }], /unknown key "jqPathExpressions"/],
  ])('rejects %s with a UserError carrying the release and file', (_n, raw, msg) => {
    let err: unknown;
    try {
      parseIgnoreDiffs(raw, { release: 'ns/web', location: { file: 'helmfile.yaml', line: 12 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(msg);
    expect((err as UserError).render()).toMatch(/^helmfile.yaml:12: ignoreDiffs: .*\(release ns\/web\)\nhint: /);
  });

  it('selects rules by kind (any case, or *), group, name and namespace', () => {
    const rules = parseIgnoreDiffs([
      { kind: '*', jsonPointers: ['/metadata/labels/team'] },
      { kind: 'deployment', namespace: 'prod', jsonPointers: ['/spec/replicas'] },
      { kind: 'Deployment', group: 'extensions', jsonPointers: ['/x'] },
    ]);
    const key = { apiVersion: 'apps/v1', group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web' };
    expect(pointersFor(rules, key).map((p) => p.pointer)).toEqual(['/metadata/labels/team', '/spec/replicas']);
    expect(pointersFor(rules, { ...key, namespace: 'dev' }).map((p) => p.pointer)).toEqual(['/metadata/labels/team']);
  });
});

describe('JSON pointers', () => {
  it('escapes ~ and / (RFC 6901)', () => {
    expect(toPointer(['metadata', 'annotations', 'a/b~c'])).toBe('/metadata/annotations/a~1b~0c');
    expect(parsePointer('/metadata/annotations/a~1b~0c')).toEqual(['metadata', 'annotations', 'a/b~c']);
    expect(parsePointer('')).toEqual([]);
    expect(() => parsePointer('a')).toThrow();
  });

  it('wildcards cover any one segment and everything under a match', () => {
    expect(pointerCovers(['spec', 'containers', '*', 'image'], ['spec', 'containers', 3, 'image'])).toBe(true);
    expect(pointerCovers(['spec'], ['spec', 'replicas'])).toBe(true);
    expect(pointerCovers(['spec', 'replicas'], ['spec'])).toBe(false);
  });

  it('removes matches from a copy, including list elements', () => {
    const doc = { a: [{ x: 1, y: 2 }, { x: 3 }], b: { c: 1 } };
    expect(removeAt(doc, ['a', '*', 'x'])).toEqual({ doc: { a: [{ y: 2 }, {}], b: { c: 1 } }, removed: true });
    expect(removeAt(doc, ['a', '0'])).toEqual({ doc: { a: [{ x: 3 }], b: { c: 1 } }, removed: true });
    expect(removeAt(doc, ['nope', 'x']).removed).toBe(false);
    expect(doc.a).toHaveLength(2);
  });

  it('aligns named list elements by name', () => {
    const guide = { c: [{ name: 'web', image: 'a' }] };
    const other = { c: [{ name: 'sidecar' }, { name: 'web', image: 'b' }] };
    expect(getAligned(guide, other, ['c', '0', 'image'])).toBe('b');
  });
});
