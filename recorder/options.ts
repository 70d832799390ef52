/**
 * @module recorder/options
 * What a site owner can configure, with the defaults applied in one place.
 */
import type { SessionStart } from '../protocol/ingest.ts';
import { resolveCanvas, type CanvasOptions, type ResolvedCanvas } from './page-content-options.ts';
import { resolveVideo, type VideoOptions, type VideoSettings } from './video/video-options.ts';
import {
  resolveConsoleCapture,
  resolveNetworkCapture,
  type ConsoleCaptureOptions,
  type NetworkCaptureOptions,
  type ResolvedConsoleCapture,
  type ResolvedNetworkCapture,
} from './context/context-options.ts';

export type SessionMetadata = NonNullable<SessionStart['metadata']>;

export interface RecorderOptions extends VideoOptions {
  /** The site's public key (`pk_…`), sent as `x-cobrowse-site-key`. */
  siteKey: string;
  /** Origin (or base URL) of the cobrowse server. Default: where recorder.js was served from. */
  endpoint?: string;
  /** A new full snapshot every so many ms (rrweb `checkoutEveryNms`). Default 5 minutes. */
  checkoutIntervalMs?: number;
  /** Upload the pending events about this often. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Cut a chunk early once its JSON passes this many bytes. Default 512 KiB. */
  maxBatchBytes?: number;
  /**
   * Mask the value of every input, textarea and select. Default true.
   * Passwords, and inputs inside `data-cb-mask`, stay masked even when false.
   */
  maskAllInputs?: boolean;
  /** Extra CSS selector of elements not to record at all (besides `[data-cb-block]`). */
  blockSelector?: string;
  /** Extra CSS selector of elements whose text is masked (besides `[data-cb-mask]`). */
  maskTextSelector?: string;
  /** Free-form key/values stored with the session (user id, plan, …). */
  metadata?: SessionMetadata;
  /** Retry delays for failed uploads: exponential from `retryBaseMs`, capped at `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Console errors and warnings, uncaught exceptions (see docs/recorder.md). Default on; false turns it off. */
  captureConsole?: boolean | ConsoleCaptureOptions;
  /** Failed requests (fetch, XHR, resources). Default on; false turns it off. */
  captureNetwork?: boolean | NetworkCaptureOptions;
  /** Pictures of `<canvas>` elements (sampled; see docs/recorder.md). Default off. */
  canvas?: boolean | CanvasOptions;
}

export type ResolvedOptions = Required<
  Omit<RecorderOptions, 'blockSelector' | 'maskTextSelector' | 'captureConsole' | 'captureNetwork' | 'canvas' | keyof VideoOptions>
> &
  Pick<RecorderOptions, 'blockSelector' | 'maskTextSelector'> & {
    /** Recorded video's settings; null when the page records no video. */
    video: VideoSettings | null;
    /** Context capture; false when off. */
    captureConsole: ResolvedConsoleCapture | false;
    captureNetwork: ResolvedNetworkCapture | false;
    /** Canvas pictures; false when off. */
    canvas: ResolvedCanvas | false;
  };

export const DEFAULTS = {
  checkoutIntervalMs: 5 * 60 * 1000,
  flushIntervalMs: 1000,
  maxBatchBytes: 512 * 1024,
  maskAllInputs: true,
  retryBaseMs: 1000,
  retryMaxMs: 30_000,
} as const;

/** Origin of the server that served this script: the default endpoint. */
export function scriptOrigin(): string {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return location.origin;
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function resolveOptions(options: RecorderOptions): ResolvedOptions {
  if (!options.siteKey) throw new Error('cobrowse recorder: siteKey is required');
  return {
    siteKey: options.siteKey,
    endpoint: (options.endpoint || scriptOrigin()).replace(/\/+$/, ''),
    checkoutIntervalMs: positive(options.checkoutIntervalMs, DEFAULTS.checkoutIntervalMs),
    flushIntervalMs: positive(options.flushIntervalMs, DEFAULTS.flushIntervalMs),
    maxBatchBytes: positive(options.maxBatchBytes, DEFAULTS.maxBatchBytes),
    maskAllInputs: options.maskAllInputs ?? DEFAULTS.maskAllInputs,
    blockSelector: options.blockSelector,
    maskTextSelector: options.maskTextSelector,
    metadata: options.metadata ?? {},
    retryBaseMs: positive(options.retryBaseMs, DEFAULTS.retryBaseMs),
    retryMaxMs: positive(options.retryMaxMs, DEFAULTS.retryMaxMs),
    video: resolveVideo(options),
    captureConsole: resolveConsoleCapture(options.captureConsole),
    captureNetwork: resolveNetworkCapture(options.captureNetwork),
    canvas: resolveCanvas(options.canvas),
  };
}
