import { MultiError, reportError } from '../../src/cli/exit.js';
import { BugError, ExternalCommandError, UserError } from '../../src/errors/index.js';

describe('reportError', () => {
  it('renders a UserError with its location, hint and exit code', () => {
    const r = reportError(new UserError('environment "qa" is not defined', { location: { file: 'helmfile.yaml', line: 3 }, hint: 'define it', exitCode: 1 }));
    expect(r).toEqual({ message: 'error: helmfile.yaml:3: environment "qa" is not defined\nhint: define it', exitCode: 1 });
  });
  it('keeps exit code 3 for no matching release', () => {
    expect(reportError(new UserError('no releases found that matches specified selector', { exitCode: 3 })).exitCode).toBe(3);
  });
  it('maps a failed helm call to exit 1 and names the release', () => {
    const r = reportError(new ExternalCommandError('helm', ['template', 'a'], 2, 'Error: x', { release: 'ns/a' }));
    expect(r.exitCode).toBe(1);
    expect(r.message).toMatch(/^error: release ns\/a: helm template a failed \(exit 2\):\nError: x$/);
  });
  it('reports anything else as a bug, with the stack only under --debug', () => {
    const r = reportError(new BugError('oops'));
    expect(r.exitCode).toBe(1);
    expect(r.message).toMatch(/internal error.*oops/);
    expect(r.message).not.toMatch(/at /);
    expect(reportError(new TypeError('x'), { debug: true }).message).toMatch(/TypeError: x\n\s+at /);
  });
  it('joins several errors', () => {
    const r = reportError(new MultiError([new UserError('a'), new UserError('b')]));
    expect(r).toEqual({ message: 'error: a\nerror: b', exitCode: 1 });
  });
});
