/**
 * `--log-format json`: one JSON object per line on stderr, for log
 * collectors (Loki, CloudWatch, Elasticsearch) that would otherwise parse
 * text. Fields, in this order: `time` (RFC 3339 UTC, ms), `level`
 * (debug|info|warn|error), `event` when the line is a reconcile event, `msg`
 * (the same text the text format prints), then the event's own fields
 * (README "Logs"). A message spanning lines stays one JSON line.
 */
import type { LogFields, Logger } from '../ports/index.js';
import type { LogLevel } from './logger.js';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface JsonLoggerOptions {
  level: LogLevel;
  write: (text: string) => void;
  now: () => number;
}

/** The JSON line of one entry (exported for tests and the README's example). */
export function jsonLogLine(time: number, level: LogLevel, msg: string, fields: LogFields = {}): string {
  const { event, ...rest } = fields;
  const entry: Record<string, unknown> = { time: new Date(time).toISOString(), level };
  if (event !== undefined) entry.event = event;
  entry.msg = msg.replace(/\n+$/, '');
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && !(k in entry)) entry[k] = v;
  return `${JSON.stringify(entry)}\n`;
}

export class JsonLogger implements Logger {
  constructor(private readonly o: JsonLoggerOptions) {}

  private emit(level: LogLevel, msg: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[this.o.level]) return;
    this.o.write(jsonLogLine(this.o.now(), level, msg, fields));
  }

  debug(msg: string, fields?: LogFields): void {
    this.emit('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.emit('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.emit('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.emit('error', msg, fields);
  }
}

export type LogFormat = 'text' | 'json';

/** Parses `--log-format`. */
export function parseLogFormat(s: string | undefined): LogFormat | undefined {
  if (s === undefined) return 'text';
  const l = s.toLowerCase();
  return l === 'text' || l === 'json' ? l : undefined;
}
