import { parseGoYaml } from '../../../src/gotemplate/functions/index.js';
import { call, callWith, fakeHost } from './support.js';

describe('helmfile get / getOrNil', () => {
  const values = { a: { b: 'B' }, n: null, l: [1, 2] };

  test('walks nested maps by a dotted path; an empty path returns the object', () => {
    expect(call('get', 'a.b', values)).toBe('B');
    expect(call('get', '', values)).toBe(values);
  });

  test('a missing key returns the default, or errors without one', () => {
    expect(call('get', 'x.y', 'def', values)).toBe('def');
    expect(() => call('get', 'x.y', values)).toThrow('no value exist for key "x" in map[a:map[b:B] l:[1 2] n:<nil>]');
  });

  test('null or a list on the way is an error even with a default', () => {
    expect(() => call('get', 'n.b', 'def', values)).toThrow('unexpected type(<nil>) of value for key "b": it must be either map[string]any or any struct');
    expect(() => call('get', 'l.0', 'def', values)).toThrow('unexpected type([]interface {}) of value for key "0"');
  });

  test('getOrNil turns misses (and wrong shapes) into nil', () => {
    expect(call('getOrNil', 'x.y', values)).toBeNull();
    expect(call('getOrNil', 'n.b', values)).toBeNull();
    expect(call('getOrNil', 'a.b', values)).toBe('B');
  });
});

describe('helmfile setValueAtPath', () => {
  test('sets the last key in place and returns the same map', () => {
    const v: Record<string, unknown> = { a: { b: 1, c: 2 } };
    expect(call('setValueAtPath', 'a.b', 'X', v)).toBe(v);
    expect(v).toEqual({ a: { b: 'X', c: 2 } });
  });

  test('a missing or non-map intermediate key is an error', () => {
    expect(() => call('setValueAtPath', 'x.b', 'X', { a: 1 })).toThrow('failed to set value at path "x.b": value for key "x" does not exist');
    expect(() => call('setValueAtPath', 'a.b', 'X', { a: 1 })).toThrow('failed to set value at path "a.b": value for key "a" was not a map');
  });
});

describe('helmfile required / requiredEnv / env', () => {
  test('required rejects only nil and ""', () => {
    expect(() => call('required', 'a is required', '')).toThrow('a is required');
    expect(() => call('required', 'a is required', null)).toThrow('a is required');
    expect(call('required', 'x', 0)).toBe(0);
    expect(call('required', 'x', false)).toBe(false);
  });

  test('requiredEnv and env read the host environment', () => {
    const host = fakeHost({ envVars: { SET: 'value', EMPTY: '' } });
    expect(callWith(host, 'requiredEnv', 'SET')).toBe('value');
    expect(() => callWith(host, 'requiredEnv', 'EMPTY')).toThrow('required env var `EMPTY` is not set');
    expect(() => callWith(host, 'requiredEnv', 'UNSET')).toThrow('required env var `UNSET` is not set');
    expect(callWith(host, 'env', 'UNSET')).toBe('');
    // os.ExpandEnv: `$$` is the (unset) variable "$", `${}` is eaten, a trailing `$` stays.
    expect(callWith(host, 'expandenv', 'Hello $SET ${SET}! $$ ${} $')).toBe('Hello value value!   $');
  });
});

describe('helmfile file and process functions go through the host', () => {
  const host = fakeHost({
    basePath: '/base',
    files: { '/base/values.yaml': 'k: v\n', '/abs/x.txt': 'abs', '/base/dir/a.yaml': 'a', '/base/dir/b.yaml': 'b', '/base/dir/sub/c.yaml': 'c' },
  });

  test('readFile resolves relative paths against basePath, absolute paths as given', () => {
    expect(callWith(host, 'readFile', 'values.yaml')).toBe('k: v\n');
    expect(callWith(host, 'readFile', './values.yaml')).toBe('k: v\n');
    expect(callWith(host, 'readFile', '/abs/x.txt')).toBe('abs');
    expect(() => callWith(host, 'readFile', 'nope.yaml')).toThrow('no such file');
  });

  test('readDir lists files only, joined to the path as given', () => {
    expect(callWith(host, 'readDir', 'dir')).toEqual(['dir/a.yaml', 'dir/b.yaml']);
    expect(() => callWith(host, 'readDir', 'missing')).toThrow('ReadDir "/base/missing"');
  });

  test('readDirEntries exposes Name and IsDir methods', () => {
    const entries = callWith(host, 'readDirEntries', 'dir') as { goMethod(n: string): () => unknown }[];
    expect(entries.map((e) => [e.goMethod('Name')(), e.goMethod('IsDir')()])).toEqual([['a.yaml', false], ['b.yaml', false], ['sub', true]]);
  });

  test('isFile / isDir are false for missing paths', () => {
    expect(callWith(host, 'isFile', 'values.yaml')).toBe(true);
    expect(callWith(host, 'isDir', 'dir')).toBe(true);
    expect(callWith(host, 'isFile', 'dir')).toBe(false);
    expect(callWith(host, 'isFile', 'nope')).toBe(false);
  });

  test('exec passes string args and stdin to the host; non-string args are rejected', () => {
    const h = fakeHost();
    expect(callWith(h, 'exec', 'echo', ['a', 'b'], 'in')).toBe('ran echo a b');
    expect(h.execCalls).toEqual([['echo', ['a', 'b'], { input: 'in', env: undefined }]]);
    expect(() => callWith(h, 'exec', 'echo', [1])).toThrow('unexpected type of arg "int" in args [1] at index 0');
    callWith(h, 'envExec', { FOO: 'bar' }, 'env', []);
    expect(h.execCalls[1]).toEqual(['env', [], { input: undefined, env: { FOO: 'bar' } }]);
  });

  test('HELMFILE_DISABLE_INSECURE_FEATURES disables exec, envExec, readFile, readDir', () => {
    const locked = fakeHost({ insecureDisabled: true, files: { '/base/values.yaml': 'x' } });
    for (const [fn, args] of [['exec', ['echo', []]], ['envExec', [{}, 'echo', []]], ['readFile', ['values.yaml']], ['readDir', ['.']], ['readDirEntries', ['.']]] as const) {
      expect(() => callWith(locked, fn, ...args)).toThrow('HELMFILE_DISABLE_INSECURE_FEATURES is active, insecure function calls are disabled');
    }
    expect(locked.execCalls).toEqual([]);
  });
});

describe('helmfile YAML functions', () => {
  test('toYaml keeps the trailing newline; fromYaml decodes any YAML', () => {
    expect(call('toYaml', { b: 1, a: ['x', { y: 1 }] })).toBe('a:\n  - x\n  - "y": 1\nb: 1\n');
    expect(call('fromYaml', '- a\n- b')).toEqual(['a', 'b']);
  });

  test('fromYaml errors name the offending yaml; non-string keys are rejected', () => {
    expect(() => call('fromYaml', 'a: [')).toThrow(/^yaml: .*, offending yaml: a: \[$/);
    expect(() => call('fromYaml', '1: a')).toThrow('unexpected type of key in map: expected string, got int: 1');
  });

  test('tpl and include delegate to the running template', () => {
    expect(call('tpl', '{{ .a }}', { a: 1 })).toBe('tpl({{ .a }},{"a":1})');
    expect(call('include', 'x', 2)).toBe('include(x,2)');
  });

  test('vals-based functions need a host that evaluates references (test/secrets/vals.test.ts has the real one)', () => {
    expect(() => call('fetchSecretValue', 'ref+vault://x')).toThrow('fetchSecretValue: vals references are not available here');
    expect(() => call('expandSecretRefs', {})).toThrow('expandSecretRefs: vals references are not available here');
  });

  test('Helm extra toToml writes what BurntSushi/toml writes (checked against Go)', () => {
    const v = parseGoYaml('a: 1\nb: [1, 2]\nc: {d: "x", e: {f: 1.5}}\nl: [{x: 1}, {x: 2}]\nf: 2.0\nn: null\n"k y": 1e21\n');
    expect(call('toToml', v)).toBe('a = 1\nb = [1, 2]\nf = 2.0\n"k y" = 1000000000000000000000.0\n\n[c]\n  d = "x"\n  [c.e]\n    f = 1.5\n\n[[l]]\n  x = 1\n\n[[l]]\n  x = 2\n');
    expect(call('toToml', { m: [null] })).toBe('toml: cannot encode array with nil element');
    expect(call('toToml', [1])).toBe('toml: top-level values must be Go maps or structs');
  });

  test('Helm extras: fromYamlArray / fromJsonArray put errors in the list', () => {
    expect(call('fromYamlArray', '- 1\n- a')).toEqual([1, 'a']);
    expect((call('fromJsonArray', '{bad') as string[])[0]).toMatch(/JSON|json/);
  });
});
