import { UserError } from '../../src/errors/index.js';

describe('UserError.render', () => {
  it('puts file:line:column first, then release and environment, then the hint', () => {
    const e = new UserError('unknown key "chrat"', {
      location: { file: 'helmfile.yaml', line: 4, column: 5 },
      release: 'default/web',
      environment: 'prod',
      hint: 'did you mean "chart"?',
    });
    expect(e.render()).toBe(
      'helmfile.yaml:4:5: unknown key "chrat" (release default/web, environment prod)\nhint: did you mean "chart"?',
    );
    expect(e.exitCode).toBe(1);
  });

  it('names the part of a multi-part .gotmpl file', () => {
    const e = new UserError('bad', { location: { file: 'helmfile.yaml.gotmpl', part: 2, line: 14 } });
    expect(e.render()).toBe('helmfile.yaml.gotmpl part 2, line 14: bad');
  });
});
