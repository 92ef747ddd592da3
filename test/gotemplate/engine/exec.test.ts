/**
 * Execution semantics of Go text/template (exec.go, funcs.go): truthiness, field access
 * and missingkey modes, variables and scope, control structures, builtins with Go's type
 * rules, argument checking from Go signatures, and the exec error layout.
 * Expectations come from SPEC.md (shared/corpus/gotemplate) and Go's documented behaviour.
 */
import { tagType } from '../../../src/gotemplate/functions/index.js';
import { GoFloat, type GoObject } from '../../../src/gotemplate/index.js';
import { errorOf, exec, goFunc } from './support.js';

describe('truthiness', () => {
  it.each([
    [false, 'F'],
    [0, 'F'],
    [new GoFloat(0), 'F'],
    ['', 'F'],
    [[], 'F'],
    [{}, 'F'],
    [null, 'F'],
    ['false', 'T'],
    [{ a: 1 }, 'T'],
    [[0], 'T'],
    [0.5, 'T'],
  ])('if %j', (v, want) => {
    expect(exec('{{if .v}}T{{else}}F{{end}}', { v })).toBe(want);
  });
  it('treats a missing key as false', () => {
    expect(exec('{{if .nope}}T{{else}}F{{end}}', {})).toBe('F');
  });
  it('rejects {{if nil}}', () => {
    expect(errorOf('{{if nil}}x{{end}}')).toBe('template: t:1:5: executing "t" at <nil>: nil is not a command');
  });
});

describe('printing', () => {
  it('prints missing values and nil interfaces as <no value>, nil arguments as <nil>', () => {
    expect(exec('{{.a}} {{.missing}} {{print .a}} {{print .missing}}', { a: null })).toBe('<no value> <no value> <nil> <nil>');
  });
  it('prints maps sorted by key bytes, slices space-separated', () => {
    expect(exec('{{.}}', { b: 1, B: 2, a: [1, 'x', null, { c: true }], a10: 3, a2: 4 })).toBe(
      'map[B:2 a:[1 x <nil> map[c:true]] a10:3 a2:4 b:1]',
    );
  });
  it('prints float64 like strconv g shortest', () => {
    const floats = [1000000, 1234567, 123456, 999999.9, 0.0001, 0.00001, 1e21, 2147483648].map((f) => new GoFloat(f));
    expect(exec('{{range .}}{{.}} {{end}}', floats)).toBe('1e+06 1.234567e+06 123456 999999.9 0.0001 1e-05 1e+21 2.147483648e+09 ');
  });
  it('prints an integral float literal without a fraction and keeps it float64', () => {
    expect(exec('{{1.0}} {{printf "%T" 1.0}} {{printf "%T" 1e3}} {{printf "%T" 0x1F}} {{printf "%T" \'e\'}}')).toBe(
      '1 float64 float64 int int',
    );
  });
  it('prints structs as {v1 v2}, %+v with names, a pointer at top level as &{…}', () => {
    const inner: GoObject = { goType: 'state.Environment', goKind: 'struct', goFields: () => [['Name', 'dev'], ['Values', { a: 1 }]] };
    const outer: GoObject = { goType: '*state.Data', goKind: 'ptr', goFields: () => [['Environment', inner], ['Namespace', '']] };
    expect(exec('{{.}}|{{.Environment}}', { Environment: inner })).toBe('map[Environment:{dev map[a:1]}]|{dev map[a:1]}');
    expect(exec('{{.}}|{{printf "%+v" .}}', outer)).toBe('&{{dev map[a:1]} }|&{Environment:{Name:dev Values:map[a:1]} Namespace:}');
  });
  it('uses a host object\'s String()', () => {
    const v: GoObject = { goType: '*semver.Version', goKind: 'ptr', goString: () => '1.2.3' };
    expect(exec('{{.}} {{print .}} {{printf "%s|%v" . .}}', v)).toBe('1.2.3 1.2.3 1.2.3|1.2.3');
  });
});

describe('field access', () => {
  const data = { Values: { a: { b: 1 }, n: null, s: 'x' } };
  it('walks nested maps', () => {
    expect(exec('{{.Values.a.b}}', data)).toBe('1');
  });
  it('yields <no value> down a chain of missing keys in default mode', () => {
    expect(exec('{{.Values.x.y.z}}', data)).toBe('<no value>');
  });
  it('fails on a present nil (YAML null) receiver in every mode', () => {
    expect(errorOf('{{.Values.n.b}}', data)).toBe(
      'template: t:1:9: executing "t" at <.Values.n.b>: nil pointer evaluating interface {}.b',
    );
  });
  it('fails on a scalar receiver', () => {
    expect(errorOf('{{.Values.s.b}}', data)).toBe(
      'template: t:1:9: executing "t" at <.Values.s.b>: can\'t evaluate field b in type interface {}',
    );
    expect(errorOf('{{$x := 1.5}}{{$x.b}}')).toBe('template: t:1:17: executing "t" at <$x.b>: can\'t evaluate field b in type float64');
  });
  it('applies missingkey=error, zero and invalid', () => {
    expect(errorOf('{{ .Values.nope }}', data, { missingkey: 'error', name: 'stringTemplate' })).toBe(
      'template: stringTemplate:1:10: executing "stringTemplate" at <.Values.nope>: map has no entry for key "nope"',
    );
    expect(exec('{{.Values.nope}}', data, { missingkey: 'zero' })).toBe('<no value>');
    expect(exec('{{.Values.nope}}', data, { missingkey: 'invalid' })).toBe('<no value>');
    expect(errorOf('{{.x}}', undefined, { missingkey: 'error' })).toBe('template: t:1:2: executing "t" at <.x>: nil data; no entry for key "x"');
  });
  it('rejects arguments to a map key', () => {
    expect(errorOf('{{.Values.s 1}}', data)).toBe('template: t:1:9: executing "t" at <.Values.s>: s is not a method but has arguments');
  });
  it('calls methods and reads fields of host objects', () => {
    const obj: GoObject & Record<string, unknown> = {
      goType: '*semver.Version',
      goKind: 'ptr',
      goField: (n: string) => (n === 'Major' ? 1 : undefined),
      goMethod: (n: string) => (n === 'Add' ? goFunc('func(int) int', (x: number) => x + 10) : undefined),
    };
    expect(exec('{{.Major}} {{.Add 5}} {{3 | .Add}}', obj)).toBe('1 15 13');
    expect(errorOf('{{.Minor}}', obj)).toBe('template: t:1:2: executing "t" at <.Minor>: can\'t evaluate field Minor in type *semver.Version');
  });
  it('reports the column of the last field in UTF-8 bytes', () => {
    // é is 2 bytes: "é {{ .a" ends at byte 8, where ".nope" starts.
    expect(errorOf('é {{ .a.nope }}', { a: {} }, { missingkey: 'error' })).toBe(
      'template: t:1:8: executing "t" at <.a.nope>: map has no entry for key "nope"',
    );
  });
});

describe('variables and scope', () => {
  it('ends a variable at the end of its control structure', () => {
    expect(exec('{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}')).toBe('21');
  });
  it('assigns to the innermost declaration', () => {
    expect(exec('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}')).toBe('2');
  });
  it('keeps a with/if variable visible in the else branch and gone after end', () => {
    expect(exec('{{with $x := .a}}{{$x}}{{else}}[{{$x}}]{{end}}', { a: 0 })).toBe('[0]');
    expect(exec('{{if $x := .a}}{{$x}}{{end}}', { a: 'A' })).toBe('A');
    expect(errorOf('{{with $x := 1}}{{end}}{{$x}}')).toBe('template: t:1: undefined variable "$x"');
  });
  it('does not let a template call see the caller\'s variables', () => {
    expect(errorOf('{{define "d"}}{{$x}}{{end}}{{$x := 1}}{{template "d"}}')).toBe('template: t:1: undefined variable "$x"');
  });
  it('binds $ to the data inside range and with', () => {
    expect(exec('{{range .l}}{{$.n}}{{end}}', { l: [1, 2], n: 'N' })).toBe('NN');
  });
});

describe('range', () => {
  it('iterates maps in byte order of keys', () => {
    expect(exec('{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', { b: 1, a10: 2, a2: 3, B: 4 })).toBe('B=4;a10=2;a2=3;b=1;');
  });
  it('gives the element with one variable and index, element with two', () => {
    expect(exec('{{range $e := .}}{{$e}}{{end}}|{{range $i, $e := .}}{{$i}}{{$e}}{{end}}', ['a', 'b'])).toBe('ab|0a1b');
  });
  it('iterates over an integer', () => {
    expect(exec('{{range 3}}{{.}}{{end}}|{{range $i := 2}}{{$i}}{{end}}')).toBe('012|01');
    expect(errorOf('{{range $i, $v := 3}}{{end}}')).toBe(
      'template: t:1:18: executing "t" at <3>: can\'t use 3 to iterate over more than one variable',
    );
  });
  it('runs else for empty, nil and missing values', () => {
    expect(exec('{{range .a}}x{{else}}E{{end}}{{range .b}}x{{else}}E{{end}}{{range .c}}x{{else}}E{{end}}', { a: [], b: null })).toBe('EEE');
  });
  it('supports break and continue', () => {
    expect(exec('{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}', [1, 2, 3, 4, 5])).toBe('13');
  });
  it('cannot iterate over a string or float', () => {
    // The last node evaluated is the pipeline's dot.
    expect(errorOf('{{range .}}{{end}}', 'abc')).toBe('template: t:1:8: executing "t" at <.>: range can\'t iterate over abc');
  });
});

describe('builtins', () => {
  it('and/or return values and short-circuit', () => {
    const die = goFunc('func() bool', () => {
      throw new Error('die');
    });
    expect(exec('{{and 1 0 (die)}} {{or 0 "" "x" (die)}} {{and 1 .u}} {{or 0 0}}', {}, { funcs: { die } })).toBe('0 x <no value> 0');
  });
  it('len counts UTF-8 bytes', () => {
    expect(exec('{{len "héllo"}} {{len .}}', { a: 1, b: 2 })).toBe('6 2');
    expect(errorOf('{{len 3}}')).toBe('template: t:1:2: executing "t" at <len 3>: error calling len: len of type int');
  });
  it('index returns the zero value for a missing key and bytes of strings', () => {
    expect(exec('{{index . "nope"}} {{index "abc" 1}} {{index .l 1 "k"}}', { l: [0, { k: 'v' }] })).toBe('<no value> 98 v');
    expect(exec('{{index . "nope"}}', {}, { missingkey: 'error' })).toBe('<no value>');
    expect(errorOf('{{index .l 5}}', { l: [1] })).toBe(
      'template: t:1:2: executing "t" at <index .l 5>: error calling index: index out of range: 5',
    );
  });
  it('index and missingkey=zero give the zero value of a typed map\'s element', () => {
    const m = tagType({ a: 'x' }, 'map[string]string');
    expect(exec('[{{index . "nope"}}] {{printf "%T" (index . "nope")}}', m)).toBe('[] string');
    expect(exec('[{{.nope}}]', m, { missingkey: 'zero' })).toBe('[]');
  });
  it('slice works on lists and strings with Go index rules', () => {
    expect(exec('{{slice .l 1}} {{slice .l 0 1}} {{slice "hello" 1 3}}', { l: [1, 2, 3] })).toBe('[2 3] [1] el');
    expect(errorOf('{{slice .l 2 1}}', { l: [1, 2, 3] })).toMatch(/error calling slice: invalid slice index: 2 > 1$/);
  });
  it('eq compares basic kinds and fails on mixed kinds', () => {
    expect(exec('{{eq 1 2 3 1}} {{eq "a" "a"}} {{eq .missing 0}} {{ne 1 2}} {{lt "B" "a"}} {{ge 2.5 1.5}}', {})).toBe(
      'true true false true true true',
    );
    expect(errorOf('{{eq .f 1}}', { f: new GoFloat(1) })).toMatch(/error calling eq: incompatible types for comparison/);
    expect(errorOf('{{lt true false}}')).toMatch(/error calling lt: invalid type for comparison$/);
  });
  it('print inserts spaces only between non-string operands; println always', () => {
    expect(exec('{{print "a" 1 2 "b" "c" 3.5 nil}}|{{println "a" 1}}')).toBe('a1 2bc3.5 <nil>|a 1\n');
  });
  it('escapes html, js and urlquery', () => {
    expect(exec(`{{html "<a href='x'>&\\"</a>"}}`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;');
    expect(exec(`{{js "it's <b>=&"}}`)).toBe("it\\'s \\u003Cb\\u003E\\u003D\\u0026");
    expect(exec('{{urlquery "a b&c/é"}}')).toBe('a+b%26c%2F%C3%A9');
    expect(exec('{{html .x}}', {})).toBe('&lt;no value&gt;');
  });
  it('call invokes a function value with checked arguments', () => {
    const f = goFunc('func(string, int) string', (s: string, n: number) => s.repeat(n));
    expect(exec('{{call .f "ab" 2}}', { f })).toBe('abab');
    expect(errorOf('{{call .f 1 2}}', { f })).toBe(
      'template: t:1:2: executing "t" at <call .f 1 2>: error calling call: arg 0: value has type int; should be string',
    );
    expect(errorOf('{{call .nope}}', {})).toBe('template: t:1:2: executing "t" at <call .nope>: error calling call: call of nil');
  });
});

describe('function calls with Go signatures', () => {
  const funcs = {
    upper: goFunc('func(s string) string', (s: string) => s.toUpperCase()),
    repl: goFunc('func(old, new, src string) string', (o: string, n: string, s: string) => s.split(o).join(n)),
    join: goFunc('func(sep string, elems ...interface{}) string', (sep: string, ...e: unknown[]) => e.join(sep)),
    half: goFunc('func(float64) float64', (f: number | GoFloat) => Number(f) / 2),
    fail: goFunc('func() (string, error)', () => {
      throw new Error('boom');
    }),
  };
  it('converts literals by parameter type', () => {
    expect(exec('{{half 3}} {{half 1.5}}', {}, { funcs })).toBe('1.5 0.75');
    expect(errorOf('{{upper 3}}', {}, { funcs })).toBe('template: t:1:8: executing "t" at <3>: expected string; found 3');
  });
  it('checks arity', () => {
    expect(errorOf('{{repl "a" "b"}}', {}, { funcs })).toBe('template: t:1:2: executing "t" at <repl>: wrong number of args for repl: want 3 got 2');
    expect(errorOf('{{join}}', {}, { funcs })).toBe('template: t:1:2: executing "t" at <join>: wrong number of args for join: want at least 1 got 0');
  });
  it('counts a piped value as the last argument', () => {
    expect(exec('{{"src-a" | repl "a" "b"}} {{3 | join "-" 1 2}}', {}, { funcs })).toBe('src-b 1-2-3');
    expect(errorOf('{{3 | upper}}', {}, { funcs })).toBe(
      'template: t:1:6: executing "t" at <upper>: wrong type for value; expected string; got int',
    );
  });
  it('distinguishes a missing value from a nil for typed parameters', () => {
    expect(errorOf('{{upper .missing}}', {}, { funcs })).toBe('template: t:1:8: executing "t" at <.missing>: invalid value; expected string');
    expect(errorOf('{{upper .n}}', { n: null }, { funcs })).toBe(
      'template: t:1:8: executing "t" at <.n>: wrong type for value; expected string; got interface {}',
    );
  });
  it('wraps thrown errors as error calling NAME', () => {
    expect(errorOf('{{fail}}', {}, { funcs })).toBe('template: t:1:2: executing "t" at <fail>: error calling fail: boom');
  });
  it('refuses arguments to non-functions', () => {
    expect(errorOf('{{1 2}}')).toBe('template: t:1:2: executing "t" at <1>: can\'t give argument to non-function 1');
    expect(errorOf('{{$x := 1}}{{$x 2}}')).toBe('template: t:1:13: executing "t" at <$x>: can\'t give argument to non-function $x');
  });
  it('reports int literal overflow', () => {
    expect(errorOf('{{print 0x8000000000000000}}')).toBe(
      'template: t:1:8: executing "t" at <0x8000000000000000>: 0x8000000000000000 overflows int',
    );
  });
});
