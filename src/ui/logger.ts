/**
 * The stderr logger. stdout is reserved for command output (manifests, tables,
 * YAML) so `helmsync template | kubectl apply -f -` works (Helmfile issue #509).
 */
import type { Logger } from '../ports/index.js';
import type { Paint } from './color.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface StderrLoggerOptions {
  /** Lowest level printed. `--quiet` means `warn`, `--debug` means `debug`. */
  level: LogLevel;
  write: (text: string) => void;
  paint: Paint;
}

/** Parses `--log-level` (Helmfile accepts debug, info, warn, error). */
export function parseLogLevel(s: string | undefined): LogLevel | undefined {
  if (!s) return undefined;
  const l = s.toLowerCase();
  if (l === 'warning') return 'warn';
  return l in ORDER ? (l as LogLevel) : undefined;
}

export class StderrLogger implements Logger {
  constructor(private readonly o: StderrLoggerOptions) {}

  private emit(level: LogLevel, msg: string, style: (s: string) => string): void {
    if (ORDER[level] < ORDER[this.o.level]) return;
    const text = msg.endsWith('\n') ? msg : `${msg}\n`;
    this.o.write(style(text.slice(0, -1)) + '\n');
  }

  debug(msg: string): void {
    this.emit('debug', msg, this.o.paint.dim);
  }
  info(msg: string): void {
    this.emit('info', msg, (s) => s);
  }
  warn(msg: string): void {
    this.emit('warn', msg, this.o.paint.yellow);
  }
  error(msg: string): void {
    this.emit('error', msg, this.o.paint.red);
  }
}
