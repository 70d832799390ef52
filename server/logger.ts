/**
 * @module server/logger
 * Structured JSON logs (pino): one object per line, easy to grep and to ship,
 * and never more than a few KB (`log-bounds.ts`).
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';
import { boundedLogOptions } from './log-bounds.ts';

export type { Logger };

/** The server's logger; `destination` (default stdout) lets tests read what is written. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options = { ...boundedLogOptions, level, base: { service: 'cobrowse' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
