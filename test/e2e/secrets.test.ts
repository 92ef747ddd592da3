/**
 * `secrets:` end to end (issue 13) through the BUILT CLI with real sops, real
 * helm 3 and helm 4 and the API emulator: environment and release secrets are
 * decrypted (a fresh age key per run, fixtures encrypted at test time), helm
 * reads the plaintext only from 0600 temp files that are gone afterwards,
 * nothing on stdout/stderr of diff/sync/build (even with --debug) shows it,
 * and a missing key fails before anything is written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_MAJORS } from '../support/binaries.js';
import { runCli } from '../support/cli.js';
import { sopsEncrypt, sopsKey, type SopsKey } from '../support/sops.js';
import { setUp, type ClusterEnv } from './cluster-support.js';

const ENV_SECRET = 'env-secret-message-4b7e';
const REL_SECRET = 'release-secret-password-c19d';

/** A helm wrapper that records, for every --values file it is given, its mode and whether it holds a secret. */
function helmShim(path: string, real: string, log: string): void {
  writeFileSync(
    path,
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      "const { spawnSync } = require('node:child_process');",
      'const a = process.argv.slice(2);',
      'const files = [];',
      "for (let i = 0; i < a.length; i++) if (a[i] === '--values') { const f = a[i + 1]; const t = fs.readFileSync(f, 'utf8'); files.push({ f, mode: (fs.statSync(f).mode & 0o777).toString(8), secret: t.includes(" +
        JSON.stringify(ENV_SECRET) +
        ') || t.includes(' +
        JSON.stringify(REL_SECRET) +
        ') }); }',
      `if (files.length) fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cmd: a[0], files }) + '\\n');`,
      `const r = spawnSync(${JSON.stringify(real)}, a, { stdio: 'inherit' });`,
      'process.exit(r.status ?? 1);',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
}

describe.each(HELM_MAJORS)('secrets with helm %i', (major) => {
  let e: ClusterEnv;
  let key: SopsKey;
  let shim: string;
  let log: string;
  let tmp: string;
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli([...args, ...(args.includes('--file') ? [] : ['-f', 'secrets.yaml.gotmpl']), '--helm-binary', shim, ...(['template', 'build'].includes(args[0]!) ? [] : ['--kubectl-binary', e.kubectl])], {
      cwd: e.dir,
      env: { ...e.sb.env, KUBECONFIG: e.cluster.kubeconfigPath, SOPS_AGE_KEY_FILE: key.keyFile, TMPDIR: tmp, ...env },
    });
  const noSecret = (text: string) => {
    expect(text).not.toContain(ENV_SECRET);
    expect(text).not.toContain(REL_SECRET);
  };

  beforeAll(async () => {
    e = await setUp(major);
    key = sopsKey();
    tmp = join(e.sb.dir, 'tmp');
    mkdirSync(tmp);
    log = join(e.sb.dir, 'values.log');
    shim = join(e.sb.dir, 'helm-shim');
    helmShim(shim, e.helm, log);
    e.write(
      'secrets.yaml.gotmpl',
      [
        'environments:',
        '  default:',
        '    values:',
        '      - message: from-values',
        '    secrets:',
        '      - env-secrets.yaml',
        '---',
        'releases:',
        '  - name: vault',
        '    namespace: sec',
        '    chart: ./charts/demo',
        '    values:',
        '      - message: {{ .Values.message | quote }}',
        '    secrets:',
        '      - release-secrets.yaml',
        '',
      ].join('\n'),
    );
    sopsEncrypt(`message: ${ENV_SECRET}\n`, key.recipient, join(e.dir, 'env-secrets.yaml'));
    sopsEncrypt(`password: ${REL_SECRET}\n`, key.recipient, join(e.dir, 'release-secrets.yaml'));
  }, 90_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('template renders the decrypted values; helm read them from 0600 files that are gone afterwards', async () => {
    writeFileSync(log, '');
    const r = await run(['template', '--debug']);
    expect({ code: r.exitCode, stderr: r.exitCode ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
    // The environment secret won over its values and reached the release through a template.
    expect(r.stdout).toContain(`message: "${ENV_SECRET}"`);
    expect(r.stdout).toContain(`password: "${REL_SECRET}"`);
    noSecret(r.stderr);
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { cmd: string; files: { f: string; mode: string; secret: boolean }[] });
    const files = calls.flatMap((c) => c.files);
    expect(files.filter((f) => f.secret).length).toBeGreaterThanOrEqual(2);
    for (const f of files.filter((x) => x.secret)) expect(f.mode).toBe('600');
    // The release secrets file is the last --values, after the values (helm-secrets order).
    const last = calls[0]!.files.at(-1)!;
    expect(last.secret).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('build masks the decrypted values', async () => {
    const r = await run(['build']);
    expect(r.exitCode).toBe(0);
    noSecret(r.stdout + r.stderr);
    expect(r.stdout).toContain('message: "<secret: 23 bytes>"');
  });

  it('sync installs them; diff and sync --debug print them nowhere', async () => {
    const s = await run(['sync', '--debug']);
    expect({ code: s.exitCode, stderr: s.exitCode ? s.stderr : '' }).toEqual({ code: 0, stderr: '' });
    noSecret(s.stdout + s.stderr);
    const cm = await e.kubectl_(['get', 'configmap', 'vault', '-n', 'sec', '-o', 'jsonpath={.data.message}']);
    expect(cm.stdout).toBe(ENV_SECRET);
    // A change elsewhere makes a diff that shows the ConfigMap holding the secret.
    const d = await run(['diff', '--debug', '--set', 'extra=true', '--context', '3']);
    expect(d.exitCode).toBe(0);
    expect(d.stdout).toMatch(/extra/);
    noSecret(d.stdout + d.stderr);
    // The diff does hold the value: --show-secrets prints it.
    const shown = await run(['diff', '--set', 'extra=true', '--context', '3', '--show-secrets']);
    expect(shown.stdout).toContain(ENV_SECRET);
    for (const fmt of ['json', 'markdown']) {
      const o = await run(['diff', '--set', 'extra=true', '--output', fmt]);
      expect(o.exitCode).toBe(0);
      noSecret(o.stdout + o.stderr);
    }
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('vals references: ref+sops:// and ref+file:// render, masked in the diff; ref+vault:// is refused before any write', async () => {
    e.write('token.txt', 'file-token-value-8842');
    e.write(
      'vals.yaml',
      [
        'releases:',
        '  - name: refs',
        '    namespace: sec',
        '    chart: ./charts/demo',
        '    values:',
        '      - message: ref+sops://env-secrets.yaml#/message',
        '        password: ref+file://token.txt',
        '',
      ].join('\n'),
    );
    const t = await run(['template', '--file', 'vals.yaml']);
    expect({ code: t.exitCode, stderr: t.exitCode ? t.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(t.stdout).toContain(`message: "${ENV_SECRET}"`);
    expect(t.stdout).toContain('password: "file-token-value-8842"');
    const d = await run(['diff', '--file', 'vals.yaml']);
    expect(d.exitCode).toBe(0);
    expect(d.stdout).toMatch(/refs/);
    noSecret(d.stdout + d.stderr);
    expect(d.stdout).not.toContain('file-token-value-8842');
    e.write('vault.yaml', ['releases:', '  - name: vaulted', '    namespace: sec', '    chart: ./charts/demo', '    values:', '      - password: ref+vault://secret/data/app#/password', ''].join('\n'));
    const before = e.revisions();
    const v = await run(['sync', '--file', 'vault.yaml']);
    expect(v.exitCode).toBe(1);
    expect(v.stderr).toContain('vals backend "vault" (ref+vault://secret/data/app#/password) is not supported');
    expect(e.revisions()).toEqual(before);
  });

  it('without the key: one clear error, nothing written', async () => {
    const before = e.revisions();
    const r = await run(['sync'], { SOPS_AGE_KEY_FILE: sopsKey().keyFile });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot decrypt secrets file env-secrets\.yaml with sops: Failed to get the data key/);
    expect(r.stderr).toMatch(/hint: give sops the key/);
    noSecret(r.stdout + r.stderr);
    expect(e.revisions()).toEqual(before);
  });
});
