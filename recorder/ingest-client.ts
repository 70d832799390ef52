/**
 * @module recorder/ingest-client
 * The ingest calls of `protocol/ingest.ts` and `protocol/media.ts`,
 * each answering with what the caller should do next instead of throwing.
 * Every call but the first session start presents the session's secret
 * (`Authorization: Bearer`), which the start's answer handed out.
 *
 * The requests are made by the recorder's worker when it runs
 * (`compress-worker.ts`: a `fetch` costs the page's main thread more than
 * the chunk's gzip), else on the main thread; the same request either way,
 * read the same way. The `pagehide` keepalive request stays on the main
 * thread (a worker dies with the page).
 */
import type { ErrorBody } from '../protocol/errors.ts';
import type { SessionAck, SessionStart } from '../protocol/ingest.ts';
import { CHUNK_CONTENT_TYPE_JSON, INGEST_BASE, SESSION_TOKEN_SCHEME, SITE_KEY_HEADER } from '../protocol/ingest-constants.ts';
import type { MediaTrackStart } from '../protocol/media.ts';
import { requestWorker, type WorkerRequestInit, type WorkerResponse } from './compress.ts';
import { MEDIA_DURATION_MS_QUERY, MEDIA_START_MS_QUERY } from '../protocol/media-constants.ts';
import type { Destination } from './outbox.ts';

export type IngestOutcome =
  /** 2xx: stored (or already stored); a session start that created the session carries its secret. */
  | { kind: 'ok'; sessionToken?: string }
  /** Network error, 5xx, 408 or 429: try again later. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** 404 unknown_session on a chunk: send the session start, then the chunk again. */
  | { kind: 'unknown-session' }
  /** 404 not_found on a media chunk: send the track start, then the chunk again. */
  | { kind: 'unknown-track' }
  /**
   * 401 invalid_session_token: the session exists but this is not (or no
   * longer) its secret, e.g. the answer that carried it was lost. It can
   * never be had again: the recording goes on as a new session.
   */
  | { kind: 'lost-token' }
  /**
   * 409 sequence_conflict on a chunk: another tab stored different events
   * under this (session, seq); this chunk can never be stored there.
   */
  | { kind: 'conflict' }
  /** Any other 4xx: can never succeed. */
  | { kind: 'drop'; reason: string };

export function sessionUrl(endpoint: string, sessionId: string): string {
  return `${endpoint}${INGEST_BASE}/sessions/${encodeURIComponent(sessionId)}`;
}

export function mediaTrackUrl(endpoint: string, sessionId: string, trackId: string): string {
  return `${sessionUrl(endpoint, sessionId)}/media/${encodeURIComponent(trackId)}`;
}

export function chunkUrl(endpoint: string, sessionId: string, seq: number): string {
  return `${sessionUrl(endpoint, sessionId)}/chunks/${seq}`;
}

function errorCode(text: string | undefined): string | undefined {
  try {
    return (JSON.parse(text ?? '') as Partial<ErrorBody>).error?.code;
  } catch {
    return undefined;
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The request headers of an ingest call: content type, site key and (once known) the session's secret. */
export function ingestHeaders(to: Destination, contentType: string, sessionToken: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': contentType, [SITE_KEY_HEADER]: to.siteKey };
  if (sessionToken) headers.authorization = `${SESSION_TOKEN_SCHEME} ${sessionToken}`;
  return headers;
}

/** `fetch` on the main thread, answered as the worker answers (the body read only when asked or an error). */
async function fetchHere(url: string, init: WorkerRequestInit, readBody: boolean): Promise<WorkerResponse> {
  const res = await fetch(url, init);
  let text: string | undefined;
  if (readBody || !res.ok) text = await res.text().catch(() => undefined);
  else void res.body?.cancel().catch(() => {});
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text };
}

async function put(
  url: string,
  to: Destination,
  sessionToken: string | undefined,
  contentType: string,
  body: string | ArrayBuffer,
  isChunk: boolean,
  isMediaChunk = false,
  readAck = false,
): Promise<IngestOutcome> {
  const init: WorkerRequestInit = {
    method: 'PUT',
    headers: ingestHeaders(to, contentType, sessionToken),
    body,
    mode: 'cors',
    credentials: 'omit',
    cache: 'no-store',
  };
  let res: WorkerResponse;
  try {
    const worker = requestWorker();
    res = await (worker ? worker.fetch(url, init, readAck) : fetchHere(url, init, readAck));
  } catch (error) {
    return { kind: 'retry', reason: `network error: ${String(error)}` };
  }
  if (res.status >= 200 && res.status < 300) {
    if (readAck) {
      try {
        const ack = JSON.parse(res.text ?? '') as Partial<SessionAck>;
        return typeof ack.sessionToken === 'string' ? { kind: 'ok', sessionToken: ack.sessionToken } : { kind: 'ok' };
      } catch {
        // The answer was cut short: as good as lost (a retry gets no secret).
        return { kind: 'retry', reason: 'session start answer unreadable' };
      }
    }
    return { kind: 'ok' };
  }
  const code = errorCode(res.text);
  const reason = `HTTP ${res.status}${code ? ` ${code}` : ''}`;
  if (res.status >= 500 || res.status === 429 || res.status === 408) {
    const after = retryAfterMs(res.retryAfter);
    return after === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs: after };
  }
  if (res.status === 401 && code === 'invalid_session_token') return { kind: 'lost-token' };
  if (isChunk && res.status === 404 && code === 'unknown_session') return { kind: 'unknown-session' };
  if (isMediaChunk && res.status === 404 && code === 'not_found') return { kind: 'unknown-track' };
  if (isChunk && !isMediaChunk && res.status === 409 && code === 'sequence_conflict') return { kind: 'conflict' };
  return { kind: 'drop', reason };
}

/**
 * PUT of the session start. Without `sessionToken` it can only create the
 * session (the answer carries the secret); with it, it confirms a session
 * this tab already owns.
 */
export function putSessionStart(
  to: Destination,
  sessionId: string,
  start: SessionStart,
  sessionToken: string | undefined,
): Promise<IngestOutcome> {
  return put(sessionUrl(to.endpoint, sessionId), to, sessionToken, CHUNK_CONTENT_TYPE_JSON, JSON.stringify(start), false, false, true);
}

export function putChunk(
  to: Destination,
  sessionToken: string,
  sessionId: string,
  seq: number,
  contentType: string,
  body: ArrayBuffer,
): Promise<IngestOutcome> {
  return put(chunkUrl(to.endpoint, sessionId, seq), to, sessionToken, contentType, body, true);
}

/** PUT of a video track's start (answers `unknown-session` when the session is not there yet). */
export function putMediaTrackStart(
  to: Destination,
  sessionToken: string,
  sessionId: string,
  trackId: string,
  start: MediaTrackStart,
): Promise<IngestOutcome> {
  return put(mediaTrackUrl(to.endpoint, sessionId, trackId), to, sessionToken, CHUNK_CONTENT_TYPE_JSON, JSON.stringify(start), true);
}

export interface MediaChunkPlacement {
  trackId: string;
  seq: number;
  startMs: number;
  durationMs: number;
}

export function putMediaChunk(
  to: Destination,
  sessionToken: string,
  sessionId: string,
  at: MediaChunkPlacement,
  contentType: string,
  body: ArrayBuffer,
): Promise<IngestOutcome> {
  const query = `?${MEDIA_START_MS_QUERY}=${Math.max(0, Math.round(at.startMs))}&${MEDIA_DURATION_MS_QUERY}=${Math.max(0, Math.round(at.durationMs))}`;
  const url = `${mediaTrackUrl(to.endpoint, sessionId, at.trackId)}/chunks/${at.seq}${query}`;
  return put(url, to, sessionToken, contentType, body, true, true);
}

/**
 * Fire-and-forget upload of a plain JSON chunk that outlives the page
 * (`keepalive`), for `pagehide`. Browsers cap keepalive bodies (about 64 KB in
 * flight per page), so larger ones are not attempted: they wait in
 * sessionStorage for the next page instead.
 */
export function putChunkKeepalive(to: Destination, sessionToken: string, sessionId: string, seq: number, json: string): boolean {
  if (json.length > 60_000) return false;
  try {
    void fetch(chunkUrl(to.endpoint, sessionId, seq), {
      method: 'PUT',
      // NOTE: a keepalive fetch may set headers (unlike sendBeacon), so the secret goes in the header, not the URL.
      headers: ingestHeaders(to, CHUNK_CONTENT_TYPE_JSON, sessionToken),
      body: json,
      mode: 'cors',
      credentials: 'omit',
      keepalive: true,
    }).catch(() => {});
    return true;
  } catch {
    return false;
  }
}
