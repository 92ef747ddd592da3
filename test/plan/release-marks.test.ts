import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { normaliseRemote, originUrl } from '../../src/app/ownership.js';
import { checkOwnerName, deriveOwner, isLabelValue } from '../../src/plan/release-marks.js';

const h8 = (id: string, e: string) => createHash('sha256').update(`${id}\0${e}`).digest('hex').slice(0, 8);

describe('deriveOwner', () => {
  it('is the readable name and environment plus a hash of the id and environment', () => {
    expect(deriveOwner({ id: 'x\0envs/prod/helmfile.yaml', readable: 'infra.envs/prod/helmfile.yaml', environment: 'prod' })).toBe(`infra.envs.prod.helmfile.yaml_prod_${h8('x\0envs/prod/helmfile.yaml', 'prod')}`);
  });
  it('differs by environment and by id even when the readable part is the same', () => {
    const a = deriveOwner({ id: 'a', readable: 'helmfile.yaml', environment: 'a' });
    expect(deriveOwner({ id: 'a', readable: 'helmfile.yaml', environment: 'b' })).not.toBe(a);
    expect(deriveOwner({ id: 'b', readable: 'helmfile.yaml', environment: 'a' })).not.toBe(a);
  });
  it('always fits a label value: long names are cut, odd characters replaced, leading dots dropped', () => {
    const long = deriveOwner({ id: 'x', readable: `${'very-long-directory-name/'.repeat(6)}helmfile.yaml.gotmpl`, environment: 'production-eu-west-1' });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(isLabelValue(long)).toBe(true);
    expect(isLabelValue(deriveOwner({ id: 'x', readable: '.hidden/helm file@1.yaml', environment: 'env with spaces' }))).toBe(true);
    expect(deriveOwner({ id: 'x', readable: '-', environment: 'default' })).toMatch(/^default_[0-9a-f]{8}$/);
  });
});

describe('checkOwnerName', () => {
  it('accepts label values and refuses the rest with a hint', () => {
    expect(checkOwnerName('team-a.prod_1')).toBe('team-a.prod_1');
    for (const bad of ['', 'a b', '-a', 'a-', 'x'.repeat(64), 'a/b']) expect(() => checkOwnerName(bad)).toThrow(/cannot be stored as a helm release label value/);
  });
});

describe('the repository identity', () => {
  it('is the origin URL without scheme, credentials or .git, the same for https and ssh clones', () => {
    expect(normaliseRemote('https://user:t0ken@github.com/org/infra.git')).toBe('github.com/org/infra');
    expect(normaliseRemote('git@github.com:org/infra.git')).toBe('github.com/org/infra');
    expect(normaliseRemote('ssh://git@github.com/org/infra')).toBe('github.com/org/infra');
    expect(normaliseRemote('https://git.example.com:8443/org/infra/')).toBe('git.example.com:8443/org/infra');
  });
  it('is read from the [remote "origin"] section only', () => {
    const config = '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://a/x.git\n[remote "origin"]\n\turl = git@h:o/r.git\n\tfetch = +refs/heads/*\n';
    expect(originUrl(config)).toBe('git@h:o/r.git');
    expect(originUrl('[core]\n')).toBeUndefined();
  });
});
