/**
 * The interactive flow of `helmsync promote` for real in a terminal: the BUILT
 * CLI runs in a tmux session (its own socket), the test reads the screen with
 * capture-pane and types with send-keys. The selection prompt appears with
 * every release and key preselected, deselecting a release keeps its value,
 * and confirming writes the rest. tmux comes from .ci/run's install list.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { binRun, type CliResult } from '../support/cli.js';
import { GIT_ENV, PROD, setUpPromote, type PromoteEnv } from './promote-support.js';

describe.each(HELM_MAJORS)('promote on a terminal with helm %i', (major) => {
  let e: PromoteEnv;
  const ok = (r: CliResult) => expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
  const image = (env: string, name: string) => e.cluster.get('apps/v1', 'Deployment', `shop-${env}`, name)?.spec?.template?.spec?.containers?.[0]?.image as string | undefined;

  beforeAll(async () => {
    execFileSync('tmux', ['-V']);
    e = await setUpPromote(major);
    for (const env of ['staging', 'prod']) ok(await e.hs(['-e', env, 'apply']));
  }, 120_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('on a terminal: the selection prompt appears, a deselected release keeps its value, confirming writes the rest', async () => {
    const socket = `hs-promote-${process.pid}-${major}`;
    const dir = mkdtempSync(join(tmpdir(), 'helmsync-tty-'));
    try {
      const exitFile = join(dir, 'exit');
      const script = join(dir, 'run.sh');
      const env = { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath, ...GIT_ENV };
      const exports = Object.entries(env)
        .filter(([k]) => k !== 'CI')
        .map(([k, v]) => `export ${k}='${v}'`)
        .join('\n');
      writeFileSync(
        script,
        `unset CI\n${exports}\ncd '${e.dir}'\n'${process.execPath}' '${binRun}' -f shop/helmfile.yaml.gotmpl promote --from staging --to prod --context 0 --helm-binary '${e.helm}' --kubectl-binary '${e.kubectl}' > '${join(dir, 'stdout')}'\necho $? > '${exitFile}'\nsleep 60\n`,
      );
      const tmux = (args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
      tmux(['new-session', '-d', '-x', '160', '-y', '50', 'bash', script]);
      const screen = () => tmux(['capture-pane', '-p', '-t', '0']);
      const waitFor = async (re: RegExp, ms = 60_000) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          const s = screen();
          if (re.test(s)) return s;
          await new Promise((res) => setTimeout(res, 250));
        }
        throw new Error(`timed out waiting for ${re}; screen:\n${screen()}`);
      };
      const prompt = await waitFor(/Values to promote from staging to prod/);
      await waitFor(/apps\.api\.imageTag: 1\.26\.0 -> 1\.27\.1/);
      expect(prompt).toMatch(/❯|\?/);
      const listed = screen();
      // Grouped by release, every key preselected.
      expect(listed).toMatch(/✔ api\n\s+✔ apps\.api\.imageTag: 1\.26\.0 -> 1\.27\.1\n✔ web\n\s+✔ apps\.web\.imageTag: 1\.27\.0 -> 1\.27\.1\n/);
      // The cursor starts on the first group (api): space deselects it and its keys.
      tmux(['send-keys', '-t', '0', 'Space']);
      await new Promise((res) => setTimeout(res, 500));
      tmux(['send-keys', '-t', '0', 'Enter']);
      await waitFor(/Write 1 value to shop\/environments\/prod\.yaml\?/);
      tmux(['send-keys', '-t', '0', 'y', 'Enter']);
      const end = Date.now() + 30_000;
      while (!existsSync(exitFile) && Date.now() < end) await new Promise((res) => setTimeout(res, 200));
      expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
      const out = readFileSync(join(dir, 'stdout'), 'utf8');
      expect(out).toMatch(/Preview: prod with the promoted values/);
      expect(out).toMatch(/^kept \(deselected\): api apps\.api\.imageTag$/m);
      // api keeps its value; web's tag is the only byte that changed.
      expect(e.file('environments/prod.yaml')).toBe(PROD('"1.27.1"', '1.26.0'));
      ok(await e.hs(['-e', 'prod', 'apply']));
      expect([image('prod', 'web'), image('prod', 'api')]).toEqual(['nginx:1.27.1', 'nginx:1.26.0']);
    } finally {
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
