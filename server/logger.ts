/**
 * @module server/logger
 * Structured JSON logs (pino): one object per line, easy to grep and to ship.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'cobrowse' }, timestamp: pino.stdTimeFunctions.isoTime });
}
