import { rollbackArgv, uninstallArgv, upgradeArgv } from '../../src/helm/argv-release.js';

const values = { files: ['/t/v.yaml'], sets: [] };

describe('upgradeArgv', () => {
  it('has Helmfile defaults: create-namespace, reset-values, history-max 10', () => {
    expect(upgradeArgv({ release: { name: 'r', chart: 'c', namespace: 'ns' }, defaults: {}, values, cli: {}, helmMajor: 3 })).toEqual([
      'upgrade', '--install', 'r', 'c', '--create-namespace', '--namespace', 'ns', '--values', '/t/v.yaml', '--reset-values', '--history-max', '10',
    ]);
  });

  it('maps force and atomic to their Helm 4 names', () => {
    const h3 = upgradeArgv({ release: { name: 'r', chart: 'c', force: true, atomic: true }, defaults: {}, values, cli: {}, helmMajor: 3 });
    const h4 = upgradeArgv({ release: { name: 'r', chart: 'c', force: true, atomic: true }, defaults: {}, values, cli: {}, helmMajor: 4 });
    expect(h3).toEqual(expect.arrayContaining(['--force', '--atomic']));
    expect(h3).not.toContain('--force-replace');
    expect(h4).toEqual(expect.arrayContaining(['--force-replace', '--rollback-on-failure']));
    expect(h4).not.toContain('--atomic');
    expect(h4).not.toContain('--force');
  });

  it('takes wait/timeout from helmDefaults unless the release says otherwise', () => {
    const argv = upgradeArgv({ release: { name: 'r', chart: 'c', timeout: 60 }, defaults: { wait: true, timeout: 300, createNamespace: false, historyMax: 3 }, values, cli: {}, helmMajor: 4 });
    expect(argv).toEqual(['upgrade', '--install', 'r', 'c', '--wait', '--timeout', '60s', '--values', '/t/v.yaml', '--reset-values', '--history-max', '3']);
  });

  it('uses --reuse-values when the release asks for it', () => {
    const argv = upgradeArgv({ release: { name: 'r', chart: 'c', reuseValues: true }, defaults: {}, values, cli: {}, helmMajor: 3 });
    expect(argv).toContain('--reuse-values');
    expect(argv).not.toContain('--reset-values');
  });
});

describe('upgradeArgv labels', () => {
  it('passes helmsync labels with --labels, sorted, and joins release labels only with syncReleaseLabels', () => {
    const release = { name: 'r', chart: 'c', labels: { tier: 'web', a: 'x' } };
    const only = upgradeArgv({ release, defaults: {}, values, cli: { labels: { 'helmsync.dev/owner': 'o1' } }, helmMajor: 4 });
    expect(only.slice(only.indexOf('--labels'), only.indexOf('--labels') + 2)).toEqual(['--labels', 'helmsync.dev/owner=o1']);
    const both = upgradeArgv({ release: { ...release, syncReleaseLabels: true }, defaults: {}, values, cli: { labels: { 'helmsync.dev/owner': 'o1', tier: 'ours' } }, helmMajor: 3 });
    expect(both[both.indexOf('--labels') + 1]).toBe('a=x,helmsync.dev/owner=o1,tier=ours');
    expect(upgradeArgv({ release, defaults: {}, values, cli: {}, helmMajor: 3 })).not.toContain('--labels');
  });
});

describe('uninstallArgv', () => {
  it('adds context, wait+timeout and namespace', () => {
    expect(uninstallArgv({ release: { name: 'r', chart: 'c', namespace: 'ns', kubeContext: 'k' }, defaults: { deleteWait: true, deleteTimeout: 120 }, cli: {}, helmMajor: 3 })).toEqual([
      'uninstall', 'r', '--kube-context', 'k', '--wait', '--timeout', '120s', '--namespace', 'ns',
    ]);
  });

  it('rollback: name, revision, connection, namespace, timeout (CLI over release over defaults)', () => {
    expect(rollbackArgv({ release: { name: 'r', chart: 'c', namespace: 'ns', kubeContext: 'k', timeout: 90 }, defaults: { timeout: 30 }, revision: 2, cli: { kubeconfig: '/kc' }, helmMajor: 4 })).toEqual([
      'rollback', 'r', '2', '--kube-context', 'k', '--kubeconfig', '/kc', '--namespace', 'ns', '--timeout', '90s',
    ]);
    expect(rollbackArgv({ release: { name: 'r', chart: 'c', namespace: 'ns' }, defaults: { timeout: 30 }, revision: 5, cli: { timeout: 3 }, helmMajor: 3 })).toEqual([
      'rollback', 'r', '5', '--namespace', 'ns', '--timeout', '3s',
    ]);
  });
});
