import { GoFloat } from '../../../src/gotemplate/value.js';
import { builtinFuncMap, goTypeOf, HELMFILE_SIGS, SPRIG_SIGS } from '../../../src/gotemplate/functions/index.js';
import { call } from './support.js';

describe('function map', () => {
  test('has every sprig v3.3.0 function and every helmfile function, each with a Go signature', () => {
    const fm = builtinFuncMap();
    for (const name of [...Object.keys(SPRIG_SIGS), ...Object.keys(HELMFILE_SIGS), 'sprigGet']) {
      expect(typeof fm[name]).toBe('function');
      expect(fm[name].goSig).toMatch(/^func\(/);
    }
    expect(Object.keys(SPRIG_SIGS)).toHaveLength(211);
  });

  test('each call returns its own copy of the (cached) map', () => {
    const a = builtinFuncMap();
    a.extra = Object.assign(() => 1, { goSig: 'func() int' });
    expect(builtinFuncMap().extra).toBeUndefined();
  });

  test('helmfile overrides sprig: get takes a path, sprigGet is sprig\'s get', () => {
    const fm = builtinFuncMap();
    expect(fm.get.goSig).toBe('func(string, ...interface {}) (interface {}, error)');
    expect(fm.sprigGet.goSig).toBe('func(map[string]interface {}, string) interface {}');
    expect(fm.toYaml.goSig).toBe('func(interface {}) (string, error)');
  });
});

describe('sprig strings (byte semantics, Go escaping)', () => {
  test('quote/squote drop nil and %q each argument', () => {
    expect(call('quote', 'a', 'b', null, 1)).toBe('"a" "b" "1"');
    expect(call('quote', '"a"\n')).toBe('"\\"a\\"\\n"');
    expect(call('quote', 'é')).toBe('"é"');
    expect(call('squote', 'a', null)).toBe("'a'");
    expect(call('quote', null)).toBe('');
  });

  test('substr/trunc work on bytes', () => {
    expect(call('substr', 0, 3, 'fooo')).toBe('foo');
    expect(call('substr', 0, 10, 'foo')).toBe('foo');
    expect(call('trunc', -3, 'baaaaaar')).toBe('aar');
    expect(call('trunc', -999, 'baaaaaar')).toBe('baaaaaar');
    expect(call('trunc', 0, 'baaaaaz')).toBe('');
  });

  test('indent pads every line, nindent prefixes a newline', () => {
    expect(call('indent', 2, 'a\n\nb')).toBe('  a\n  \n  b');
    expect(call('nindent', 4, 'a\nb')).toBe('\n    a\n    b');
    expect(() => call('indent', -3, 'x')).toThrow('strings: negative Repeat count');
  });

  test('case conversions follow xstrings', () => {
    expect(['FirstName', 'HTTPServer', 'NoHTTPS', 'GO_PATH', 'GO PATH', 'GO-PATH'].map((s) => call('snakecase', s))).toEqual(['first_name', 'http_server', 'no_https', 'go_path', 'go_path', 'go_path']);
    expect(call('kebabcase', 'HTTPServer')).toBe('http-server');
    // Outputs of Go sprig (Debian's xstrings) for number, symbol and punctuation handling.
    const cases: [string, string][] = [
      ['a1b2c3', 'a_1b2c3'], ['a1B2c', 'a1_b_2c'], ['AB1cD', 'ab_1c_d'], ['x86_64', 'x86_64'], ['I18n', 'i_18n'],
      ['a$b$c', 'a_$_b_$_c'], ['a.B', 'a.b'], ['v1.2.3', 'v1.2.3'], ['  a b  ', '__a_b__'], ['a$1b', 'a_$_1b'], ['>=1.0 <2', '>=1.0_<2'],
    ];
    expect(cases.map(([s]) => call('snakecase', s))).toEqual(cases.map(([, want]) => want));
    expect(['http_server', '_camel_case', 'no_https', '_complex__case_', 'all'].map((s) => call('camelcase', s))).toEqual(['HttpServer', '_CamelCase', 'NoHttps', '_Complex_Case_', 'All']);
  });

  test('wrap, abbrev, initials, title, untitle, swapcase, nospace', () => {
    expect(call('wrap', 5, 'hello world again')).toBe('hello\nworld\nagain');
    expect(call('wrapWith', 5, '\t', 'Hello World')).toBe('Hello\tWorld');
    expect(call('abbrev', 5, 'hello world')).toBe('he...');
    expect(call('abbrevboth', 5, 10, '1234 5678 9123')).toBe('...5678...');
    expect(call('initials', 'First Try')).toBe('FT');
    expect(call('title', 'hello world')).toBe('Hello World');
    expect(call('untitle', 'First Try')).toBe('first try');
    expect(call('swapcase', 'AbC')).toBe('aBc');
    expect(call('nospace', 'h e l l o ')).toBe('hello');
  });

  test('split returns a map of _N keys, splitList a []string', () => {
    expect(call('split', '$', 'foo$bar$baz')).toEqual({ _0: 'foo', _1: 'bar', _2: 'baz' });
    expect(goTypeOf(call('split', '$', 'a'))).toBe('map[string]string');
    expect(call('splitn', '$', 2, 'foo$bar$baz')).toEqual({ _0: 'foo', _1: 'bar$baz' });
    const l = call('splitList', ',', 'a,b,c');
    expect(l).toEqual(['a', 'b', 'c']);
    expect(goTypeOf(l)).toBe('[]string');
  });

  test('join skips nil elements and strvals the rest; sortAlpha sorts by bytes', () => {
    expect(call('join', '-', ['1', null, '2'])).toBe('1-2');
    expect(call('join', '-', [1, 2, 3])).toBe('1-2-3');
    expect(call('join', '-', 'abc')).toBe('abc');
    expect(call('sortAlpha', ['b', 'a', 'C', 1])).toEqual(['1', 'C', 'a', 'b']);
  });

  test('seq behaves like Unix seq and returns a string', () => {
    expect(call('seq', 5)).toBe('1 2 3 4 5');
    expect(call('seq', -5)).toBe('1 0 -1 -2 -3 -4 -5');
    expect(call('seq', 0, 3, 10)).toBe('0 3 6 9');
    expect(call('seq', 3, -3, 2)).toBe('3');
    expect(call('seq', 0, 1, 2, 3)).toBe('');
  });

  test('toString/int/int64/float64/atoi conversions', () => {
    expect(call('toString', new GoFloat(1))).toBe('1');
    expect(call('toString', { a: [1, null] })).toBe('map[a:[1 <nil>]]');
    expect(call('int64', 3.9)).toBe(3);
    expect(call('int', '7')).toBe(7);
    expect(call('int64', 1e20)).toBe(-9223372036854775808n);
    expect(call('float64', '1.5')).toBe(1.5);
    expect(goTypeOf(call('float64', 2))).toBe('float64');
    expect(call('atoi', '42')).toBe(42);
    expect(call('atoi', 'x')).toBe(0);
    // cast.ToInt64 parses strings with strconv.ParseInt(trimZeroDecimal(s), 0, 0): leading 0 is octal.
    expect([call('int64', '0777'), call('int64', '10.00'), call('int64', '10.'), call('int64', '0x1F')]).toEqual([511, 10, 0, 31]);
    expect(call('toDecimal', '0777')).toBe(511);
  });

  test('hashes and encodings', () => {
    expect(call('sha256sum', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(call('adler32sum', 'abc')).toBe('38600999');
    expect(call('b32enc', 'coffee')).toBe('MNXWMZTFMU======');
    expect(call('b32dec', 'MNXWMZTFMU======')).toBe('coffee');
    expect(call('b64dec', 'Y29mZmVl')).toBe('coffee');
    expect(call('b64dec', 'Y29mZmVl!')).toMatch(/^illegal base64 data at input byte/);
  });
});

describe('sprig math', () => {
  test('int math goes through int64 (floats truncate)', () => {
    expect(call('add', 1, 2.9)).toBe(3);
    expect(call('div', 7, 2)).toBe(3);
    expect(call('mul', 1, '2', 3, '4')).toBe(24);
    expect(call('max', 1, 9, 3)).toBe(9);
    expect(call('min', 4, 2, 8)).toBe(2);
    expect(() => call('div', 1, 0)).toThrow('integer divide by zero');
  });

  test('float math is decimal-exact like shopspring/decimal', () => {
    expect(call('addf', 1.5, 2.2)).toBe(3.7);
    expect(call('mulf', 1.2, '2.4', 10, '4')).toBe(115.2);
    expect(call('divf', 1, 3)).toBe(0.3333333333333333);
    expect(call('subf', 4.5, 1)).toBe(3.5);
    expect(call('addf', 1, 2)).toEqual(new GoFloat(3));
    expect(call('round', 3.14159, 2)).toBe(3.14);
    expect(call('maxf', 1, 2, 3, 345.7, 5)).toBe(345.7);
  });

  test('until/untilStep build []int', () => {
    expect(call('until', -5)).toEqual([0, -1, -2, -3, -4]);
    expect(call('untilStep', 0, -10, -2)).toEqual([0, -2, -4, -6, -8]);
    expect(call('untilStep', 3, 99, 0)).toEqual([]);
    expect(goTypeOf(call('until', 2))).toBe('[]int');
  });
});
