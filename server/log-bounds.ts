/**
 * @module server/log-bounds
 * Keeps every log line small. An error can carry megabytes of customer data
 * (a failed insert's message holds its query parameters: page URLs, chat
 * text…); written whole, it floods the log and copies customer data into
 * it. Every value logged goes through {@link bounded}: strings are cut,
 * arrays and objects shortened, depth limited, all within one character
 * budget (one for the error, one for the rest), so a line stays under
 * 8 KB whatever was thrown.
 */
import { pino } from 'pino';

/** Characters of an error's serialized form (message, stack, own properties). */
export const ERROR_BUDGET = 4_000;
/** Characters of the line's other values (keys, strings and numbers counted). */
export const LOG_VALUE_BUDGET = 3_000;
const MAX_STRING = 1_000;
const MAX_ITEMS = 20;
const MAX_DEPTH = 5;

/** A copy of `value` that fits the budget; what had to go is marked `…`. */
export function bounded(value: unknown, budget = { left: LOG_VALUE_BUDGET }, depth = 0): unknown {
  if (budget.left <= 0) return '…';
  if (typeof value === 'string') {
    const cut = value.slice(0, Math.min(MAX_STRING, budget.left));
    budget.left -= cut.length;
    return cut.length < value.length ? `${cut}… (${value.length} chars)` : cut;
  }
  if (value === null || typeof value !== 'object') {
    budget.left -= 8;
    return typeof value === 'bigint' ? String(value) : value;
  }
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return bounded(serializeError(value), budget, depth);
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => bounded(v, budget, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [key, v] of Object.entries(value)) {
    if (++n > MAX_ITEMS * 2 || budget.left <= 0) {
      out['…'] = 'more keys';
      break;
    }
    budget.left -= key.length;
    out[key] = bounded(v, budget, depth + 1);
  }
  return out;
}

/**
 * pino's error serializer, with the stack's first line (which repeats the
 * whole message) replaced by the cut message so the frames survive the cut.
 */
function serializeError(err: Error): Record<string, unknown> {
  const s = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  if (typeof s.stack === 'string' && typeof s.message === 'string') {
    const frames = s.stack.indexOf('\n    at ');
    const head = `${String(s.type)}: ${s.message.slice(0, 300)}`;
    s.stack = frames >= 0 ? head + s.stack.slice(frames, frames + 2_000) : head;
  }
  return s;
}

/** pino options that bound every line: errors through their serializer, everything else through `formatters.log`. */
export const boundedLogOptions = {
  serializers: { err: (err: unknown) => bounded(err, { left: ERROR_BUDGET }) },
  formatters: {
    log(object: Record<string, unknown>): Record<string, unknown> {
      // `err` is left to its serializer (pino applies serializers after this).
      const budget = { left: LOG_VALUE_BUDGET };
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(object)) out[key] = key === 'err' ? value : bounded(value, budget);
      return out;
    },
  },
} satisfies pino.LoggerOptions;
