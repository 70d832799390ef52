/**
 * @module recorder/context/context-options
 * What a site can configure about the context captured with the recording
 * (console messages, requests), with the defaults in one place.
 */

export type ConsoleLevel = 'error' | 'warn' | 'info' | 'log' | 'debug';

export interface ConsoleCaptureOptions {
  /** Console methods recorded. Default `['error', 'warn']`. Uncaught exceptions and unhandled rejections are recorded with `error`. */
  levels?: ConsoleLevel[];
  /** At most this many messages per page. Default 200. */
  maxEntries?: number;
  /** Each argument and stack frame is cut to this many characters. Default 2000. */
  maxLength?: number;
}

export interface NetworkCaptureOptions {
  /** Record successful requests too (default: only failed ones: no response, or status ≥ 400). */
  recordAll?: boolean;
  /** Extra query parameter and JSON field names whose values are redacted (added to the built-in list). */
  redactNames?: string[];
  /** Request headers recorded (lower case). Default `['content-type', 'accept']`. Credentials never are. */
  requestHeaders?: string[];
  /** Response headers recorded (lower case). Default `['content-type', 'x-request-id']`. Credentials never are. */
  responseHeaders?: string[];
  /** Record request and response bodies of recorded requests (text only, sensitive JSON fields redacted). Default false. */
  bodies?: boolean;
  /** Bodies are cut to this many characters. Default 2000. */
  maxBodyLength?: number;
  /** At most this many requests per page. Default 200. */
  maxEntries?: number;
}

export interface ResolvedConsoleCapture {
  levels: ConsoleLevel[];
  maxEntries: number;
  maxLength: number;
}

export interface ResolvedNetworkCapture {
  recordAll: boolean;
  redactNames: string[];
  requestHeaders: Set<string>;
  responseHeaders: Set<string>;
  bodies: boolean;
  maxBodyLength: number;
  maxEntries: number;
}

const LEVELS: readonly ConsoleLevel[] = ['error', 'warn', 'info', 'log', 'debug'];

function count(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

export function resolveConsoleCapture(options: ConsoleCaptureOptions | boolean | undefined): ResolvedConsoleCapture | false {
  if (options === false) return false;
  const given = options === true || options === undefined ? {} : options;
  const levels = (given.levels ?? ['error', 'warn']).filter((l) => LEVELS.includes(l));
  return {
    levels: levels.length ? levels : ['error', 'warn'],
    maxEntries: count(given.maxEntries, 200),
    maxLength: Math.max(50, count(given.maxLength, 2000)),
  };
}

export function resolveNetworkCapture(options: NetworkCaptureOptions | boolean | undefined): ResolvedNetworkCapture | false {
  if (options === false) return false;
  const given = options === true || options === undefined ? {} : options;
  const lower = (names: string[]) => new Set(names.map((n) => n.toLowerCase()));
  return {
    recordAll: given.recordAll ?? false,
    redactNames: given.redactNames ?? [],
    requestHeaders: lower(given.requestHeaders ?? ['content-type', 'accept']),
    responseHeaders: lower(given.responseHeaders ?? ['content-type', 'x-request-id']),
    bodies: given.bodies ?? false,
    maxBodyLength: count(given.maxBodyLength, 2000),
    maxEntries: count(given.maxEntries, 200),
  };
}
