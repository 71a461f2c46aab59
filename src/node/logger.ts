/**
 * The log adapter: pino, JSON lines by default, or Redis's own text format
 * (`<pid>:X 22 Nov 2026 03:51:19.844 # message`) when asked. Levels are Redis's four
 * (debug, verbose, notice, warning) as pino custom levels, so `loglevel` maps one to one.
 * Writes are synchronous: a crash (or SIMULATE-FAILURE's exit 99) must not lose the last lines.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../core/io.js';

const LEVEL_VALUES: Record<LogLevel, number> = { debug: 20, verbose: 25, notice: 35, warning: 45 };
const LEVEL_CHARS: Record<number, string> = { 20: '.', 25: '-', 35: '*', 45: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface LogOptions {
  readonly level: LogLevel;
  readonly format: 'json' | 'text';
  /** Empty means stdout, as in Redis. */
  readonly logfile: string;
}

export type VigilLogger = Logger<'verbose' | 'notice' | 'warning'>;

export function createLogger(options: LogOptions): VigilLogger {
  const destination = pino.destination({ dest: options.logfile === '' ? 1 : options.logfile, sync: true, append: true, mkdir: false });
  const stream = options.format === 'text' ? textStream(destination) : destination;
  return pino(
    {
      customLevels: { verbose: LEVEL_VALUES.verbose, notice: LEVEL_VALUES.notice, warning: LEVEL_VALUES.warning },
      level: options.level,
      base: { pid: process.pid, role: 'sentinel' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

export function setLogLevel(logger: VigilLogger, level: LogLevel): void {
  logger.level = level;
}

export function logAt(logger: VigilLogger, level: LogLevel, text: string): void {
  logger[level](text);
}

/** Re-renders pino's JSON lines as Redis log lines. */
function textStream(destination: { write(s: string): boolean }): { write(s: string): void } {
  return {
    write(line: string): void {
      const record = JSON.parse(line) as { level: number; msg?: string; time: string; pid: number };
      destination.write(`${record.pid}:X ${formatRedisTime(new Date(record.time))} ${LEVEL_CHARS[record.level] ?? '*'} ${record.msg ?? ''}\n`);
    },
  };
}

export function formatRedisTime(d: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A Redis-style line for messages printed before the logger exists (start-up failures). */
export function redisStyleLine(levelChar: string, text: string): string {
  return `${process.pid}:X ${formatRedisTime(new Date())} ${levelChar} ${text}\n`;
}
