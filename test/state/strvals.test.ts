/**
 * --state-values-set parsing, on the cases of Helmfile's pkg/config tests.
 */
import { describe, expect, it } from '@jest/globals';
import { setAtPath } from '../../src/state/merge.js';
import { parseSetExpression, splitOnUnescapedCommas, unescapeCommas } from '../../src/state/strvals.js';

function apply(sets: string[], asString = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of sets) for (const a of parseSetExpression(s, asString)) setAtPath(out, a.path, a.value);
  return out;
}

describe('--state-values-set', () => {
  it.each([
    ['count=2,enabled=true,disabled=false,empty=null,zero=0,code=001', { count: 2, enabled: true, disabled: false, empty: null, zero: 0, code: '001' }],
    ['a=1,b=2\\,3,c=9\\,10\\,11', { a: 1, b: '2,3', c: '9,10,11' }],
    ['message=\\,hello\\,', { message: ',hello,' }],
    ['message=first\\,second=value,count=2', { message: 'first,second=value', count: 2 }],
    ['message=你好\\,世界', { message: '你好,世界' }],
    ['message=,count=2', { message: '', count: 2 }],
    ['path=C:\\tmp\\config', { path: 'C:\\tmp\\config' }],
    ['path=C:\\tmp\\', { path: 'C:\\tmp\\' }],
    ['annotations.example\\.com/key=first\\,second', { annotations: { 'example.com/key': 'first,second' } }],
    ['servers[0].host=east\\,west,enabled=true', { servers: [{ host: 'east,west' }], enabled: true }],
    ['path=C:\\\\,count=2', { path: 'C:\\\\', count: 2 }],
    ['message=first\\\\\\,second', { message: 'first\\\\,second' }],
  ])('%s', (input, want) => {
    expect(apply([input])).toEqual(want);
  });

  it('lets repeated flags overwrite earlier values', () => {
    expect(apply(['message=first\\,second', 'message=third\\,fourth,count=2'])).toEqual({ message: 'third,fourth', count: 2 });
  });

  it.each([
    ['message', 'invalid assignment "message": expected <key>=<value>'],
    ['message=hello,', 'invalid assignment "": expected <key>=<value>'],
    ['=hello', 'invalid assignment "=hello": expected <key>=<value>'],
  ])('rejects %s', (input, msg) => {
    expect(() => parseSetExpression(input)).toThrow(msg);
  });
});

describe('--state-values-set-string', () => {
  it.each([
    ['count=2,enabled=true', { count: '2', enabled: 'true' }],
    ['zone="zone1,zone2",imageTag=1.23.3', { zone: '"zone1,zone2"', imageTag: '1.23.3' }],
    ['zone=zone1\\,zone2,imageTag=1.23.3', { zone: 'zone1,zone2', imageTag: '1.23.3' }],
    ['path=C:\\tmp\\config,trailing=C:\\tmp\\', { path: 'C:\\tmp\\config', trailing: 'C:\\tmp\\' }],
    ['message=,count=2', { message: '', count: '2' }],
  ])('%s', (input, want) => {
    expect(apply([input], true)).toEqual(want);
  });
});

describe('comma splitting helpers', () => {
  it.each([
    ['a=1', ['a=1']],
    ['a=1,b=2', ['a=1', 'b=2']],
    ['a=1\\,2,b=3', ['a=1\\,2', 'b=3']],
    ['a=1\\\\,b=2', ['a=1\\\\', 'b=2']],
    ['a=1,', ['a=1', '']],
    ['a=1\\', ['a=1\\']],
  ])('splits %s', (input, want) => {
    expect(splitOnUnescapedCommas(input)).toEqual(want);
  });

  it.each([
    ['a=1\\,2', 'a=1,2'],
    ['a\\.b=1', 'a\\.b=1'],
    ['a=1\\\\', 'a=1\\\\'],
    ['a=1\\', 'a=1\\'],
  ])('unescapes %s', (input, want) => {
    expect(unescapeCommas(input)).toBe(want);
  });
});
