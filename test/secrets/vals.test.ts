/**
 * vals references (issue 13): the offline backends with vals' semantics. The
 * expected values are vals' own documented examples and unit-test cases
 * (helmfile/vals README "Expression Syntax", "Echo", "File", "EnvSubst", "SOPS";
 * vals_test.go TestEvalNodes/TestInString/nested cases), plus real sops.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { UserError } from '../../src/errors/index.js';
import { envsubst, expandRefsInString, expandRefsInTree, fetchSecretValue, type ValsContext } from '../../src/secrets/vals.js';
import { buildReleaseValues } from '../../src/values/release-values.js';
import { readFileSync } from 'node:fs';
import { sopsEncrypt, sopsKey } from '../support/sops.js';
import { loadFrom, realDeps, writeTree } from '../charts/helpers.js';

function ctxFor(dir: string, env: Record<string, string> = {}): ValsContext & { seen: string[] } {
  const seen: string[] = [];
  return { deps: realDeps({ HOME: dir, ...env }, dir).deps, baseDir: dir, what: 'values', onSecret: (v) => seen.push(v), seen };
}

describe('vals expressions', () => {
  const dir = writeTree({ 'some.yaml': 'foo:\n  bar: BAR\n  n: 42\n  m: {a: 1}\n', 'text.txt': 'file content' });
  const c = ctxFor(dir, { VAR1: 'v1', EMPTY: '' });

  it('echo: the path, or a key of the object it spells (vals README, vals_test.go)', () => {
    expect(expandRefsInString('ref+echo://foo/bar', c)).toBe('foo/bar');
    expect(expandRefsInString('ref+echo://foo/bar#/foo', c)).toBe('bar');
    expect(expandRefsInString('ref+echo://foo/bar/baz#/foo/bar', c)).toBe('baz');
    expect(expandRefsInString('ref+echo://foo/bar ref+echo://foo/bar#/foo', c)).toBe('foo/bar bar');
    expect(expandRefsInString('The secret is ref+echo://mysecret', c)).toBe('The secret is mysecret');
    expect(expandRefsInString('prefix-ref+echo://middle-suffix', c)).toBe('prefix-middle-suffix');
    // The trailing + ends an expression inside a string; DefaultRefRegexp needs two characters after ://.
    expect(expandRefsInString('foo ref+echo://a/b+ ref+echo://cd+ bar', c)).toBe('foo a/b cd bar');
    expect(expandRefsInString('ref+echo://c', c)).toBe('ref+echo://c');
  });

  it('nested references resolve inside out (vals_test.go)', () => {
    expect(expandRefsInString('ref+echo://ref+echo://inner/value', c)).toBe('inner/value');
    expect(expandRefsInString('ref+echo://ref+echo://ref+echo://deep/value', c)).toBe('deep/value');
    expect(expandRefsInString('ref+echo://ref+envsubst://$VAR1/path', c)).toBe('v1/path');
  });

  it('file: the text (or base64), a key of YAML keeping its type; relative to the releases file directory', () => {
    expect(expandRefsInString('ref+file://text.txt', c)).toBe('file content');
    expect(expandRefsInString(`ref+file://${join(dir, 'text.txt')}`, c)).toBe('file content');
    expect(expandRefsInString('ref+file://text.txt?encode=base64', c)).toBe(Buffer.from('file content').toString('base64'));
    expect(expandRefsInTree({ key1: 'ref+file://some.yaml#/foo/bar', n: 'ref+file://some.yaml#/foo/n', m: 'ref+file://some.yaml#/foo/m' }, c)).toEqual({ key1: 'BAR', n: 42, m: { a: 1 } });
    // A number formatted into a string.
    expect(expandRefsInTree({ s: 'n=ref+file://some.yaml#/foo/n' }, c)).toEqual({ s: 'n=42' });
  });

  it('a missing key is null unless HELMFILE_VALS_FAIL_ON_MISSING_KEY_IN_MAP=true', () => {
    expect(expandRefsInTree({ x: 'ref+file://some.yaml#/foo/nope' }, c)).toEqual({ x: null });
    const strict = ctxFor(dir, { HELMFILE_VALS_FAIL_ON_MISSING_KEY_IN_MAP: 'true' });
    expect(() => expandRefsInTree({ x: 'ref+file://some.yaml#/foo/nope' }, strict)).toThrow(/no value found for key foo\/nope/);
  });

  it('envsubst: $VAR, ${VAR}, defaults', () => {
    expect(expandRefsInString('ref+envsubst://$VAR1', c)).toBe('v1');
    expect(envsubst('${VAR1}-${NOPE:-d}-${EMPTY:-e}-${EMPTY-f}-$$VAR1-$NOPE.', { VAR1: 'v1', EMPTY: '' })).toBe('v1-d-e--$VAR1-.');
  });

  it('other backends name themselves in a clear error', () => {
    const e = (() => {
      try {
        expandRefsInTree({ a: 'ref+vault://secret/data/foo?proto=http#/mykey' }, c);
      } catch (x) {
        return x as UserError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(UserError);
    expect(e!.message).toBe('values: vals backend "vault" (ref+vault://secret/data/foo?proto=http#/mykey) is not supported: helmsync evaluates only the offline backends echo, envsubst, file, sops');
    expect(e!.hint).toMatch(/ref\+envsubst/);
  });

  it('a missing file says which', () => {
    expect(() => expandRefsInString('ref+file://nope.txt', c)).toThrow(/ref\+file:\/\/nope\.txt: cannot read .*nope\.txt/);
  });

  it('resolved strings are reported for masking (echo is not a secret)', () => {
    const c2 = ctxFor(dir);
    expandRefsInTree({ a: 'ref+file://some.yaml#/foo/bar', b: 'ref+echo://x/y' }, c2);
    expect(c2.seen).toEqual(['BAR']);
  });

  it('fetchSecretValue must give a string', () => {
    expect(fetchSecretValue('ref+echo://foo/bar#/foo', c)).toBe('bar');
    expect(fetchSecretValue('no reference', c)).toBe('no reference');
    expect(() => fetchSecretValue('ref+file://some.yaml#/foo/m', c)).toThrow(/to be string/);
  });
});

describe('sops references', () => {
  it('ref+sops:// decrypts the whole file or one key of it', () => {
    const key = sopsKey();
    const dir = writeTree({});
    sopsEncrypt('db:\n  password: sops-ref-secret-77\n  port: 5432\n', key.recipient, join(dir, 'secrets.yaml'));
    const c = ctxFor(dir, { SOPS_AGE_KEY_FILE: key.keyFile });
    expect(expandRefsInTree({ p: 'ref+sops://secrets.yaml#/db/password', port: 'ref+sops://secrets.yaml#/db/port' }, c)).toEqual({ p: 'sops-ref-secret-77', port: 5432 });
    expect(expandRefsInString('ref+sops://secrets.yaml', c)).toBe('db:\n    password: sops-ref-secret-77\n    port: 5432\n');
    expect(c.seen).toContain('sops-ref-secret-77');
  });
});

describe('references in a release and in templates', () => {
  it('values files, inline values and set values are evaluated; templates call fetchSecretValue/expandSecretRefs', async () => {
    const dir = writeTree({
      'helmfile.yaml.gotmpl': [
        'releases:',
        '  - name: app',
        '    chart: ./chart',
        '    values:',
        '      - values.yaml',
        '      - inline: ref+file://token.txt',
        '        fetched: {{ fetchSecretValue "ref+envsubst://$APP_TOKEN" | quote }}',
        '        expanded: {{ expandSecretRefs (dict "k" "ref+echo://a/b#/a") | toJson }}',
        '    set:',
        '      - name: fromSet',
        '        value: ref+envsubst://$APP_TOKEN',
        '',
      ].join('\n'),
      'values.yaml': '# plain values with a reference\nfromFile: ref+file://conf.yaml#/db/password\nplain: 1\n',
      'conf.yaml': 'db:\n  password: file-secret-1234\n',
      'token.txt': 'token-from-file-5678',
    });
    const { deps } = realDeps({ HOME: dir, APP_TOKEN: 'env-token-abcd' }, dir);
    const state = await loadFrom(dir, deps);
    const v = await buildReleaseValues(state.releases[0]!, state, deps, { merge: true });
    expect(v.merged).toEqual({
      fromFile: 'file-secret-1234',
      plain: 1,
      inline: 'token-from-file-5678',
      fetched: 'env-token-abcd',
      expanded: { k: 'b' },
    });
    // The file with references is evaluated into a temp file; helm never reads the ref.
    expect(v.files[0]).not.toBe(join(dir, 'values.yaml'));
    expect(readFileSync(v.files[0]!, 'utf8')).toBe('fromFile: file-secret-1234\nplain: 1\n');
    expect(v.sets).toEqual([{ flag: '--set', arg: 'fromSet=env-token-abcd' }]);
    expect(v.secretValues).toEqual(['env-token-abcd', 'file-secret-1234', 'token-from-file-5678']);
    v.cleanup();
  });
});
