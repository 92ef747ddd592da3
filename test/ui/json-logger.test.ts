/**
 * `--log-format json` (issue 10): one JSON object per line, fields in a fixed
 * order (time, level, event, msg, then the event's), level filtering as the
 * text logger, and a multi-line message still one line.
 */
import { describe, expect, it } from '@jest/globals';
import { JsonLogger, jsonLogLine, parseLogFormat } from '../../src/ui/json-logger.js';

const T = Date.UTC(2026, 11, 2, 16, 13, 51, 204);

describe('JSON log lines', () => {
  it('time, level, event, msg, then the fields; undefined fields left out', () => {
    const line = jsonLogLine(T, 'warn', 'release fail/x: install failed', { event: 'release.failure', tick: 3, release: 'fail/x', error: undefined, failures: 2 });
    expect(line).toBe('{"time":"2026-12-02T16:13:51.204Z","level":"warn","event":"release.failure","msg":"release fail/x: install failed","tick":3,"release":"fail/x","failures":2}\n');
  });

  it('a field cannot overwrite time, level or msg', () => {
    expect(JSON.parse(jsonLogLine(T, 'info', 'm', { msg: 'other', level: 'error', time: 'x' }))).toEqual({ time: '2026-12-02T16:13:51.204Z', level: 'info', msg: 'm' });
  });

  it('a message of several lines stays one line; level below the threshold is dropped', () => {
    const out: string[] = [];
    const log = new JsonLogger({ level: 'info', write: (t) => out.push(t), now: () => T });
    log.debug('hidden');
    log.error('first\nsecond\n');
    log.info('plain');
    expect(out).toHaveLength(2);
    expect(out.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    expect(JSON.parse(out[0]!)).toEqual({ time: '2026-12-02T16:13:51.204Z', level: 'error', msg: 'first\nsecond' });
  });

  it('--log-format takes text or json', () => {
    expect(parseLogFormat(undefined)).toBe('text');
    expect(parseLogFormat('JSON')).toBe('json');
    expect(parseLogFormat('yaml')).toBeUndefined();
  });
});
