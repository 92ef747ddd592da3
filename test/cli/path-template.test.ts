import { renderPathTemplate } from '../../src/app/path-template.js';
import { UserError } from '../../src/errors/index.js';

describe('renderPathTemplate', () => {
  const data = { OutputDir: 'out', State: { BaseName: 'helmfile', AbsPathSHA1: 'abcd1234' }, Release: { Name: 'web', Namespace: '' } };

  it("expands Helmfile's default --output-dir-template", () => {
    expect(renderPathTemplate('{{ .OutputDir }}/{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}-{{ .Release.Name}}', data, 'x')).toBe('out/helmfile-abcd1234-web');
  });
  it('renders empty fields as empty strings', () => {
    expect(renderPathTemplate('{{.OutputDir}}/{{ .Release.Namespace }}/{{ .Release.Name }}', data, 'x')).toBe('out//web');
  });
  it('rejects unknown fields and non-field expressions with a UserError', () => {
    expect(() => renderPathTemplate('{{ .Release.Nope }}', data, 'x')).toThrow(UserError);
    expect(() => renderPathTemplate('{{ if .OutputDir }}x{{ end }}', data, 'x')).toThrow(/unsupported expression/);
  });
});
