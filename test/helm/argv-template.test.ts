import { templateArgv } from '../../src/helm/argv-template.js';
import type { HelmValuesArgs } from '../../src/helm/release-spec.js';

const noValues: HelmValuesArgs = { files: [], sets: [] };

describe('templateArgv', () => {
  it('starts with template NAME CHART and adds the namespace', () => {
    expect(templateArgv({ release: { name: 'web', chart: '/c/web', namespace: 'apps' }, defaults: {}, values: noValues, cli: {}, helmMajor: 3 })).toEqual([
      'template', 'web', '/c/web', '--namespace', 'apps',
    ]);
  });

  it('orders values files, sets, then CLI values and CLI sets (later wins in helm)', () => {
    const argv = templateArgv({
      release: { name: 'web', chart: 'c' },
      defaults: {},
      values: {
        files: ['/t/1.yaml', '/t/2.yaml'],
        sets: [{ kind: 'set', expr: 'a=1' }, { kind: 'set-string', expr: 'b=2' }, { kind: 'set-file', expr: 'c=f.txt' }],
        cliFiles: ['/abs/extra.yaml'],
        cliSets: ['d=4'],
      },
      cli: {},
      helmMajor: 4,
    });
    expect(argv.slice(3)).toEqual([
      '--values', '/t/1.yaml', '--values', '/t/2.yaml', '--set', 'a=1', '--set-string', 'b=2', '--set-file', 'c=f.txt',
      '--values', '/abs/extra.yaml', '--set', 'd=4',
    ]);
  });

  it('passes version (without an OCI digest), devel from helmDefaults, and capabilities', () => {
    const argv = templateArgv({
      release: { name: 'r', chart: 'repo/c', version: '1.2.3@sha256:abc', apiVersions: ['x/v1'], kubeVersion: '1.29' },
      defaults: { devel: true },
      values: noValues,
      cli: { kubeVersion: '1.31' },
      helmMajor: 3,
    });
    expect(argv).toEqual(['template', 'r', 'repo/c', '--version', '1.2.3', '--devel', '--api-versions', 'x/v1', '--kube-version', '1.31']);
  });

  it('lets the release override a true helmDefaults boolean with false', () => {
    const argv = templateArgv({ release: { name: 'r', chart: 'c', devel: false, enableDNS: false }, defaults: { devel: true, enableDNS: true }, values: noValues, cli: {}, helmMajor: 3 });
    expect(argv).not.toContain('--devel');
    expect(argv).not.toContain('--enable-dns');
  });

  it('adds template switches, kube context, then args and templateArgs (CLI replaces helmDefaults)', () => {
    const argv = templateArgv({
      release: { name: 'r', chart: 'c' },
      defaults: { kubeContext: 'kind', args: ['--debug'], templateArgs: ['--dry-run=server'] },
      values: noValues,
      cli: { outputDir: '/o', includeCrds: true, skipTests: true, noHooks: true, validate: true, templateArgs: ['--x'] },
      helmMajor: 3,
    });
    expect(argv.slice(3)).toEqual(['--output-dir', '/o', '--validate', '--include-crds', '--no-hooks', '--skip-tests', '--kube-context', 'kind', '--debug', '--x']);
  });

  it('prefers the release post-renderer args over the CLI ones (integration case postrender)', () => {
    const argv = templateArgv({
      release: { name: 'r', chart: 'c', postRenderer: './pr.sh', postRendererArgs: ['cm2'] },
      defaults: {},
      values: noValues,
      cli: { postRenderer: './cli.sh', postRendererArgs: ['cm1'] },
      helmMajor: 3,
    });
    expect(argv.slice(3)).toEqual(['--post-renderer', './pr.sh', '--post-renderer-args', 'cm2']);
  });
});
