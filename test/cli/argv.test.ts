import { hoistCommand } from '../../src/cli/argv.js';

describe('hoistCommand', () => {
  it('moves leading global flags after the command', () => {
    expect(hoistCommand(['-f', 'h.yaml', '--namespace=x', 'template', '--skip-deps'])).toEqual(['template', '--skip-deps', '-f', 'h.yaml', '--namespace=x']);
  });
  it('keeps value-taking flags with their value', () => {
    expect(hoistCommand(['--sequential-helmfiles', '-e', 'prod', 'list'])).toEqual(['list', '--sequential-helmfiles', '-e', 'prod']);
  });
  it('leaves argv without a command alone (--version, --help)', () => {
    expect(hoistCommand(['--version'])).toEqual(['--version']);
  });
  it('rewrites Go-style booleans', () => {
    expect(hoistCommand(['template', '--skip-needs=false', '--include-crds=true'])).toEqual(['template', '--no-skip-needs', '--include-crds']);
  });
});
