import { ExternalCommandError, UserError } from '../../src/errors/index.js';
import { HelmClient } from '../../src/helm/helm.js';
import { parseHelmVersion } from '../../src/helm/version.js';
import type { Runner, RunResult } from '../../src/process/runner.js';

/** A recording fake runner: answers from `reply`, remembers every call. */
function fakeRunner(reply: (file: string, args: readonly string[]) => Partial<RunResult>) {
  const calls: { file: string; args: readonly string[]; cwd?: string }[] = [];
  const runner: Runner = {
    async run(file, args, opts) {
      calls.push({ file, args, cwd: opts?.cwd });
      return { exitCode: 0, stdout: '', stderr: '', killed: false, ...reply(file, args) };
    },
  };
  return { runner, calls };
}

describe('parseHelmVersion', () => {
  it.each([
    ['v3.17.3+ge4da497', 3, 17],
    ['v4.1.4+g05fa379', 4, 1],
    ['v3.18.6', 3, 18],
  ])('%s → major %d', (text, major, minor) => {
    expect(parseHelmVersion(text)).toMatchObject({ major, minor });
  });
  it('returns undefined for garbage', () => expect(parseHelmVersion('oops')).toBeUndefined());
});

describe('HelmClient', () => {
  it('detects the major with helm version --short, then runs template with the built argv', async () => {
    const { runner, calls } = fakeRunner((_f, args) => (args[0] === 'version' ? { stdout: 'v4.1.4+gabc\n' } : { stdout: 'kind: X\n' }));
    const helm = await HelmClient.create({ runner, binary: '/bin/helm' });
    expect(helm.major).toBe(4);
    const out = await helm.template({ release: { name: 'a', chart: '/c' }, defaults: {}, values: { files: [], sets: [] }, cli: {} }, { cwd: '/w' });
    expect(out).toBe('kind: X\n');
    expect(calls[1]).toEqual({ file: '/bin/helm', args: ['template', 'a', '/c'], cwd: '/w' });
  });

  it('throws ExternalCommandError with redacted args and the release id on failure', async () => {
    const { runner } = fakeRunner(() => ({ exitCode: 1, stderr: 'Error: boom' }));
    const helm = new HelmClient({ runner, binary: 'helm', version: parseHelmVersion('v3.17.3')! });
    const err = await helm
      .template({ release: { name: 'a', namespace: 'ns', chart: 'c' }, defaults: {}, values: { files: [], sets: [], cliSets: ['db.password=hunter2'] }, cli: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalCommandError);
    const e = err as ExternalCommandError;
    expect(e.release).toBe('ns/a');
    expect(e.args).toContain('db.password=***');
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toContain('Error: boom');
  });

  it('turns a missing helm binary into a UserError with a hint', async () => {
    const runner: Runner = {
      async run() {
        throw Object.assign(new Error('spawn nope ENOENT'), { code: 'ENOENT' });
      },
    };
    const err = await HelmClient.create({ runner, binary: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).hint).toMatch(/--helm-binary/);
  });
});
