/**
 * @module recorder/uploader
 * Sends what waits in the outbox, oldest first, one request at a time, and
 * deletes each chunk once the server acknowledged it.
 *
 * - Network errors, 5xx, 408 and 429 pause the queue with exponential backoff
 *   and jitter (capped, `Retry-After` honoured). New chunks do not cut the
 *   wait short; `retryNow()` (on the `online` event) does.
 * - Any other 4xx can never succeed: the item is logged and dropped.
 * - A chunk answered 404 `unknown_session` gets its session start sent again,
 *   then is retried.
 * - Before the first chunk of a session, its start is sent (once acknowledged
 *   it is remembered in the outbox, so later pages do not repeat it).
 * - Video chunks (`media-chunks`) go after the DOM chunks waiting at that
 *   moment (the replay needs the DOM first), with the same rules; before a
 *   track's first chunk its track start is sent, and a chunk answered 404
 *   `not_found` (unknown track) gets its track start sent again.
 */
import { backoffDelay } from './backoff.ts';
import { putChunk, putMediaChunk, putMediaTrackStart, putSessionStart, type IngestOutcome } from './ingest-client.ts';
import { log } from './logger.ts';
import type { Outbox, OutboxChunk, OutboxMediaChunk } from './outbox.ts';

export interface UploaderOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  /** Chunks older than this are dropped unsent (their server is gone). Default 7 days. */
  maxChunkAgeMs?: number;
  /** A chunk left the outbox: acknowledged, or dropped for good. */
  onSettled?: (sessionId: string, seq: number) => void;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

export class Uploader {
  #outbox: Outbox;
  #options: UploaderOptions;
  #running = false;
  #stopped = false;
  #wake: (() => void) | undefined;
  #kicked = false;
  #idleWaiters: Array<() => void> = [];
  #startedSessions = new Set<string>();
  #startedTracks = new Set<string>();
  #announce = new Set<string>();

  constructor(outbox: Outbox, options: UploaderOptions) {
    this.#outbox = outbox;
    this.#options = options;
  }

  /** Sends a session's start now, without waiting for its first chunk (so a keepalive chunk finds it). */
  announce(sessionId: string): void {
    this.#announce.add(sessionId);
    this.kick();
  }

  /** New work in the outbox: start the loop if it sleeps idle. */
  kick(): void {
    this.#kicked = true;
    if (!this.#running && !this.#stopped) void this.#run();
    else if (!this.#inBackoff) this.#wake?.();
  }

  /** Cut a backoff wait short (the network is back). */
  retryNow(): void {
    this.#kicked = true;
    this.#wake?.();
    if (!this.#running && !this.#stopped) void this.#run();
  }

  /** Resolves when the outbox is empty (it may never be during an outage). */
  whenIdle(): Promise<void> {
    if (!this.#running && !this.#kicked) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  #inBackoff = false;

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  async #backoff(attempt: number, retryAfterMs: number | undefined): Promise<void> {
    const delay = Math.max(retryAfterMs ?? 0, backoffDelay(attempt, this.#options.retryBaseMs, this.#options.retryMaxMs));
    this.#inBackoff = true;
    await this.#sleep(Math.min(delay, Math.max(this.#options.retryMaxMs, retryAfterMs ?? 0)));
    this.#inBackoff = false;
  }

  async #run(): Promise<void> {
    this.#running = true;
    let attempt = 0;
    try {
      while (!this.#stopped) {
        this.#kicked = false;
        const announce = [...this.#announce][0];
        const chunk = announce === undefined ? await this.#outbox.firstChunk() : undefined;
        const media = announce === undefined && !chunk ? await this.#outbox.firstMediaChunk() : undefined;
        if (announce === undefined && !chunk && !media) break;
        if (media) {
          const outcome = await this.#sendMedia(media);
          if (outcome.kind === 'retry') {
            await this.#backoff(attempt++, outcome.retryAfterMs);
            continue;
          }
          attempt = 0;
          const name = `${media.sessionId}/${media.trackId}/${media.seq}`;
          if (outcome.kind !== 'ok') log.warn(`dropping media chunk ${name}: ${'reason' in outcome ? outcome.reason : outcome.kind}`);
          await this.#outbox.deleteMediaChunk(media.sessionId, media.trackId, media.seq);
          continue;
        }
        const outcome = chunk ? await this.#send(chunk) : await this.#sendStart(announce!, false);
        if (outcome.kind === 'retry') {
          await this.#backoff(attempt++, outcome.retryAfterMs);
          continue;
        }
        attempt = 0;
        if (!chunk) {
          this.#announce.delete(announce!);
          if (outcome.kind === 'drop') log.warn(`session ${announce} not started: ${outcome.reason}`);
          continue;
        }
        if (outcome.kind === 'drop') log.warn(`dropping chunk ${chunk.sessionId}/${chunk.seq}: ${outcome.reason}`);
        await this.#outbox.deleteChunk(chunk.sessionId, chunk.seq);
        this.#options.onSettled?.(chunk.sessionId, chunk.seq);
      }
    } catch (error) {
      log.error('upload loop failed', error);
    } finally {
      this.#running = false;
      if (this.#kicked && !this.#stopped) {
        void this.#run();
      } else {
        for (const resolve of this.#idleWaiters.splice(0)) resolve();
      }
    }
  }

  async #send(chunk: OutboxChunk): Promise<IngestOutcome> {
    const maxAge = this.#options.maxChunkAgeMs ?? WEEK_MS;
    if (Date.now() - chunk.createdAt > maxAge) return { kind: 'drop', reason: 'too old' };

    if (!this.#startedSessions.has(chunk.sessionId)) {
      const started = await this.#sendStart(chunk.sessionId, false);
      if (started.kind !== 'ok') return started;
    }
    let outcome = await putChunk(chunk, chunk.sessionId, chunk.seq, chunk.contentType, chunk.body);
    if (outcome.kind === 'unknown-session') {
      this.#startedSessions.delete(chunk.sessionId);
      const started = await this.#sendStart(chunk.sessionId, true);
      if (started.kind !== 'ok') return started;
      outcome = await putChunk(chunk, chunk.sessionId, chunk.seq, chunk.contentType, chunk.body);
      // Still unknown right after a successful start: a server hiccup, try later.
      if (outcome.kind === 'unknown-session') return { kind: 'retry', reason: 'session still unknown' };
    }
    return outcome;
  }

  async #sendMedia(chunk: OutboxMediaChunk): Promise<IngestOutcome> {
    const maxAge = this.#options.maxChunkAgeMs ?? WEEK_MS;
    if (Date.now() - chunk.createdAt > maxAge) return { kind: 'drop', reason: 'too old' };
    if (!this.#startedSessions.has(chunk.sessionId)) {
      const started = await this.#sendStart(chunk.sessionId, false);
      if (started.kind !== 'ok') return started;
    }
    const trackKey = `${chunk.sessionId}/${chunk.trackId}`;
    if (!this.#startedTracks.has(trackKey)) {
      const started = await this.#sendTrack(chunk, false);
      if (started.kind !== 'ok') return started;
    }
    const send = () => putMediaChunk(chunk, chunk.sessionId, chunk, chunk.contentType, chunk.body);
    let outcome = await send();
    if (outcome.kind === 'unknown-session') {
      this.#startedSessions.delete(chunk.sessionId);
      const started = await this.#sendStart(chunk.sessionId, true);
      if (started.kind !== 'ok') return started;
      outcome = await send();
    }
    if (outcome.kind === 'unknown-track') {
      this.#startedTracks.delete(trackKey);
      const started = await this.#sendTrack(chunk, true);
      if (started.kind !== 'ok') return started;
      outcome = await send();
    }
    if (outcome.kind === 'unknown-session' || outcome.kind === 'unknown-track') {
      return { kind: 'retry', reason: 'session or track still unknown' };
    }
    return outcome;
  }

  /** Makes sure the server knows a media chunk's track; `force` ignores a remembered acknowledgement. */
  async #sendTrack(chunk: OutboxMediaChunk, force: boolean): Promise<IngestOutcome> {
    const trackKey = `${chunk.sessionId}/${chunk.trackId}`;
    const track = await this.#outbox.getMediaTrack(chunk.sessionId, chunk.trackId);
    if (!track) return { kind: 'drop', reason: 'no track start for this media chunk' };
    if (track.acked && !force) {
      this.#startedTracks.add(trackKey);
      return { kind: 'ok' };
    }
    let outcome = await putMediaTrackStart(track, track.sessionId, track.trackId, track.start);
    if (outcome.kind === 'unknown-session') {
      this.#startedSessions.delete(chunk.sessionId);
      const started = await this.#sendStart(chunk.sessionId, true);
      if (started.kind !== 'ok') return started;
      outcome = await putMediaTrackStart(track, track.sessionId, track.trackId, track.start);
      if (outcome.kind === 'unknown-session') return { kind: 'retry', reason: 'session still unknown' };
    }
    if (outcome.kind === 'ok') {
      this.#startedTracks.add(trackKey);
      await this.#outbox.putMediaTrack({ ...track, acked: true });
    }
    return outcome;
  }

  /** Makes sure the server knows the session; `force` ignores a remembered acknowledgement. */
  async #sendStart(sessionId: string, force: boolean): Promise<IngestOutcome> {
    const session = await this.#outbox.getSession(sessionId);
    if (!session) {
      // No start record (written by an older page that lost it): the chunk may still go through.
      if (!force) {
        this.#startedSessions.add(sessionId);
        return { kind: 'ok' };
      }
      return { kind: 'drop', reason: 'unknown session and no session start to send' };
    }
    if (session.acked && !force) {
      this.#startedSessions.add(sessionId);
      return { kind: 'ok' };
    }
    const outcome = await putSessionStart(session, sessionId, session.start);
    if (outcome.kind === 'ok') {
      this.#startedSessions.add(sessionId);
      await this.#outbox.putSession({ ...session, acked: true, updatedAt: Date.now() });
    } else if (outcome.kind === 'drop') {
      return { kind: 'drop', reason: `session start refused (${outcome.reason})` };
    }
    return outcome;
  }
}
