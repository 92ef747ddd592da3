/**
 * Template sets (text/template template.go + helmfile's include/tpl): define/template/
 * block, redefinition across Parse calls, lookups, clones, and the FuncContext given to
 * functions.
 */
import { Template, type FuncContext } from '../../../src/gotemplate/index.js';
import { errorOf, goFunc } from './support.js';

const include = goFunc('func(string, interface {}) (string, error)', function (this: FuncContext, name: string, data: unknown) {
  return this.include(name, data);
});
const tpl = goFunc('func(string, interface {}) (string, error)', function (this: FuncContext, text: string, data: unknown) {
  return this.tpl(text, data);
});

describe('define, template and block', () => {
  it('invokes a defined template with its own dot and $', () => {
    const t = new Template('t').parse('{{define "x"}}[{{.}}|{{$}}]{{end}}{{$y := 1}}{{template "x" .a}}{{template "x"}}');
    expect(t.execute({ a: 'A' })).toBe('[A|A][<no value>|<no value>]');
  });
  it('lets a later parse override a block (TestBlock overlay)', () => {
    const t = new Template('outer').parse('a({{block "inner" .}}bar({{.}})baz{{end}})b');
    expect(t.execute('hello')).toBe('a(bar(hello)baz)b');
    t.parse('{{define "inner"}}foo({{.}}){{end}}');
    expect(t.execute('hello')).toBe('a(foo(hello))b');
  });
  it('keeps a body when a later parse only adds definitions', () => {
    const t = new Template('t').parse('body{{define "a"}}A{{end}}');
    t.parse('{{define "b"}}B{{end}}');
    expect(t.execute(null)).toBe('body');
    expect(t.executeTemplate('b', null)).toBe('B');
  });
  it('executes a text with only definitions to the empty string', () => {
    expect(new Template('t').parse('{{define "one"}}one{{end}}{{define "two"}}two{{end}}').execute(0)).toBe('');
  });
  it('fails on an unknown template, in both call styles', () => {
    expect(errorOf('{{template "nope"}}')).toBe('template: t:1:11: executing "t" at <{{template "nope"}}>: template "nope" not defined');
    expect(() => new Template('t').parse('x').executeTemplate('nope', null)).toThrow(
      'template: no template "nope" associated with template "t"',
    );
  });
  it('fails on a template that was never parsed', () => {
    expect(() => new Template('x').execute(null)).toThrow('template: x: "x" is an incomplete or empty template');
  });
  it('locates errors inside a define in the parsed file and names the executing template', () => {
    const t = new Template('stringTemplate', { missingkey: 'error' }).parse('{{define "t"}}\n{{ .Values.nope }}{{end}}{{template "t" .}}');
    expect(() => t.execute({ Values: {} })).toThrow(
      'template: stringTemplate:2:10: executing "t" at <.Values.nope>: map has no entry for key "nope"',
    );
  });
  it('looks templates up and clones sets independently', () => {
    const t = new Template('t').parse('{{define "a"}}A{{end}}{{template "a"}}');
    expect(t.lookup('a')?.name).toBe('a');
    expect(t.lookup('zz')).toBeUndefined();
    const c = t.clone();
    c.parse('{{define "a"}}C{{end}}');
    expect(c.execute(null)).toBe('C');
    expect(t.execute(null)).toBe('A');
  });
});

describe('parse cache', () => {
  it('never lets a parse made with one function map serve a set without that function', () => {
    const f = goFunc('func() string', () => 'F');
    expect(new Template('t', { funcs: { f } }).parse('{{f}}').execute(null)).toBe('F');
    expect(() => new Template('t').parse('{{f}}')).toThrow('template: t:1: function "f" not defined');
    expect(new Template('t', { funcs: { f } }).parse('{{f}}').execute(null)).toBe('F');
  });
  it('does not share trees once functions are added to a set', () => {
    const funcs = { g: goFunc('func() string', () => 'G') };
    const t = new Template('t', { funcs }).funcs({ h: goFunc('func() string', () => 'H') });
    expect(t.parse('{{g}}{{h}}').execute(null)).toBe('GH');
    expect(() => new Template('t', { funcs }).parse('{{g}}{{h}}')).toThrow('function "h" not defined');
  });
});

describe('include and tpl', () => {
  it('include renders a template of the set and returns a string', () => {
    const t = new Template('stringTemplate', { funcs: { include } }).parse('{{define "x"}}<{{.}}>{{end}}{{include "x" 1 | printf "%q"}}');
    expect(t.execute(null)).toBe('"<1>"');
  });
  it('include wraps errors of the included template', () => {
    const t = new Template('stringTemplate', { funcs: { include } }).parse('{{include "nope" .}}');
    expect(() => t.execute(null)).toThrow(
      'template: stringTemplate:1:2: executing "stringTemplate" at <include "nope" .>: error calling include: template: no template "nope" associated with template "stringTemplate"',
    );
  });
  it('stops endless include recursion', () => {
    const t = new Template('stringTemplate', { funcs: { include }, includeLimit: 20 }).parse('{{define "r"}}{{include "r" .}}{{end}}{{include "r" .}}');
    expect(() => t.execute(null)).toThrow(/rendering template has a nested reference name: r: unable to execute template/);
  });
  it('tpl renders in a fresh set that does not see the caller\'s defines', () => {
    const t = new Template('stringTemplate', { funcs: { tpl } }).parse('{{define "x"}}X{{end}}{{tpl "{{.a}}" .}}');
    expect(t.execute({ a: 'A' })).toBe('A');
    const bad = new Template('stringTemplate', { funcs: { tpl } }).parse('{{define "x"}}X{{end}}{{tpl "{{template \\"x\\"}}" .}}');
    expect(() => bad.execute({})).toThrow(/error calling tpl: template: stringTemplate:1:11: executing "stringTemplate" at <\{\{template "x"\}\}>: template "x" not defined/);
  });
});

describe('execute context', () => {
  it('hands a per-execution host to functions, through include too', () => {
    const where = goFunc('func() string', function (this: FuncContext) {
      return this.host?.basePath ?? 'none';
    });
    const host = { basePath: '/x' } as unknown as NonNullable<FuncContext['host']>;
    const t = new Template('t', { funcs: { where, include } }).parse('{{define "d"}}{{where}}{{end}}{{where}}|{{include "d" .}}');
    expect(t.execute(null)).toBe('none|none');
    expect(t.execute(null, { host })).toBe('/x|/x');
  });
});
