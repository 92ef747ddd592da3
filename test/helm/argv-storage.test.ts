import { describe, expect, it } from '@jest/globals';
import { helmGetArgv, helmListArgv } from '../../src/helm/argv-storage.js';

describe('helm storage argv', () => {
  it('reads one revision with helm spelling of the context flag', () => {
    expect(helmGetArgv({ context: 'c' }, 'values', 'r', 'ns', 3)).toEqual(['get', 'values', 'r', '--kube-context', 'c', '--namespace', 'ns', '--revision', '3', '--output', 'json']);
    expect(helmGetArgv({ kubeconfig: '/k' }, 'manifest', 'r', 'ns', 1)).toEqual(['get', 'manifest', 'r', '--kubeconfig', '/k', '--namespace', 'ns', '--revision', '1']);
  });

  it('lists every state but superseded, without the 256 page limit', () => {
    expect(helmListArgv({}, 'web')).toEqual([
      'list', '--namespace', 'web', '--deployed', '--failed', '--pending', '--uninstalling', '--uninstalled', '--max', '0', '--output', 'json',
    ]);
    expect(helmListArgv({ context: 'prod' })).toEqual(expect.arrayContaining(['--kube-context', 'prod', '--all-namespaces']));
  });
});
