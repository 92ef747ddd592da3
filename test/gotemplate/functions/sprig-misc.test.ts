import { GoTyped } from '../../../src/gotemplate/value.js';
import { GoTime, SemverVersion } from '../../../src/gotemplate/functions/index.js';
import { call, callWith, fakeHost } from './support.js';

describe('sprig regex (Go RE2 syntax)', () => {
  test('match/find/findAll/split', () => {
    expect(call('regexMatch', '^[a-z]+\\.[0-9]$', 'abc.1')).toBe(true);
    expect(call('regexFind', '[0-9]+', 'a12b345')).toBe('12');
    expect(call('regexFindAll', '[0-9]+', 'a12b345c6', -1)).toEqual(['12', '345', '6']);
    expect(call('regexFindAll', '[0-9]+', 'a12b345c6', 2)).toEqual(['12', '345']);
    expect(call('regexSplit', '/', 'foo/bar/baz', -1)).toEqual(['foo', 'bar', 'baz']);
    expect(call('regexSplit', '/', 'foo/bar/baz', 2)).toEqual(['foo', 'bar/baz']);
  });

  test('replacement uses Go expansion: $1x is the group named "1x"', () => {
    expect(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '${1}W')).toBe('-W-xxW-');
    expect(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W')).toBe('---');
    expect(call('regexReplaceAll', '(?P<first>\\w+) (?P<last>\\w+)', 'John Smith', '$last, $first')).toBe('Smith, John');
    expect(call('regexReplaceAllLiteral', 'a(x*)b', '-ab-axxb-', '${1}')).toBe('-${1}-${1}-');
  });

  test('empty matches next to a previous match are skipped like Go', () => {
    expect(call('regexReplaceAll', 'a*', 'baaac', '-')).toBe('-b-c-');
  });

  test('(?i) flags, POSIX classes, \\pL', () => {
    expect(call('regexMatch', '(?i)^abc$', 'ABC')).toBe(true);
    expect(call('regexFindAll', '[[:digit:]]+', 'a1b22', -1)).toEqual(['1', '22']);
    expect(call('regexMatch', '^\\pL+$', 'héllo')).toBe(true);
  });

  test('a bad pattern is an error; quoteMeta escapes', () => {
    expect(() => call('regexMatch', '(', 'x')).toThrow(/error parsing regexp/);
    expect(call('regexQuoteMeta', '1.2.3')).toBe('1\\.2\\.3');
  });
});

describe('sprig semver', () => {
  test('semver objects expose Go fields and print canonically', () => {
    const v = call('semver', 'v1.2.3-beta.1+c0ff33') as SemverVersion;
    expect(v.goMethod('Major')!()).toBe(1);
    expect(v.goMethod('Prerelease')!()).toBe('beta.1');
    expect(v.goMethod('Metadata')!()).toBe('c0ff33');
    expect(v.goMethod('Original')!()).toBe('v1.2.3-beta.1+c0ff33');
    expect(v.goString()).toBe('1.2.3-beta.1+c0ff33');
    expect((call('semver', '1.3.3') as SemverVersion).goMethod('Compare')!(call('semver', '1.2.3'))).toBe(1);
    expect(() => call('semver', 'bad')).toThrow('Invalid Semantic Version');
  });

  test.each([
    ['1.2.3', '1.2.3', true], ['^1.2.0', '1.2.3', true], ['^1.2.0', '2.2.3', false], ['>=1.2.0', '1.3.0', true],
    ['~1.2', '1.3.0', false], ['~1.2', '1.2.9', true], ['>=1.20.0-0', 'v1.21.3-gke.100', true], ['>=1.20', '1.21.0-rc.1', false],
    ['>=1.2 <2', '1.9.9', true], ['>=1.2 <2', '2.0.0', false], ['1.2.x', '1.2.7', true], ['1.2.x', '1.3.0', false],
    ['<1.0 || >=2.0', '2.1.0', true], ['1.2 - 1.4.5', '1.4.5', true], ['1.2 - 1.4.5', '1.4.6', false], ['^0.2.3', '0.3.0', false],
  ])('semverCompare %s %s is %s', (c, v, want) => {
    expect(call('semverCompare', c, v)).toBe(want);
  });

  test('bad constraints and versions are errors', () => {
    expect(() => call('semverCompare', 'badConstraint', '1.2.3')).toThrow('improper constraint');
    expect(() => call('semverCompare', '1.2.0', 'badVersion')).toThrow('Invalid Semantic Version');
  });
});

describe('sprig dates (UTC as Local)', () => {
  test('toDate parses Go layouts, date formats them', () => {
    const t = call('toDate', '2006-01-02', '2017-12-31') as GoTime;
    expect(call('date', '02/01/2006', t)).toBe('31/12/2017');
    expect(call('date', 'Jan 2, 2006', t)).toBe('Dec 31, 2017');
    expect(call('unixEpoch', call('toDate', '2006-01-02', '2024-03-05'))).toBe('1709596800');
    expect(t.goString()).toBe('2017-12-31 00:00:00 +0000 UTC');
  });

  test('dates from unix seconds, zones, html dates', () => {
    expect(call('dateInZone', '02 Jan 06 15:04 -0700', 1560458379, 'UTC')).toBe('13 Jun 19 20:39 +0000');
    expect(call('htmlDate', 0)).toBe('1970-01-01');
    expect(call('dateInZone', '2006-01-02T15:04:05Z07:00', 1560458379, 'America/New_York')).toBe('2019-06-13T16:39:39-04:00');
    // Zone abbreviations as Go's tzdata spells them (checked against Go).
    expect(call('dateInZone', 'MST -0700', 1008367183, 'Europe/Berlin')).toBe('CET +0100');
    expect(call('dateInZone', 'MST -0700', 1560458379, 'Europe/Berlin')).toBe('CEST +0200');
    expect(call('dateInZone', 'MST -0700', 1560458379, 'Asia/Kolkata')).toBe('IST +0530');
    expect(call('dateInZone', 'MST', 1560458379, 'Nope/Zone')).toBe('UTC');
  });

  test('an unparsable toDate is the zero time; mustToDate errors', () => {
    expect((call('toDate', '2006-01-02', 'x') as GoTime).goString()).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(() => call('mustToDate', '2006-01-02', 'x')).toThrow('parsing time');
    expect(() => call('mustToDate', '2006-01-02', '2023-02-29')).toThrow('day out of range');
    // Fields missing from the layout are zero: the year is 0, not 1.
    expect((call('toDate', '15:04', '23:59') as GoTime).goString()).toBe('0000-01-01 23:59:00 +0000 UTC');
  });

  test('dateModify adds a Go duration', () => {
    const t = call('toDate', '2006-01-02', '2024-03-05') as GoTime;
    expect((call('dateModify', '-1.5h', t) as GoTime).goString()).toBe('2024-03-04 22:30:00 +0000 UTC');
    expect(() => call('mustDateModify', '1f', t)).toThrow('invalid duration');
  });

  test('duration reads only strings and int64; durationRound rounds down to the largest unit', () => {
    expect(call('duration', '93784')).toBe('26h3m4s');
    expect(call('duration', 61)).toBe('0s');
    expect(call('duration', new GoTyped('int64', 'int64', 61))).toBe('1m1s');
    expect(call('durationRound', '2h5s')).toBe('2h');
    expect(call('durationRound', '2400h5s')).toBe('3mo');
  });
});

describe('sprig paths, urls, crypto, random', () => {
  test('path functions follow Go path', () => {
    expect([call('base', 'foo/bar'), call('base', ''), call('base', '/')]).toEqual(['bar', '.', '/']);
    expect([call('dir', 'foo/bar/baz'), call('dir', 'foo')]).toEqual(['foo/bar', '.']);
    expect([call('clean', '/foo/../foo/../bar'), call('clean', 'a/b/../../..')]).toEqual(['/bar', '..']);
    expect([call('ext', '/foo/bar/baz.txt'), call('isAbs', '/foo')]).toEqual(['.txt', true]);
  });

  test('urlParse / urlJoin', () => {
    expect(call('urlParse', 'https://u:p@h.com:8443/p?q=1#f')).toEqual({ scheme: 'https', host: 'h.com:8443', hostname: 'h.com', path: '/p', query: 'q=1', opaque: '', fragment: 'f', userinfo: 'u:p' });
    expect(call('urlJoin', { scheme: 'proto', host: 'host:80', path: '/path', query: 'query', fragment: 'fragment' })).toBe('proto://host:80/path?query#fragment');
  });

  test('random strings have the requested size and alphabet', () => {
    expect(call('randAlphaNum', 12)).toMatch(/^[0-9a-zA-Z]{12}$/);
    expect(call('randNumeric', 5)).toMatch(/^[0-9]{5}$/);
    expect(call('randAlpha', 3)).toMatch(/^[a-zA-Z]{3}$/);
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(call('randBytes', 24) as string, 'base64')).toHaveLength(24);
  });

  test('AES round trip; genPrivateKey PEM or an "Unknown type" string', () => {
    expect(call('decryptAES', 'secretkey', call('encryptAES', 'secretkey', 'plaintext'))).toBe('plaintext');
    expect(call('genPrivateKey', 'ecdsa')).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(call('genPrivateKey', 'bad')).toBe('Unknown type bad');
  });

  test('certificate and bcrypt helpers fail clearly', () => {
    expect(() => call('genCA', 'x', 365)).toThrow('not supported');
    expect(() => call('bcrypt', 'x')).toThrow('not supported');
  });

  test('env without a host environment is empty', () => {
    expect(callWith(fakeHost({ envVars: {} }), 'env', 'HOME')).toBe('');
  });
});
