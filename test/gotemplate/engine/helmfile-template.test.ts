/**
 * newHelmfileTemplate: the set helmfile renders state and values files with
 * (helpers first, missingkey=error, tpl in a fresh set holding only the helpers).
 */
import { newHelmfileTemplate, Template, type TemplateHost } from '../../../src/gotemplate/index.js';

const host: TemplateHost = {
  basePath: '/base',
  readFile: () => '',
  readDir: () => [],
  stat: () => undefined,
  env: () => undefined,
  exec: () => '',
  insecureDisabled: false,
};

describe('newHelmfileTemplate', () => {
  it('sees helper defines from include and from tpl', () => {
    const t = newHelmfileTemplate({ host, helpers: [{ name: '_h.tpl', text: '{{define "greet"}}hi {{.}}{{end}}' }] });
    t.parse('{{ include "greet" "a" }}|{{ tpl "{{ include \\"greet\\" . }}" "b" }}');
    expect(t.execute({})).toBe('hi a|hi b');
  });
  it('fails on missing keys like helmfile v1', () => {
    const t = newHelmfileTemplate({ host }).parse('{{ .Values.nope }}');
    expect(() => t.execute({ Values: {} })).toThrow(
      'template: stringTemplate:1:10: executing "stringTemplate" at <.Values.nope>: map has no entry for key "nope"',
    );
  });
});

describe('Delims', () => {
  it('parses with custom delimiters', () => {
    expect(new Template('t').delims('[[', ']]').parse('{{x}} [[ .a ]] [[- " y" ]]').execute({ a: 1 })).toBe('{{x}} 1 y');
  });
});
