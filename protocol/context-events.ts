/**
 * @module protocol/context-events
 * The context the recorder adds to the rrweb stream besides the DOM, shared
 * by the recorder (which writes it), ingest (which derives markers and
 * session metadata from it) and the player. Plain types and constants only:
 * the recorder imports this without zod.
 *
 * - Console messages and uncaught errors: rrweb plugin events
 *   (`EventType.Plugin`, 6) of rrweb's console record plugin,
 *   `data: { plugin: 'rrweb/console@1', payload: ConsolePayload }`.
 * - Requests: rrweb custom events (`EventType.Custom`, 5),
 *   `data: { tag: 'cobrowse-network', payload: NetworkPayload }`.
 * - identify() / setMetadata(): rrweb custom events,
 *   `data: { tag: 'cobrowse-metadata', payload: MetadataPayload }`, folded
 *   into the session's metadata at ingest.
 */

export const CONSOLE_PLUGIN = 'rrweb/console@1';
export const NETWORK_EVENT_TAG = 'cobrowse-network';
export const METADATA_EVENT_TAG = 'cobrowse-metadata';
/** Prefix of the session metadata keys that identify() sets (`user.email`, …). */
export const IDENTITY_KEY_PREFIX = 'user.';

/** What rrweb's console plugin records (every string is JSON-stringified by the plugin). */
export interface ConsolePayload {
  level: string;
  trace: string[];
  payload: string[];
}

export interface NetworkPayload {
  /** `fetch`, `xhr`, or `resource` (an image, script… seen by PerformanceObserver). */
  initiator: 'fetch' | 'xhr' | 'resource';
  method: string;
  /** Query values of sensitive parameters replaced by `[redacted]`; no fragment, no credentials. */
  url: string;
  /** HTTP status; 0 when there was no response (network error, abort, timeout). */
  status: number;
  /** Set when there was no response: `network`, `abort` or `timeout`. */
  error?: 'network' | 'abort' | 'timeout';
  durationMs: number;
  /** True when the request failed (no response, or status ≥ 400). */
  failed: boolean;
  /** Only allow-listed headers, never credentials. */
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  /** Only when the site turned bodies on: sensitive JSON fields redacted, truncated. */
  requestBody?: string;
  responseBody?: string;
}

export type MetadataValue = string | number | boolean | null;

export interface MetadataPayload {
  /** identify(): stored as `user.<key>` session metadata. */
  identity?: Record<string, MetadataValue>;
  /** setMetadata(): stored as they are. */
  metadata?: Record<string, MetadataValue>;
}

/** Limits of session metadata, as the session start (`sessionMetadataSchema`) enforces them. */
export const METADATA_MAX_KEYS = 50;
export const METADATA_MAX_KEY_LENGTH = 100;
export const METADATA_MAX_VALUE_LENGTH = 1000;
