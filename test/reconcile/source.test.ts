/**
 * What a pull's result means (issue 10, `reconcile --pull`): git's error line
 * chosen over hints, credentials in remote URLs masked, the log line of each
 * outcome, and the revision kept in the status model.
 */
import { describe, expect, it } from '@jest/globals';
import { describePull, gitErrorLine, maskUrlCredentials, shortRevision } from '../../src/reconcile/source.js';
import { emptyStatus, recordTick } from '../../src/reconcile/status.js';

const A = '0123456789abcdef0123456789abcdef01234567';
const B = 'fedcba9876543210fedcba9876543210fedcba98';

describe('pull results', () => {
  it('masks user:token@ and token@ in any URL, leaves other text alone', () => {
    expect(maskUrlCredentials("fatal: unable to access 'https://deploy:ghp_S3CRET@github.com/o/r.git/': 403")).toBe("fatal: unable to access 'https://***@github.com/o/r.git/': 403");
    expect(maskUrlCredentials('from http://tok@host:8080/x and ssh://git@host/y')).toBe('from http://***@host:8080/x and ssh://***@host/y');
    expect(maskUrlCredentials('user@example.com wrote /a/b')).toBe('user@example.com wrote /a/b');
  });

  it("picks git's fatal/error line over hints and progress", () => {
    const stderr = 'hint: Diverging branches can\'t be fast-forwarded, you need to either:\nhint:\nhint: \tgit merge --no-ff\nfatal: Not possible to fast-forward, aborting.\n';
    expect(gitErrorLine(stderr, 128)).toBe('fatal: Not possible to fast-forward, aborting.');
    expect(gitErrorLine('From /x\n   abc..def  main -> origin/main\n', 1)).toBe('From /x');
    expect(gitErrorLine('', 1)).toBe('git exited with 1');
    expect(gitErrorLine("fatal: could not read from 'https://a:b@h/r'", 128)).toBe("fatal: could not read from 'https://***@h/r'");
  });

  it('says what the tick reconciles', () => {
    expect(describePull({ at: 0, ok: true, from: A }, B)).toBe(`source: pulled ${A.slice(0, 12)} → ${B.slice(0, 12)}`);
    expect(describePull({ at: 0, ok: true }, B)).toBe(`source: up to date at ${B.slice(0, 12)}`);
    expect(describePull({ at: 0, ok: false, error: 'fatal: x' }, A)).toBe(`source: git pull --ff-only failed, reconciling the checked-out commit ${A.slice(0, 12)}: fatal: x`);
    expect(shortRevision(undefined)).toBe('unknown');
  });

  it('the status model keeps the commit of the last tick, also when the tick errored, and the last good tick its own', () => {
    let s = emptyStatus(0);
    s = recordTick(s, { n: 1, startedAt: 0, finishedAt: 1, result: 'changed', revision: A }, []);
    expect([s.revision, s.lastGoodTick?.revision]).toEqual([A, A]);
    s = recordTick(s, { n: 2, startedAt: 2, finishedAt: 3, result: 'error', error: 'x', revision: B });
    expect([s.revision, s.lastTick?.revision, s.lastGoodTick?.revision]).toEqual([B, B, A]);
    s = recordTick(s, { n: 3, startedAt: 4, finishedAt: 5, result: 'in-sync' }, []);
    expect(s.revision).toBe(B);
  });
});
