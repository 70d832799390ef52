/**
 * @module recorder/uploader
 * Sends what waits in the outbox, oldest first, one request at a time, and
 * deletes each chunk once the server acknowledged it.
 *
 * - Network errors, 5xx, 408 and 429 pause the queue with exponential backoff
 *   and jitter (capped, `Retry-After` honoured). New chunks do not cut the
 *   wait short; `retryNow()` (on the `online` event) does.
 * - Any other 4xx can never succeed: the item is logged and dropped.
 * - A chunk answered 409 `sequence_conflict` (another tab stored other
 *   events under its number) is dropped too, and reported: the recording
 *   then goes on as a new session (`onSequenceConflict`).
 * - A chunk answered 404 `unknown_session` gets its session start sent again,
 *   then is retried.
 * - Before the first chunk of a session, its start is sent (once acknowledged
 *   it is remembered in the outbox, so later pages do not repeat it). The
 *   start proposes the session's secret, kept in the outbox record before it
 *   is sent (so a page sending it again, the answer lost, still proves it is
 *   the same recorder); its answer confirms it (a server that makes its own
 *   answers that one), and it is presented on every chunk; so no chunk goes
 *   out before its session's start was answered.
 * - A session's start runs under a lock the pages of the origin share (Web
 *   Locks, or a BroadcastChannel roll call on plain http): the next page
 *   of a tab waits for the leaving one's answer and its secret, and a tab
 *   meeting another tab's chunks waits for that tab's answer.
 * - When a start is refused with 401 `invalid_session_token` (the record
 *   lost its secret, or a server that makes its own lost its answer), the
 *   recording goes on as a new session: the old record points to it and
 *   waiting chunks move there (logged), rather than being dropped; the page
 *   recording it is told, whichever page found it.
 * - Video chunks (`media-chunks`) go after the DOM chunks waiting at that
 *   moment (the replay needs the DOM first), with the same rules; before a
 *   track's first chunk its track start is sent, and a chunk answered 404
 *   `not_found` (unknown track) gets its track start sent again.
 */
import { backoffDelay } from './backoff.ts';
import { broadcastLocksAvailable, waitForBroadcastLock } from './broadcast-lock.ts';
import { putChunk, putMediaChunk, putMediaTrackStart, putSessionStart, type IngestOutcome } from './ingest-client.ts';
import { log } from './logger.ts';
import type { NextUpload, Outbox, OutboxChunk, OutboxMediaChunk, OutboxSession } from './outbox.ts';
import { newSessionId, newSessionSecret } from './session-store.ts';

interface LocksLike {
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

/** How long a page waits for another page of its tab to finish a session's start before sending it anyway. */
const START_LOCK_WAIT_MS = 10_000;

/**
 * Runs a session's start under a lock shared by the pages of the origin:
 * the tabs of an origin share the outbox, and one tab's uploader meets the
 * chunks of another; while one page of a tab is leaving, the next one
 * sends what it left. A page must not send a start whose answer another
 * live page is waiting for: the server hands the secret out once, so the
 * second start is refused and the recording would go on as another
 * session. Web Locks where they exist (secure contexts), else a
 * BroadcastChannel roll call (plain http; broadcast-lock.ts), else none.
 * After waiting too long the start is sent without the lock.
 */
async function withStartLock<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
  const name = `cobrowse:start:${sessionId}`;
  let locks: LocksLike | undefined;
  try {
    locks = (navigator as { locks?: LocksLike }).locks;
  } catch {
    locks = undefined;
  }
  if (!locks) {
    if (!broadcastLocksAvailable()) return task();
    const release = await waitForBroadcastLock(name, START_LOCK_WAIT_MS);
    try {
      return await task();
    } finally {
      release?.();
    }
  }
  let ran = false;
  try {
    return await locks.request(name, { signal: AbortSignal.timeout(START_LOCK_WAIT_MS) }, () => {
      ran = true;
      return task();
    });
  } catch (error) {
    if (ran) throw error;
    return task();
  }
}

/** What sending one item led to: an ingest outcome, or the item moved to the session replacing its own. */
type SendOutcome = IngestOutcome | { kind: 'moved'; to: string };
/** The session is known to the server and its secret is at hand. */
type SessionReady = { kind: 'ready'; token: string };

export interface UploaderOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  /** Chunks older than this are dropped unsent (their server is gone). Default 7 days. */
  maxChunkAgeMs?: number;
  /** A chunk left the outbox: acknowledged, or dropped for good. */
  onSettled?: (sessionId: string, seq: number) => void;
  /**
   * A session's secret is at hand: the server handed it out to this page, or
   * another page saved it in the outbox. Told once per session.
   */
  onSessionToken?: (sessionId: string, token: string) => void;
  /** A chunk of the session was refused: another tab wrote that number. */
  onSequenceConflict?: (sessionId: string, seq: number) => void;
  /**
   * A session's secret was lost; its recording goes on as session `to`. Told
   * once per session, also when another page renewed it (found in the outbox).
   */
  onSessionRenewed?: (sessionId: string, to: string) => void;
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
  /** Secrets of the sessions this uploader has confirmed, by session id. */
  #tokens = new Map<string, string>();
  /** Sessions whose renewal `onSessionRenewed` told. */
  #renewalsTold = new Set<string>();
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
    let upNext: NextUpload | undefined;
    try {
      while (!this.#stopped) {
        // What the last chunk's deletion read, unless a chunk came in since (a kick): else a read of its own.
        const ahead = this.#kicked ? undefined : upNext;
        upNext = undefined;
        this.#kicked = false;
        const announce = [...this.#announce][0];
        const { chunk, media } = announce === undefined ? (ahead ?? (await this.#outbox.next())) : {};
        if (announce === undefined && !chunk && !media) break;
        if (media) {
          const outcome = await this.#sendMedia(media);
          if (outcome.kind === 'retry') {
            await this.#backoff(attempt++, outcome.retryAfterMs);
            continue;
          }
          attempt = 0;
          if (outcome.kind === 'moved') continue;
          const name = `${media.sessionId}/${media.trackId}/${media.seq}`;
          if (outcome.kind !== 'ok') log.warn(`dropping media chunk ${name}: ${'reason' in outcome ? outcome.reason : outcome.kind}`);
          await this.#outbox.deleteMediaChunk(media.sessionId, media.trackId, media.seq);
          continue;
        }
        const outcome = chunk ? await this.#send(chunk) : await this.#ensureSession(announce!, false);
        if (outcome.kind === 'retry') {
          await this.#backoff(attempt++, outcome.retryAfterMs);
          continue;
        }
        attempt = 0;
        if (outcome.kind === 'moved' && chunk) continue;
        if (!chunk) {
          this.#announce.delete(announce!);
          if (outcome.kind === 'drop') log.warn(`session ${announce} not started: ${outcome.reason}`);
          continue;
        }
        if (outcome.kind === 'drop') log.warn(`dropping chunk ${chunk.sessionId}/${chunk.seq}: ${outcome.reason}`);
        if (outcome.kind === 'conflict') {
          log.warn(`dropping chunk ${chunk.sessionId}/${chunk.seq}: another tab stored other events under its number`);
          this.#options.onSequenceConflict?.(chunk.sessionId, chunk.seq);
        }
        // The read sees every chunk saved before it; a kick after it says to read again.
        this.#kicked = false;
        upNext = await this.#outbox.deleteChunkAndNext(chunk.sessionId, chunk.seq);
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

  async #send(chunk: OutboxChunk): Promise<SendOutcome> {
    const maxAge = this.#options.maxChunkAgeMs ?? WEEK_MS;
    if (Date.now() - chunk.createdAt > maxAge) return { kind: 'drop', reason: 'too old' };

    let session = await this.#ensureSession(chunk.sessionId, false);
    if (session.kind === 'moved') {
      await this.#outbox.moveChunk(chunk, session.to);
      return session;
    }
    if (session.kind !== 'ready') return session;
    const send = (token: string) => putChunk(chunk, token, chunk.sessionId, chunk.seq, chunk.contentType, chunk.body);
    let outcome = await send(session.token);
    if (outcome.kind === 'unknown-session') {
      session = await this.#ensureSession(chunk.sessionId, true);
      if (session.kind !== 'ready') return session;
      outcome = await send(session.token);
      // Still unknown right after a successful start: a server hiccup, try later.
      if (outcome.kind === 'unknown-session') return { kind: 'retry', reason: 'session still unknown' };
    }
    if (outcome.kind === 'lost-token') return this.#renew(chunk.sessionId, 'a chunk was refused with invalid_session_token');
    return outcome;
  }

  async #sendMedia(chunk: OutboxMediaChunk): Promise<SendOutcome> {
    const maxAge = this.#options.maxChunkAgeMs ?? WEEK_MS;
    if (Date.now() - chunk.createdAt > maxAge) return { kind: 'drop', reason: 'too old' };
    let session = await this.#ensureSession(chunk.sessionId, false);
    if (session.kind === 'moved') {
      await this.#outbox.moveMediaChunk(chunk, session.to);
      return session;
    }
    if (session.kind !== 'ready') return session;
    const trackKey = `${chunk.sessionId}/${chunk.trackId}`;
    if (!this.#startedTracks.has(trackKey)) {
      const started = await this.#sendTrack(chunk, session.token, false);
      if (started.kind !== 'ok') return started;
    }
    const send = (token: string) => putMediaChunk(chunk, token, chunk.sessionId, chunk, chunk.contentType, chunk.body);
    let outcome = await send(session.token);
    if (outcome.kind === 'unknown-session') {
      session = await this.#ensureSession(chunk.sessionId, true);
      if (session.kind !== 'ready') return session;
      outcome = await send(session.token);
    }
    if (outcome.kind === 'unknown-track') {
      this.#startedTracks.delete(trackKey);
      const started = await this.#sendTrack(chunk, session.token, true);
      if (started.kind !== 'ok') return started;
      outcome = await send(session.token);
    }
    if (outcome.kind === 'lost-token') return this.#renew(chunk.sessionId, 'a video chunk was refused with invalid_session_token');
    if (outcome.kind === 'unknown-session' || outcome.kind === 'unknown-track') {
      return { kind: 'retry', reason: 'session or track still unknown' };
    }
    return outcome;
  }

  /** Makes sure the server knows a media chunk's track; `force` ignores a remembered acknowledgement. */
  async #sendTrack(chunk: OutboxMediaChunk, token: string, force: boolean): Promise<SendOutcome> {
    const trackKey = `${chunk.sessionId}/${chunk.trackId}`;
    const track = await this.#outbox.getMediaTrack(chunk.sessionId, chunk.trackId);
    if (!track) return { kind: 'drop', reason: 'no track start for this media chunk' };
    if (track.acked && !force) {
      this.#startedTracks.add(trackKey);
      return { kind: 'ok' };
    }
    let outcome = await putMediaTrackStart(track, token, track.sessionId, track.trackId, track.start);
    if (outcome.kind === 'unknown-session') {
      const session = await this.#ensureSession(chunk.sessionId, true);
      if (session.kind !== 'ready') return session;
      outcome = await putMediaTrackStart(track, session.token, track.sessionId, track.trackId, track.start);
      if (outcome.kind === 'unknown-session') return { kind: 'retry', reason: 'session still unknown' };
    }
    if (outcome.kind === 'lost-token') return this.#renew(chunk.sessionId, 'a video track was refused with invalid_session_token');
    if (outcome.kind === 'ok') {
      this.#startedTracks.add(trackKey);
      await this.#outbox.putMediaTrack({ ...track, acked: true });
    }
    return outcome;
  }

  /**
   * Makes sure the server knows the session and that its secret is at hand;
   * `force` sends the start again even if it was acknowledged. Answers
   * `moved` when the session was replaced (its secret was lost).
   */
  async #ensureSession(sessionId: string, force: boolean): Promise<SessionReady | SendOutcome> {
    const cached = this.#tokens.get(sessionId);
    if (cached && !force) return { kind: 'ready', token: cached };
    // Answered already (by an earlier page, or another tab): no lock to wait for.
    const answered = force ? undefined : this.#answered(await this.#outbox.getSession(sessionId));
    if (answered) return answered;
    return withStartLock(sessionId, () => this.#startSession(sessionId, force));
  }

  /** The session's secret when its start was answered and it was not replaced (remembered for later chunks). */
  #answered(session: OutboxSession | undefined): SessionReady | undefined {
    if (!session?.acked || !session.token || session.renamedTo) return undefined;
    this.#keepToken(session.sessionId, session.token);
    return { kind: 'ready', token: session.token };
  }

  #keepToken(sessionId: string, token: string): void {
    if (this.#tokens.get(sessionId) === token) return;
    this.#tokens.set(sessionId, token);
    this.#options.onSessionToken?.(sessionId, token);
  }

  /**
   * The session goes on as `to`. Whoever renewed it (this page or another),
   * the page recording it is told once, and of the new secret: at once if
   * known, else once the new session's start is answered (it is announced,
   * so this page looks even with no chunk of its own left to send). A tab
   * whose session another tab renewed must not go on announcing the old
   * one, nor wait for its secret.
   */
  #moved(sessionId: string, to: string): SendOutcome {
    if (!this.#renewalsTold.has(sessionId)) {
      this.#renewalsTold.add(sessionId);
      this.#options.onSessionRenewed?.(sessionId, to);
      const token = this.#tokens.get(to);
      if (token) this.#options.onSessionToken?.(to, token);
      else this.#announce.add(to);
    }
    return { kind: 'moved', to };
  }

  async #startSession(sessionId: string, force: boolean): Promise<SessionReady | SendOutcome> {
    const session = await this.#outbox.getSession(sessionId);
    // No record, no secret: the server would refuse every chunk.
    if (!session) return { kind: 'drop', reason: 'no session record (and so no session token) for this chunk' };
    if (session.renamedTo) return this.#moved(sessionId, session.renamedTo);
    const answered = force ? undefined : this.#answered(session);
    if (answered) return answered;
    const outcome = await putSessionStart(session, sessionId, session.start, session.token);
    if (outcome.kind === 'ok') {
      const token = outcome.sessionToken ?? session.token;
      // NOTE: a 2xx without a new secret only answers a start that presented the right one.
      if (!token) return this.#renew(sessionId, 'the session start was answered without a session token');
      await this.#outbox.putSession({ ...session, acked: true, token, updatedAt: Date.now() });
      this.#keepToken(sessionId, token);
      return { kind: 'ready', token };
    }
    if (outcome.kind === 'lost-token') {
      return this.#renew(sessionId, 'the session exists but its token was never received (the start answer was lost)');
    }
    if (outcome.kind === 'drop') return { kind: 'drop', reason: `session start refused (${outcome.reason})` };
    return outcome;
  }

  /**
   * The session's secret is gone for good (the server hands it out once), so
   * the recording goes on as a new session with the same start: the record
   * points there and every waiting chunk moves over as it comes up.
   */
  async #renew(sessionId: string, why: string): Promise<SendOutcome> {
    const session = await this.#outbox.getSession(sessionId);
    if (!session) return { kind: 'drop', reason: `${why}, and no session start to begin anew` };
    if (session.renamedTo) return this.#moved(sessionId, session.renamedTo);
    const to = newSessionId();
    const now = Date.now();
    await this.#outbox.putSession({
      sessionId: to,
      endpoint: session.endpoint,
      siteKey: session.siteKey,
      start: session.start,
      acked: false,
      token: newSessionSecret(),
      updatedAt: now,
    });
    await this.#outbox.putSession({ ...session, renamedTo: to, updatedAt: now });
    this.#tokens.delete(sessionId);
    log.warn(`session ${sessionId}: ${why}; its recording continues as session ${to}`);
    return this.#moved(sessionId, to);
  }
}
