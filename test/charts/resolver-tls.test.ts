/**
 * TLS settings of a repository (caFile, certFile/keyFile, skipTLSVerify) reach
 * both helmsync's own requests and the helm calls it makes, against a real
 * HTTPS chart repository with a throw-away CA made by openssl.
 */
import { join } from 'node:path';
import { createChartResolver } from '../../src/charts/index.js';
import { UserError } from '../../src/errors/index.js';
import { toolset } from '../support/binaries.js';
import { isolatedHelmEnv, makeTestPki, removeTree, startDemoRepo, type ChartRepoServer, type TestPki } from '../support/chart-repo.js';
import { loadFrom, realDeps, writeTree } from './helpers.js';

describe('chart resolver, HTTPS repositories', () => {
  const { helm } = toolset(4);
  let home: { dir: string; env: Record<string, string> };
  let pki: TestPki;
  let tls: ChartRepoServer;
  let mtls: ChartRepoServer;

  beforeAll(async () => {
    home = isolatedHelmEnv();
    pki = makeTestPki();
    tls = await startDemoRepo(helm, home.env, { tls: { cert: pki.serverCert, key: pki.serverKey } });
    mtls = await startDemoRepo(helm, home.env, { tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.caCert } });
  });
  afterAll(async () => {
    await tls.close();
    await mtls.close();
    removeTree(home.dir);
    removeTree(pki.dir);
  });

  async function resolveWith(url: string, extra: string[]) {
    const yaml = ['repositories:', '- name: secure', `  url: ${url}`, ...extra.map((l) => `  ${l}`), 'releases:', '- name: a', '  chart: secure/demo', '  version: ~1.2'].join('\n');
    const dir = writeTree({ 'helmfile.yaml': yaml });
    const { deps } = realDeps({ HOME: join(dir, 'home'), HELMSYNC_CACHE_HOME: join(dir, 'cache') }, dir);
    const state = await loadFrom(dir, deps);
    const resolver = createChartResolver(state, deps, { helmBinary: helm });
    try {
      return await resolver.resolve(state.releases[0]!);
    } finally {
      resolver.dispose();
    }
  }

  it('refuses an unknown CA and names the repository', async () => {
    const err = (await resolveWith(tls.url, []).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/cannot reach repository "secure" at https:\/\/127\.0\.0\.1:\d+\/: .*certificate/i);
  });

  it('trusts the repository with caFile, or with skipTLSVerify', async () => {
    await expect(resolveWith(tls.url, [`caFile: ${pki.caCert}`])).resolves.toMatchObject({ version: '1.2.5', onDisk: true });
    await expect(resolveWith(tls.url, ['skipTLSVerify: true'])).resolves.toMatchObject({ version: '1.2.5', onDisk: true });
  });

  it('presents the client certificate of certFile/keyFile', async () => {
    await expect(resolveWith(mtls.url, [`caFile: ${pki.caCert}`])).rejects.toBeInstanceOf(UserError);
    await expect(resolveWith(mtls.url, [`caFile: ${pki.caCert}`, `certFile: ${pki.clientCert}`, `keyFile: ${pki.clientKey}`])).resolves.toMatchObject({ version: '1.2.5' });
    expect(mtls.requests).toContain('/demo-1.2.5.tgz');
  });
});
