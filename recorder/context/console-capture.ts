/**
 * @module recorder/context/console-capture
 * Console errors and warnings, uncaught exceptions and unhandled rejections,
 * recorded as rrweb plugin events by rrweb's console record plugin
 * (`rrweb/console@1`), so they replay with the page and ingest sees them.
 *
 * NOTE: the plugin is wrapped rather than used as is: its uncaught-error
 * handlers are not counted against its threshold and it does not bound
 * string lengths, so every record passes through {@link boundRecord} here
 * (count, lengths, masked input values scrubbed) before it reaches rrweb.
 * The recorder's own `[cobrowse]` messages are left out.
 */
import { getRecordConsolePlugin, type LogData } from '@rrweb/rrweb-plugin-console-record';
import type { RecordPlugin } from '@rrweb/types';
import { CONSOLE_PLUGIN } from '../../protocol/context-events.ts';
import type { ResolvedConsoleCapture } from './context-options.ts';
import { scrubValues, truncate } from './redact.ts';

const MAX_ARGS = 10;
const MAX_FRAMES = 20;
const OWN_PREFIX = JSON.stringify('[cobrowse]');

type Observer = (cb: (data: LogData) => void, win: Window, options: unknown) => () => void;

/**
 * The console plugin for rrweb's `record({ plugins })`. `maskedValues` gives
 * the current values of the page's masked fields (scrubbed from every string).
 */
export function consoleCapturePlugin(options: ResolvedConsoleCapture, maskedValues: () => string[]): RecordPlugin {
  const inner = getRecordConsolePlugin({
    level: options.levels,
    // Our own count below is the bound; the plugin's would ignore uncaught errors.
    lengthThreshold: Number.MAX_SAFE_INTEGER,
    stringifyOptions: { stringLengthLimit: options.maxLength, numOfKeysLimit: 50, depthOfLimit: 4 },
    logger: 'console',
  });
  let recorded = 0;
  return {
    name: CONSOLE_PLUGIN,
    options: inner.options,
    observer: (cb: (data: LogData) => void, win: Window, pluginOptions: unknown) =>
      (inner.observer as Observer)(
        (data) => {
          if (data.payload[0]?.startsWith(OWN_PREFIX)) return;
          recorded += 1;
          if (recorded > options.maxEntries) return;
          if (recorded === options.maxEntries) {
            cb({
              level: 'warn',
              trace: [],
              payload: [JSON.stringify(`[cobrowse] console capture stopped after ${options.maxEntries} messages`)],
            });
            return;
          }
          cb(boundRecord(data, options.maxLength, maskedValues()));
        },
        win,
        pluginOptions,
      ),
  };
}

/** Bounds a console record (args, frames, lengths) and scrubs masked values from it. */
export function boundRecord(data: LogData, maxLength: number, masked: readonly string[]): LogData {
  const clean = (s: string) => truncate(scrubValues(String(s), masked), maxLength);
  return {
    level: data.level,
    trace: data.trace.slice(0, MAX_FRAMES).map((frame) => truncate(String(frame), 500)),
    payload: data.payload.slice(0, MAX_ARGS).map(clean),
  };
}
