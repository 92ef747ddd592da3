/**
 * Lexing and parsing as Go's text/template/parse does it: trim markers, comments,
 * literals, keywords, and the exact parse-error texts (`template: NAME:LINE: msg`).
 * Expectations follow Go's lex_test.go/parse_test.go and the text/template docs.
 */
import { errorOf, exec } from './support.js';

describe('trim markers and comments', () => {
  it('trims all trailing and leading space, tabs and newlines around {{- and -}}', () => {
    expect(exec('a \t\n {{- "x" -}} \n\t b')).toBe('axb');
  });
  it('needs a space after {{- : {{-3}} is the number -3', () => {
    expect(exec('a {{-3}}')).toBe('a -3');
  });
  it('drops comments, including trimmed and multi-line ones', () => {
    expect(exec('a {{/* c */}} b')).toBe('a  b');
    expect(exec('a {{- /* c\n d */ -}} b')).toBe('ab');
  });
  it('rejects a comment that does not end at the delimiter', () => {
    expect(errorOf('{{/* c */ x}}')).toBe('template: t:1: comment ends before closing delimiter');
    expect(errorOf('{{/* c }}')).toBe('template: t:1: unclosed comment');
  });
  it('keeps CR and other text verbatim', () => {
    expect(exec('a\r\nb{{"c"}}\r\n')).toBe('a\r\nbc\r\n');
  });
});

describe('literals', () => {
  it('parses Go number syntax', () => {
    expect(exec('{{print 1_000 0b101 0o17 017 0x1F 1e3 0x1p-2}}')).toBe('1000 5 15 15 31 1000 0.25');
  });
  it('treats a character constant as an int rune', () => {
    expect(exec("{{'a'}} {{'\\n'}} {{'\\u00e9'}}")).toBe('97 10 233');
  });
  it('decodes string escapes and keeps raw strings raw', () => {
    expect(exec('{{"a\\tb\\u00e9\\x41"}}|{{`a\\tb`}}')).toBe('a\tbéA|a\\tb');
  });
  it('allows newlines inside actions and raw strings', () => {
    expect(exec('{{print\n1\n2}}{{`x\ny`}}')).toBe('1 2x\ny');
  });
});

describe('parse errors', () => {
  const cases: [string, string][] = [
    ['{{end}}', 'template: t:1: unexpected {{end}}'],
    ['{{else}}', 'template: t:1: unexpected {{else}}'],
    ['{{if true}}x', 'template: t:1: unexpected EOF'],
    ['{{range .}}{{else}}{{else}}{{end}}', 'template: t:1: expected end; found {{else}}'],
    ['{{$x}}', 'template: t:1: undefined variable "$x"'],
    ['{{nosuchfunc 1}}', 'template: t:1: function "nosuchfunc" not defined'],
    ['{{"hello".guys}}', 'template: t:1: unexpected . after term "\\"hello\\""'],
    // "1.E" lexes as one number token that strconv cannot parse.
    ['{{1.E}}', 'template: t:1: illegal number syntax: "1.E"'],
    ['{{1x}}', 'template: t:1: bad number syntax: "1x"'],
    ['{{break}}', 'template: t:1: {{break}} outside {{range}}'],
    ['{{range .}}{{else}}{{continue}}{{end}}', 'template: t:1: {{continue}} outside {{range}}'],
    ['{{range $a, $b, $c := .}}{{end}}', 'template: t:1: too many declarations in range'],
    ['{{with $a, $b := .}}{{end}}', 'template: t:1: too many declarations in with'],
    ['{{template .X}}', 'template: t:1: unexpected ".X" in template clause'],
    ['{{template .}}', 'template: t:1: unexpected <.> in template clause'],
    ['{{(1}}', 'template: t:1: unclosed left paren'],
    ['{{1)}}', 'template: t:1: unexpected right paren'],
    ['{{if}}{{end}}', 'template: t:1: missing value for if'],
    ['{{1 | 2}}', 'template: t:1: non executable command in pipeline stage 2'],
    ['x\n{{.X', 'template: t:2: unclosed action'],
    ['{{.X\n\n', 'template: t:3: unclosed action'],
    ['{{\n\n', 'template: t:3: unclosed action started at t:1'],
    ['{{define "a"}}1{{end}}{{define "a"}}2{{end}}', 'template: t:1: template: multiple definition of template "a"'],
    ['{{"x}}', 'template: t:1: unterminated quoted string'],
    ['{{ $x := 1 }}{{ $x.y := 2 }}', 'template: t:1: unexpected ":=" in operand'],
    ['{{#}}', 'template: t:1: unexpected "#" in command'],
    ['{{\x01}}', 'template: t:1: unrecognized character in action: U+0001'],
    ["{{ 'a }}", 'template: t:1: unterminated character constant'],
    ['{{"a\nb"}}', 'template: t:1: unterminated quoted string'],
    ['{{`a', 'template: t:1: unterminated raw quoted string'],
    ['{{.X-Y}}', "template: t:1: bad character U+002D '-'"],
    ['{{.a.0}}', 'template: t:1: unexpected ".0" in operand'],
    ['{{if true}}{{define "x"}}{{end}}{{end}}', 'template: t:1: unexpected <define> in command'],
    ['{{range .}}{{break 1}}{{end}}', 'template: t:1: unexpected "1" in {{break}}'],
  ];
  it.each(cases)('%j fails with Go\'s message', (text, want) => {
    expect(errorOf(text)).toBe(want);
  });

  it('reports the line of the failing token', () => {
    expect(errorOf('line1\nline2 {{ nosuch }}', undefined, { name: 'stringTemplate' })).toBe(
      'template: stringTemplate:2: function "nosuch" not defined',
    );
  });
});

describe('keywords', () => {
  it('treats break and continue as function names when such functions exist', () => {
    const funcs = { break: Object.assign(() => 'B', { goSig: 'func() string' }) };
    expect(exec('{{break}}', undefined, { funcs })).toBe('B');
  });
  it('parses else-if and else-with chains with a single end', () => {
    expect(exec('{{if false}}a{{else if false}}b{{else}}c{{end}}')).toBe('c');
    expect(exec('{{with 0}}a{{else with "w"}}{{.}}{{end}}')).toBe('w');
  });
});
