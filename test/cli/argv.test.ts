import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagTablesFromManifest, hoistCommand } from '../../src/cli/argv.js';
import { repoRoot } from '../support/cli.js';

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

describe('hoistCommand with the flag tables of the built manifest', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8'));
  const tables = flagTablesFromManifest(manifest);

  it('knows command flags that take a value, not only the global ones', () => {
    // Was: the kubectl path taken for the command ("unknown command …/kubectl:diff").
    expect(hoistCommand(['-e', 'dev', '--kubectl-binary', '/opt/kubectl', 'diff'], tables)).toEqual(['diff', '-e', 'dev', '--kubectl-binary', '/opt/kubectl']);
  });
  it('covers every global flag of the fallback table', () => {
    for (const f of ['-f', '--file', '-e', '--environment', '-l', '--selector', '-n', '--namespace', '--kube-context', '-b', '--helm-binary', '--state-values-set', '--state-values-file']) {
      expect(tables.valueFlags.has(f)).toBe(true);
    }
  });
  it('turns --x=false into --no-x only for allowNo flags, and drops it for plain booleans', () => {
    expect(hoistCommand(['template', '--skip-needs=false', '--skip-tests=false', '--include-crds=false'], tables)).toEqual(['template', '--no-skip-needs', '--no-include-crds']);
  });
});
