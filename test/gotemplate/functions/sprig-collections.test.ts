import { GoFloat } from '../../../src/gotemplate/value.js';
import { call } from './support.js';

describe('sprig lists', () => {
  test('list ops return new slices and accept []string', () => {
    const l = [3, 1, 2];
    expect(call('append', l, 4)).toEqual([3, 1, 2, 4]);
    expect(call('prepend', l, 0)).toEqual([0, 3, 1, 2]);
    expect(l).toEqual([3, 1, 2]);
    expect([call('first', l), call('last', l)]).toEqual([3, 2]);
    expect(call('rest', l)).toEqual([1, 2]);
    expect(call('initial', l)).toEqual([3, 1]);
    expect(call('reverse', l)).toEqual([2, 1, 3]);
    expect(call('first', [])).toBeNull();
  });

  test('uniq/without/has compare with reflect.DeepEqual (int 1 is not float64 1)', () => {
    expect(call('uniq', ['foo', 1, 1, 1, 'foo'])).toEqual(['foo', 1]);
    expect(call('without', [1, 1, 2], 1)).toEqual([2]);
    expect(call('has', 1, [1, 2])).toBe(true);
    expect(call('has', new GoFloat(1), [1, 2])).toBe(false);
    expect(call('has', 'bar', null)).toBe(false);
  });

  test('compact drops empty values; chunk splits; slice and concat', () => {
    expect(call('compact', ['', 'a', 0, null, 'b'])).toEqual(['a', 'b']);
    expect(call('chunk', 3, [1, 2, 3, 4, 5, 6, 7])).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(call('slice', [1, 2, 3], 1)).toEqual([2, 3]);
    expect(call('slice', [1, 2, 3], 0, 1)).toEqual([1]);
    expect(call('concat', [1, 2], [3], [null])).toEqual([1, 2, 3, null]);
  });

  test('misuse panics like sprig', () => {
    expect(() => call('first', 'str')).toThrow('Cannot find first on type string');
    expect(() => call('push', 'str', 1)).toThrow('Cannot push on type string');
    expect(() => call('concat', [1], 2)).toThrow('Cannot concat type int as list');
  });
});

describe('sprig dicts', () => {
  test('dict strvals keys and pads an odd count with ""', () => {
    expect(call('dict', 1, 2, 'three', 'four', 5)).toEqual({ '1': 2, three: 'four', '5': '' });
  });

  test('set/unset mutate and return the map; sprigGet returns "" for a missing key', () => {
    const d: Record<string, unknown> = { a: 1 };
    expect(call('set', d, 'b', 2)).toBe(d);
    expect(call('unset', d, 'a')).toEqual({ b: 2 });
    expect(call('sprigGet', d, 'b')).toBe(2);
    expect(call('sprigGet', d, 'nope')).toBe('');
    expect(call('hasKey', d, 'b')).toBe(true);
  });

  test('pick/omit/pluck/keys/values', () => {
    const d = { one: 1, two: 222222 };
    expect(call('pick', d, 'two', 'three')).toEqual({ two: 222222 });
    expect(call('omit', d, 'one')).toEqual({ two: 222222 });
    expect(call('pluck', 'one', d, { one: 2 }, {})).toEqual([1, 2]);
    expect(call('keys', { b: 1 }, { a: 2 })).toEqual(['b', 'a']);
    expect(call('values', { b: 2, a: 1 })).toEqual([1, 2]);
  });

  test('merge: dst wins but missing or empty dst keys are filled, deeply; dst is mutated', () => {
    const dst = { a: 1, e: '', n: { x: 1 } };
    const out = call('merge', dst, { a: 2, b: 2, e: 'filled', n: { x: 2, y: 2 } });
    expect(out).toBe(dst);
    expect(dst).toEqual({ a: 1, b: 2, e: 'filled', n: { x: 1, y: 2 } });
  });

  test('mergeOverwrite: src wins, empty src scalars too (as Go sprig 3.3.0/mergo 1.0.2, merge-oracle.test.ts), nested maps merge', () => {
    const dst = { a: 1, keep: 'x', n: { x: 1, z: 1 }, g: [1] };
    call('mergeOverwrite', dst, { a: 2, keep: '', n: { x: 2 }, g: [6, 7] });
    expect(dst).toEqual({ a: 2, keep: '', n: { x: 2, z: 1 }, g: [6, 7] });
  });

  test('dig walks nested maps with a default', () => {
    const d = { a: { b: { c: 1 } } };
    expect(call('dig', 'a', 'b', 'c', '', d)).toBe(1);
    expect(call('dig', 'a', 'b', 'z', '2', d)).toBe('2');
  });

  test('deepCopy is independent of the original', () => {
    const d = { a: { b: [1] } };
    const c = call('deepCopy', d) as typeof d;
    c.a.b.push(2);
    expect(d.a.b).toEqual([1]);
  });
});

describe('sprig defaults, JSON, reflection', () => {
  test('default treats 0, false, "", [] and {} as empty; coalesce/all/any', () => {
    expect(call('default', 'foo', '')).toBe('foo');
    expect(call('default', 'foo', 0)).toBe('foo');
    expect(call('default', 'foo', 234)).toBe(234);
    expect(call('default', '123')).toBe('123');
    expect(call('coalesce', '', 0, null, 2)).toBe(2);
    expect(call('coalesce')).toBeNull();
    expect([call('all'), call('any'), call('all', '', 1), call('any', '', 1)]).toEqual([true, false, false, true]);
  });

  test('ternary needs a real bool', () => {
    expect(call('ternary', 'a', 'b', true)).toBe('a');
    expect(() => call('ternary', 'a', 'b', 'true')).toThrow();
  });

  test('toJson sorts keys and HTML-escapes; toRawJson does not; NaN gives ""', () => {
    expect(call('toJson', { s: '<a&b>', n: 1.5, b: 9007199254740993n })).toBe('{"b":9007199254740993,"n":1.5,"s":"\\u003ca\\u0026b\\u003e"}');
    expect(call('toRawJson', { s: '<a&b>' })).toBe('{"s":"<a&b>"}');
    expect(call('toPrettyJson', { a: [1], b: {} })).toBe('{\n  "a": [\n    1\n  ],\n  "b": {}\n}');
    expect(call('toJson', [1e-7, 1e21, new GoFloat(100)])).toBe('[1e-7,1e+21,100]');
    expect(call('toJson', NaN)).toBe('');
    expect(() => call('mustToJson', NaN)).toThrow('json: unsupported value: NaN');
  });

  test('fromJson gives float64 numbers and nil on error', () => {
    expect(call('fromJson', '{"a": 1, "b": [1.5]}')).toEqual({ a: new GoFloat(1), b: [1.5] });
    expect(call('fromJson', '{bad')).toBeNull();
    expect(() => call('mustFromJson', '{bad')).toThrow();
  });

  test('typeOf/kindOf/typeIsLike/deepEqual', () => {
    expect(call('typeOf', 1)).toBe('int');
    expect(call('typeOf', new GoFloat(1))).toBe('float64');
    expect(call('typeOf', null)).toBe('<nil>');
    expect(call('kindOf', ['x'])).toBe('slice');
    expect(call('kindOf', {})).toBe('map');
    expect(call('typeIsLike', 'string', 'foo')).toBe(true);
    expect(call('deepEqual', 1, new GoFloat(1))).toBe(false);
    expect(call('deepEqual', [1, { a: 2 }], [1, { a: 2 }])).toBe(true);
  });
});
