/**
 * Helm's constraint semantics (Masterminds semver v3) on a fixed version list.
 * Expected results follow the Masterminds README tables; the oracle test
 * (constraint-oracle.test.ts) checks the same selections against real helm.
 */
import { ConstraintSyntaxError, parseConstraint } from '../../src/charts/constraint.js';
import { selectVersion } from '../../src/charts/select-version.js';
import { parseVersion } from '../../src/charts/version.js';

const AVAILABLE = ['0.1.0', '0.2.0', '0.2.3', '1.0.0', '1.2.0', '1.2.5', '1.3.0-beta.1', '1.3.0', '1.10.0', '2.0.0-rc.1', '2.0.0', '2.1.0-alpha.1'];

function pick(version: string, devel = false, scope: 'term' | 'group' = 'group'): string | null {
  const r = selectVersion(AVAILABLE, { version, devel, scope });
  return r.ok ? r.version : null;
}

describe('Helm constraint semantics', () => {
  it.each([
    ['', '2.0.0'],
    ['*', '2.0.0'],
    ['~1.2', '1.2.5'],
    ['~1', '1.10.0'],
    ['^1.0', '1.10.0'],
    ['^0.2', '0.2.3'],
    ['^0.2.0', '0.2.3'],
    ['1.2.x', '1.2.5'],
    ['1.2', '1.2.5'],
    ['1.x', '1.10.0'],
    ['>= 1.0, < 2', '1.10.0'],
    ['>=1.0 <1.3', '1.2.5'],
    ['>1.2', '2.0.0'],
    ['<=1.2', '1.2.5'],
    ['1.0.0 - 1.2.0', '1.2.0'],
    ['0.1.0 || 1.2.0', '1.2.0'],
    ['!=2.0.0', '1.10.0'],
    ['!=2.x', '1.10.0'],
    ['=1.2.0', '1.2.0'],
    ['v1.2.0', '1.2.0'],
    ['~>1.2', '1.2.5'],
    ['>=3', null],
  ])('%j selects %j', (c, want) => {
    expect(pick(c)).toBe(want);
  });

  it('lets prereleases match only when a term names a prerelease, whatever its tuple', () => {
    expect(pick('>=1.3.0-0')).toBe('2.1.0-alpha.1');
    expect(pick('~1.3.0-0')).toBe('1.3.0');
    expect(pick('>=2.0.0-0, <2.0.0-s')).toBe('2.0.0-rc.1');
  });

  it('scopes the prerelease opt-in per AND-group (helm 4) or per term (helm <= 3.18)', () => {
    expect(pick('>=2.0.0-0, <2.0.0', false, 'group')).toBe('2.0.0-rc.1');
    expect(pick('>=2.0.0-0, <2.0.0', false, 'term')).toBeNull();
    // Up to Masterminds 3.3 a plain `!=` term did not gate prereleases at all.
    expect(pick('!=2.0.0', false, 'term')).toBe('2.1.0-alpha.1');
    expect(pick('!=2.0.0', false, 'group')).toBe('1.10.0');
    expect(pick('^1.0')).toBe('1.10.0');
  });

  it('uses devel only when no version is given, as helm rewrites it to >0.0.0-0', () => {
    expect(pick('', true)).toBe('2.1.0-alpha.1');
    expect(pick('^2.0', true)).toBe('2.0.0');
  });

  it('prefers an exact string match before constraint evaluation', () => {
    expect(pick('2.1.0-alpha.1')).toBe('2.1.0-alpha.1');
    expect(selectVersion(['1.0', '1.0.0'], { version: '1.0' })).toEqual({ ok: true, version: '1.0' });
  });

  it('reports the nearest versions when nothing matches', () => {
    const r = selectVersion(AVAILABLE, { version: '~1.5' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.nearest).toEqual(expect.arrayContaining(['1.3.0', '1.10.0']));
  });

  it.each(['abc', '>=1.0,', '1.2.3.4', '>>1', '~'])('rejects %j', (c) => {
    expect(() => parseConstraint(c)).toThrow(ConstraintSyntaxError);
  });

  it('parses versions leniently like Helm', () => {
    expect(parseVersion('v1.2')).toMatchObject({ major: 1, minor: 2, patch: 0 });
    expect(parseVersion('1.2.3-rc.1+b5')).toMatchObject({ prerelease: 'rc.1', metadata: 'b5' });
    expect(parseVersion('latest')).toBeUndefined();
  });
});
