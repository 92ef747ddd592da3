import { GoFloat, GoTyped } from '../../../src/gotemplate/value.js';
import { goTypeOf, GoTime, GoYamlError, parseGoYaml, parseGoYamlDocuments, toGoYaml } from '../../../src/gotemplate/functions/index.js';
import { corpusRows } from './support.js';

describe('parseGoYaml resolves plain scalars like yaml.v3', () => {
  const one = (yaml: string): unknown => (parseGoYaml(`v: ${yaml}\n`) as Record<string, unknown>).v;

  test.each([
    ['0123', 83], ['0x1F', 31], ['0x_1F', 31], ['0o17', 15], ['0b101', 5], ['1_000', 1000], ['+1', 1], ['-7', -7],
  ])('%s is the int %d (Go ParseInt base 0)', (text, want) => {
    expect(one(text)).toBe(want);
    expect(goTypeOf(one(text))).toBe('int');
  });

  test('09 is not octal: it falls back to float64 9', () => {
    expect(one('09')).toEqual(new GoFloat(9));
  });

  test.each([['1.0', 1], ['1e3', 1000], ['1.', 1], ['.5', 0.5], ['1e21', 1e21]])('%s is float64', (text, want) => {
    const v = one(text);
    expect(goTypeOf(v)).toBe('float64');
    expect(Number(v)).toBe(want);
  });

  test('.inf/-.inf/.nan are floats, 1e400 overflows into a string', () => {
    expect(one('.inf')).toBe(Infinity);
    expect(one('-.Inf')).toBe(-Infinity);
    expect(Number.isNaN(one('.NaN') as number)).toBe(true);
    expect(one('1e400')).toBe('1e400');
  });

  test('ints beyond int64 become uint64, beyond uint64 float64', () => {
    expect(one('9007199254740993')).toBe(9007199254740993n);
    expect(one('12345678901234567890')).toEqual(new GoTyped('uint64', 'uint64', 12345678901234567890n));
    expect(goTypeOf(one('18446744073709551616'))).toBe('float64');
  });

  test.each(['yes', 'no', 'on', 'off', 'y', 'n', 'NaN', 'infinity', '12:30', '~x'])('%s stays a string in yaml.v3', (text) => {
    expect(one(text)).toBe(text);
  });

  test.each(['null', 'Null', 'NULL', '~', ''])('"%s" is nil', (text) => {
    expect(one(text)).toBeNull();
  });

  test('booleans are only true/True/TRUE/false/False/FALSE', () => {
    expect([one('true'), one('True'), one('TRUE'), one('false'), one('FALSE')]).toEqual([true, true, true, false, false]);
    expect(one('tRUE')).toBe('tRUE');
  });

  test('unquoted timestamps become time.Time; quoted ones and the space/offset form stay strings', () => {
    const t = one('2001-12-14') as GoTime;
    expect(t).toBeInstanceOf(GoTime);
    expect(t.goString()).toBe('2001-12-14 00:00:00 +0000 UTC');
    expect((one('2001-12-14T21:59:43.10-05:00') as GoTime).goString()).toBe('2001-12-14 21:59:43.1 -0500 -0500');
    expect(one('"2001-12-14"')).toBe('2001-12-14');
    expect(one('2001-12-14 21:59:43.10 -5')).toBe('2001-12-14 21:59:43.10 -5');
  });

  test('explicit tags win over resolution', () => {
    expect(one('!!str 123')).toBe('123');
    expect(one('!!int "7"')).toBe(7);
    expect(one('!!float 1')).toEqual(new GoFloat(1));
    expect(one('!secret ref+vault://x')).toBe('ref+vault://x');
  });

  test('merge keys: own keys win, then the first merged map', () => {
    const doc = parseGoYaml('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 0\n') as Record<string, Record<string, unknown>>;
    expect(doc.c).toEqual({ x: 0, y: 1, z: 2 });
  });

  test('aliases are copies: mutating one does not change the anchor', () => {
    const doc = parseGoYaml('a: &a {x: 1}\nb: *a\n') as Record<string, Record<string, unknown>>;
    doc.b.x = 2;
    expect(doc.a.x).toBe(1);
  });

  test('only the first document is read; an empty document is nil', () => {
    expect(parseGoYaml('a: 1\n---\nb: 2\n')).toEqual({ a: 1 });
    expect(parseGoYaml('')).toBeNull();
    expect(parseGoYamlDocuments('a: 1\n---\n---\nb: 0x10\n')).toEqual([{ a: 1 }, null, { b: 16 }]);
  });

  test('non-string keys are stringified by default and rejected for fromYaml', () => {
    expect(parseGoYaml('1: a\ntrue: b\n')).toEqual({ '1': 'a', true: 'b' });
    expect(() => parseGoYaml('1: a\n', { nonStringKeys: 'error' })).toThrow('unexpected type of key in map: expected string, got int: 1');
  });

  test('syntax errors and duplicate keys throw, with the line', () => {
    expect(() => parseGoYaml('a: [')).toThrow(/^yaml: /);
    try {
      parseGoYaml('a: 1\nb: [\n');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(GoYamlError);
      expect((e as GoYamlError).line).toBeGreaterThanOrEqual(2);
    }
    expect(() => parseGoYaml('...\n')).toThrow('did not find expected node content');
    // Same text as yaml.v3 3.0.1 prints.
    expect(() => parseGoYaml('a: 1\nb: 2\n"a": 3\nb: 4\n')).toThrow(
      'yaml: unmarshal errors:\n  line 3: mapping key "a" already defined at line 1\n  line 4: mapping key "b" already defined at line 2',
    );
  });

  test('every Go type recorded in helmfile.jsonl (goTypes) is reproduced', () => {
    const mismatches: string[] = [];
    const walk = (v: unknown, t: unknown, where: string): void => {
      if (typeof t === 'string') {
        const got = goTypeOf(v);
        if (got !== t && !(t === 'nil' && got === '<nil>')) mismatches.push(`${where}: ${got} != ${t}`);
      } else if (Array.isArray(t)) t.forEach((x, i) => walk((v as unknown[])?.[i], x, `${where}[${i}]`));
      else for (const [k, x] of Object.entries(t as object)) walk((v as Record<string, unknown>)?.[k], x, `${where}.${k}`);
    };
    let checked = 0;
    for (const row of corpusRows('helmfile.jsonl')) {
      if (!row.goTypes || row.dataYaml === undefined) continue;
      walk(parseGoYaml(row.dataYaml), row.goTypes, row.name);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
  });
});

describe('toGoYaml writes what yaml.v3 Encoder (indent 2) writes', () => {
  test('sequences inside maps are indented; empty collections are flow', () => {
    expect(toGoYaml({ list: ['a', 'b'], m: {}, l: [], z: null, n: 1 })).toBe('l: []\nlist:\n  - a\n  - b\nm: {}\n"n": 1\nz: null\n');
  });

  test('maps in lists start on the dash line, lists of lists nest on one line', () => {
    expect(toGoYaml([{ name: 'A', value: '1' }, [1, 2]])).toBe('- name: A\n  value: "1"\n- - 1\n  - 2\n');
  });

  test('multi-line strings use literal style with the right chomping', () => {
    expect(toGoYaml({ s: 'line1\nline2' })).toBe('s: |-\n  line1\n  line2\n');
    expect(toGoYaml({ s: 'line1\nline2\n' })).toBe('s: |\n  line1\n  line2\n');
    expect(toGoYaml({ s: 'a\n\nb\n\n' })).toBe('s: |+\n  a\n\n  b\n\n');
    expect(toGoYaml({ s: '  lead\nx' })).toBe('s: |2-\n    lead\n  x\n');
    expect(toGoYaml({ s: 'trailing space \nx' })).toBe('s: "trailing space \\nx"\n');
  });

  test('strings that would resolve to other types are double-quoted, indicators single-quoted', () => {
    expect(toGoYaml(['yes', 'on', 'y', 'true', '1', '1.0', '0x1F', '12:30', '2001-12-14', '', '~'])).toBe(
      '- "yes"\n- "on"\n- "y"\n- "true"\n- "1"\n- "1.0"\n- "0x1F"\n- "12:30"\n- "2001-12-14"\n- ""\n- "~"\n',
    );
    expect(toGoYaml(['a: b', '- x', '#c', "'sq", 'key:', '-x', '?q', 'a,b', 'x~'])).toBe("- 'a: b'\n- '- x'\n- '#c'\n- '''sq'\n- 'key:'\n- -x\n- ?q\n- a,b\n- x~\n");
  });

  test('control characters and non-BMP runes are escaped in double quotes', () => {
    expect(toGoYaml('tab\there')).toBe('"tab\\there"\n');
    expect(toGoYaml('emoji 🎉')).toBe('"emoji \\U0001F389"\n');
    expect(toGoYaml('üñíçødé')).toBe('üñíçødé\n');
  });

  test('numbers: ints as decimal, floats in Go %g shortest form, integral floats without .0', () => {
    expect(toGoYaml([1, 9007199254740993n, 1.5, new GoFloat(1), 1e21, 1e-7, Infinity, NaN])).toBe('- 1\n- 9007199254740993\n- 1.5\n- 1\n- 1e+21\n- 1e-07\n- .inf\n- .nan\n');
  });

  test('keys sort naturally (digit runs by value)', () => {
    expect(toGoYaml({ a10: 1, a2: 1, a1: 1, b: 1, B: 1, '10': 1, '9': 1 })).toBe('"9": 1\n"10": 1\nB: 1\na1: 1\na2: 1\na10: 1\nb: 1\n');
  });

  test('long strings are not wrapped', () => {
    const long = 'word '.repeat(40).trim();
    expect(toGoYaml({ k: long })).toBe(`k: ${long}\n`);
  });

  test('time.Time is written in RFC 3339', () => {
    expect(toGoYaml({ d: parseGoYaml('2001-12-14') })).toBe('d: 2001-12-14T00:00:00Z\n');
  });

  test('indent 4 aligns nested blocks to multiples of 4', () => {
    expect(toGoYaml({ a: { b: [1, { c: 2 }] } }, 4)).toBe('a:\n    b:\n        - 1\n        - c: 2\n');
  });

  test('every toYaml row of helmfile.jsonl', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const row of corpusRows('helmfile.jsonl')) {
      const m = /^\{\{ (?:toYaml (\.[A-Za-z.]*)|(\.[A-Za-z.]*) \| toYaml) \}\}$/.exec(row.template);
      if (!m || !row.ok) continue;
      const keys = (m[1] ?? m[2]).split('.').filter(Boolean);
      let data: unknown = row.dataYaml !== undefined ? parseGoYaml(row.dataYaml) : row.data;
      if (row.helmfileData && keys[0] === 'Values') keys.shift();
      for (const k of keys) data = (data as Record<string, unknown>)[k];
      const out = toGoYaml(data);
      checked++;
      if (out !== row.expected) failures.push(`${row.name}: ${JSON.stringify(out)} != ${JSON.stringify(row.expected)}`);
    }
    expect(checked).toBeGreaterThan(70);
    expect(failures).toEqual([]);
  });

  test('round trip: parse(toGoYaml(x)) keeps types except integral floats', () => {
    const v = parseGoYaml('a: [1, "1", 1.5, true, "yes", null, {b: "x: y"}]\nt: |\n  multi\n  line\n');
    expect(parseGoYaml(toGoYaml(v))).toEqual(v);
  });
});
