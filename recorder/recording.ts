/**
 * @module recorder/recording
 * One page's recording: rrweb `record` → batcher → (gzip) → outbox → uploader,
 * plus the page-lifecycle handling that keeps events across reloads.
 *
 * Tabs: the session in the tab's storage may be a copy of another live
 * tab's (`window.open`, a duplicated tab). A page records it only once it
 * holds its claim (`session-claim.ts`); when another tab holds it, the page
 * records a new session of its own in the same visit. rrweb starts at once
 * all the same: chunks cut before the decision wait unnumbered (on
 * `pagehide`, in the unnumbered stash for the tab's next page) and are
 * numbered into whichever session was decided. A 409 `sequence_conflict`
 * (a claim that could not be enforced, see session-claim.ts) makes the page
 * go on as a new session, starting from a full snapshot.
 *
 * Ordering guarantees:
 * - seq numbers are taken from the session's counter at the moment a chunk
 *   is numbered, so they are contiguous and increase with time across pages;
 * - a chunk is in the outbox (or, on `pagehide`, in the unload stash) before
 *   anything tries to upload it;
 * - the session start record is in the outbox before the first chunk.
 *
 * With `video`, a {@link VideoRecording} records camera and/or screen beside
 * the DOM into the same outbox and uploader; it never holds the DOM up.
 *
 * The session's secret (the server's answer to the session start) lives in
 * the outbox record (for any later page of the origin) and in the tab's
 * session store (for this tab's pages, the live socket and "Ask for help");
 * it is only ever sent as a header or query parameter, never as an event.
 *
 * Context (recorder/context/): console errors ride in the rrweb stream as
 * console plugin events, failed requests as `cobrowse-network` custom events,
 * identify()/setMetadata() as `cobrowse-metadata` custom events.
 */
import { record } from 'rrweb';
import type { eventWithTime } from '@rrweb/types';
import { MAX_EVENTS_PER_CHUNK } from '../protocol/ingest-constants.ts';
import { Batcher } from './batcher.ts';
import { encodeChunk } from './compress.ts';
import { log } from './logger.ts';
import { resolveOptions, type RecorderOptions, type ResolvedOptions } from './options.ts';
import { Outbox, type Destination } from './outbox.ts';
import { watchPageLifecycle } from './page-lifecycle.ts';
import { isOwnElementDefinition, privacyOptions } from './privacy-options.ts';
import { StyleMender } from './css-text/style-mender.ts';
import { fitFontEvent, pageContentOptions } from './page-content-options.ts';
import { AddedFonts } from './fonts/added-fonts.ts';
import { claimSession, holdNewSession, type SessionClaim } from './session-claim.ts';
import {
  createSession,
  markHandover,
  newSessionSecret,
  readStoredSession,
  renameSession,
  storeSessionToken,
  takeHandover,
  takeSeq,
  type StoredSession,
} from './session-store.ts';
import { putChunkKeepalive } from './ingest-client.ts';
import {
  clearUnnumbered,
  readStash,
  readUnnumbered,
  stashChunks,
  stashUnnumbered,
  unstashChunks,
  type StashedChunk,
  type UnnumberedChunk,
} from './unload-stash.ts';
import { Uploader } from './uploader.ts';
import type { CobrowseVideoStateDetail } from './events/cobrowse-video-state.ts';
import type { VideoRecording } from './video/video-recording.ts';
import { loadVideoRecording } from './video/load-video.ts';
import { INGEST_BASE } from '../protocol/ingest-constants.ts';
import { LIVE_BASE } from '../protocol/live-constants.ts';
import { METADATA_EVENT_TAG, NETWORK_EVENT_TAG, type MetadataPayload } from '../protocol/context-events.ts';
import { consoleCapturePlugin } from './context/console-capture.ts';
import { maskedValuesOf } from './context/masked-values.ts';
import { NetworkObserver } from './context/network-observer.ts';

/** Total keepalive body budget per page (browsers allow about 64 KB in flight). */
const KEEPALIVE_BUDGET = 60_000;
const SESSION_RECORD_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** How much unacknowledged JSON a page keeps in memory for a last keepalive try. */
const UNACKED_MEMORY_BYTES = 256 * 1024;

/** Lets DOM changes made just before a flush or stop reach rrweb (its observers run as tasks/microtasks). */
function settleObservers(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class Recording {
  readonly options: ResolvedOptions;
  #session: StoredSession;
  /**
   * Whether this page knows which session it records (it holds the claim).
   * Until then cut chunks wait in {@link #unnumbered}.
   */
  #decided: boolean;
  /** The tab's previous page left the stored session to this page (it is this page's unless another tab took it). */
  #handedOver = false;
  #claim: SessionClaim | undefined;
  /** Chunks cut before the session was decided, oldest first. */
  #unnumbered: UnnumberedChunk[] = [];
  #sessionListeners = new Set<(sessionId: string) => void>();
  /** Calls waiting for the session's secret ({@link sessionToken}). */
  #tokenWaiters = new Set<(token: string) => void>();
  /**
   * The secret proposed with the session's start (kept in its outbox record)
   * while the answer is awaited: enough for a closing page's keepalive
   * chunks, which the server takes once the start has reached it.
   */
  #proposed: { sessionId: string; token: string } | undefined;
  #destination: Destination;
  #outbox: Outbox;
  #uploader: Uploader;
  #batcher: Batcher;
  /** Cut chunks not yet in the outbox, by seq (what `pagehide` must save). */
  #unsaved = new Map<number, StashedChunk>();
  /**
   * Chunks of this page in the outbox but not yet acknowledged, by seq, so
   * `pagehide` can try them once more with `keepalive`: a normal upload in
   * flight dies with the page, and a closed tab may never come back to drain
   * the outbox. Bounded: during a long outage only the latest are kept here
   * (the outbox keeps them all).
   */
  #unacked = new Map<number, StashedChunk>();
  #unackedBytes = 0;
  /** Serialises outbox writes; starts after the start-up work. */
  #saving: Promise<void>;
  #stopRecord: (() => void) | undefined;
  #unwatch: () => void;
  #stopped = false;
  /** Listeners of every emitted event (the live link). */
  #taps = new Set<(event: eventWithTime) => void>();
  #video: VideoRecording | undefined;
  #network: NetworkObserver | undefined;
  #maskedValues: () => string[];
  #videoListeners = new Set<(detail: CobrowseVideoStateDetail) => void>();
  /** Settles once the video recording exists (or will not). */
  #videoReady: Promise<void> = Promise.resolve();

  constructor(options: RecorderOptions) {
    this.options = resolveOptions(options);
    const { siteKey, endpoint } = this.options;
    this.#destination = { endpoint, siteKey };
    const stored = readStoredSession(siteKey);
    // A session this page creates is its own at once; one found in storage must be claimed first.
    this.#session = stored ?? createSession(siteKey, this.options.metadata);
    this.#decided = !stored;
    if (!stored) this.#claim = holdNewSession(this.#session.id);
    this.#outbox = new Outbox();
    this.#uploader = new Uploader(this.#outbox, {
      ...this.options,
      onSettled: (sessionId, seq) => {
        if (sessionId === this.sessionId) this.#forgetUnacked(seq);
      },
      onSessionToken: (sessionId, token) => {
        if (sessionId === this.sessionId) this.#keepToken(token);
      },
      onSessionRenewed: (from, to) => {
        if (from !== this.sessionId) return;
        log.warn(`this tab now records as session ${to} (the secret of ${from} was lost)`);
        this.#session = renameSession(from, to) ?? { id: to, siteKey, start: this.#session.start };
        // Their numbers stay valid under the new session; the keepalive copies do not.
        this.#unacked.clear();
        this.#unackedBytes = 0;
        this.#announceSession();
      },
      onSequenceConflict: (sessionId, seq) => {
        if (sessionId === this.sessionId) this.#forkSession(`chunk ${seq} of session ${sessionId} was written by another tab`);
      },
    });
    this.#batcher = new Batcher({
      intervalMs: this.options.flushIntervalMs,
      maxBytes: this.options.maxBatchBytes,
      maxEvents: MAX_EVENTS_PER_CHUNK,
      onCut: (json) => {
        if (this.#decided) this.#save(this.#cut(json));
        else this.#unnumbered.push({ ...this.#destination, json, createdAt: Date.now() });
      },
    });
    this.#saving = (stored ? this.#decide(stored) : Promise.resolve()).then(() => this.#startUp());
    this.#unwatch = watchPageLifecycle({
      onHidden: () => this.#batcher.flush(),
      onPageHide: () => {
        this.#video?.end();
        this.#onPageHide();
      },
      onRestored: () => {
        this.#saving = this.#saving.then(() => this.#moveStashToOutbox());
        this.#retakeClaim();
      },
      onOnline: () => this.#uploader.retryNow(),
    });
    this.#maskedValues = maskedValuesOf(this.options);
    this.#stopRecord = this.#startRrweb();
    if (this.#stopRecord) this.#startNetwork();
    const video = this.options.video;
    // The video tracks belong to the session: once it is decided. Its code is
    // fetched meanwhile (a page without video never fetches it).
    if (video) {
      this.#videoReady = Promise.all([loadVideoRecording(), this.#saving]).then(
        ([{ VideoRecording }]) => (this.#stopped ? undefined : this.#startVideo(VideoRecording, video)),
        (error: unknown) => log.warn('video recording could not be loaded; the page is recorded without it', error),
      );
    }
  }

  /**
   * The tab's session id. Until the page's claim is decided, the session its
   * storage holds (which may turn out to be another tab's: see
   * {@link onSession}); later a new one only if the secret of the first was
   * lost or another tab wrote into it.
   */
  get sessionId(): string {
    return this.#session.id;
  }

  /**
   * Calls `listener` with the session id this page records into, once it is
   * decided (at once if it is) and again whenever it changes. Returns the
   * unsubscribe.
   */
  onSession(listener: (sessionId: string) => void): () => void {
    this.#sessionListeners.add(listener);
    if (this.#decided) listener(this.sessionId);
    return () => void this.#sessionListeners.delete(listener);
  }

  #announceSession(): void {
    for (const listener of [...this.#sessionListeners]) {
      try {
        listener(this.sessionId);
      } catch (error) {
        log.error('session listener failed', error);
      }
    }
  }

  /**
   * Claims the session found in the tab's storage; when another live tab
   * records it, this tab starts its own (same visit). Then numbers what was
   * cut meanwhile, and what an earlier page of the tab left unnumbered.
   */
  async #decide(stored: StoredSession): Promise<void> {
    this.#handedOver = takeHandover(stored.id);
    const claim = await claimSession(stored.id, this.#handedOver).catch((error: unknown) => {
      log.warn('could not claim the session', error);
      return undefined;
    });
    if (claim) this.#claim = claim;
    else {
      this.#session = createSession(stored.siteKey, this.options.metadata, stored.start.visitKey);
      this.#claim = holdNewSession(this.#session.id);
      log.warn(`session ${stored.id} is recorded by another tab; this tab records session ${this.sessionId}`);
    }
    this.#settle();
  }

  /** The session is decided: number the waiting chunks into it, oldest (an earlier page's) first. */
  #settle(): void {
    this.#decided = true;
    // Numbered now, in #unsaved from here on: a pagehide still stashes them.
    for (const chunk of this.#takeUnnumbered()) this.#save(this.#number(chunk));
    this.#announceSession();
  }

  /** The chunks waiting for a session: an earlier page's of the tab (same destination), then this page's. */
  #takeUnnumbered(): UnnumberedChunk[] {
    const own = (c: UnnumberedChunk) => c.endpoint === this.#destination.endpoint && c.siteKey === this.#destination.siteKey;
    const waiting = [...readUnnumbered().filter(own), ...this.#unnumbered];
    this.#unnumbered = [];
    clearUnnumbered();
    return waiting;
  }

  /**
   * Back from the back/forward cache: the claim was given up at `pagehide`
   * and another tab may have the session now. Until the claim is back, chunks
   * wait unnumbered; a full snapshot first, so they replay in a new session too.
   */
  #retakeClaim(): void {
    const claim = this.#claim;
    if (!this.#decided || !claim || this.#stopped) return;
    this.#decided = false;
    this.takeFullSnapshot();
    takeHandover(this.sessionId);
    void claim
      .retake()
      .catch(() => false)
      .then((kept) => {
        if (!kept) this.#startOwnSession(`another tab records session ${this.sessionId} now`);
        this.#settle();
      });
  }

  /** Leaves the current session for a new one of this tab (same visit); its start is saved next. */
  #startOwnSession(why: string): void {
    const from = this.sessionId;
    this.#claim?.release();
    this.#session = createSession(this.#session.siteKey, this.options.metadata, this.#session.start.visitKey);
    this.#claim = holdNewSession(this.#session.id);
    this.#unacked.clear();
    this.#unackedBytes = 0;
    this.#saving = this.#saving.then(() => this.#startUp());
    log.warn(`${why}; this tab goes on as session ${this.sessionId} (was ${from})`);
  }

  /**
   * Another tab wrote into this page's session (409 sequence_conflict):
   * what was recorded so far goes to the old session, then the page records
   * a new one from a full snapshot.
   */
  #forkSession(why: string): void {
    if (!this.#decided || this.#stopped) return;
    this.#batcher.flush();
    this.#startOwnSession(why);
    this.takeFullSnapshot();
    this.#announceSession();
  }

  /**
   * The session's secret, once the server answered the session start; for
   * the recorder's own calls (live socket, case creation). Resolves
   * `undefined` after `timeoutMs` if it is not known by then.
   */
  sessionToken(timeoutMs = Infinity): Promise<string | undefined> {
    if (this.#session.token) return Promise.resolve(this.#session.token);
    return new Promise((resolve) => {
      const waiter = (token: string | undefined) => {
        clearTimeout(timer);
        this.#tokenWaiters.delete(waiter);
        resolve(token);
      };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => waiter(undefined), timeoutMs) : undefined;
      this.#tokenWaiters.add(waiter);
    });
  }

  #keepToken(token: string): void {
    this.#session = { ...this.#session, token };
    storeSessionToken(this.#session.id, token);
    for (const waiter of [...this.#tokenWaiters]) waiter(token);
  }

  /** Recorded video's state (`off` without video). */
  get video(): CobrowseVideoStateDetail {
    return this.#video?.detail ?? { state: 'off', recording: [], microphone: false, failed: [] };
  }

  /** Calls `listener` at every video state change; returns the unsubscribe. */
  onVideoState(listener: (detail: CobrowseVideoStateDetail) => void): () => void {
    this.#videoListeners.add(listener);
    return () => void this.#videoListeners.delete(listener);
  }

  /** Stops recording video (camera, screen, microphone); the DOM recording goes on. */
  async stopVideo(): Promise<void> {
    await this.#videoReady;
    await this.#video?.stop();
  }

  get recording(): boolean {
    return !this.#stopped && this.#stopRecord !== undefined;
  }

  /** Cuts the pending events into a chunk; resolves once every chunk so far is in the outbox. */
  async flush(): Promise<void> {
    await settleObservers();
    this.#batcher.flush();
    await this.#saving;
  }

  /** Resolves when everything recorded so far has been acknowledged by the server. */
  async uploaded(): Promise<void> {
    await this.flush();
    this.#uploader.kick();
    await this.#uploader.whenIdle();
  }

  /**
   * Calls `listener` with every event rrweb emits from now on (after it went
   * to the batcher). Returns the unsubscribe function.
   * NOTE: a tap sees the same events as ingest; it must not start a second rrweb.
   */
  tap(listener: (event: eventWithTime) => void): () => void {
    this.#taps.add(listener);
    return () => void this.#taps.delete(listener);
  }

  /** Adds an rrweb custom event (`EventType.Custom`) to the recording. */
  addCustomEvent(tag: string, payload: unknown): void {
    if (this.recording) record.addCustomEvent(tag, payload);
  }

  /** Adds key/values to the session's metadata (a `cobrowse-metadata` event ingest folds in). */
  addMetadata(payload: MetadataPayload | undefined): void {
    if (payload) this.addCustomEvent(METADATA_EVENT_TAG, payload);
  }

  /**
   * A fresh checkout (Meta + FullSnapshot) now; the batcher opens a new chunk
   * at its Meta, as for a periodic checkout.
   */
  takeFullSnapshot(): void {
    if (this.recording) record.takeFullSnapshot(true);
  }

  /** Stops recording; what was recorded is still saved and uploaded. */
  async stop(): Promise<void> {
    if (this.#stopped) return this.#saving;
    await settleObservers();
    if (this.#stopped) return this.#saving;
    this.#stopped = true;
    this.#stopRecord?.();
    this.#stopRecord = undefined;
    this.#network?.stop();
    this.#batcher.flush();
    this.#batcher.dispose();
    this.#unwatch();
    await Promise.all([this.#saving, this.#video?.stop()]);
    // Nothing more is numbered here: a later recording of the tab may go on with the session.
    this.#claim?.release();
    this.#uploader.kick();
  }

  #startVideo(Video: typeof VideoRecording, settings: NonNullable<ResolvedOptions['video']>): void {
    const video = new Video({
      sessionId: this.sessionId,
      destination: this.#destination,
      outbox: this.#outbox,
      settings,
      kick: () => this.#uploader.kick(),
      onState: (detail) => {
        for (const listener of this.#videoListeners) listener(detail);
      },
    });
    this.#video = video;
    // After the session start is in the outbox, so a track never goes first.
    void this.#saving.then(() => (this.#stopped ? undefined : video.start()));
  }

  #startRrweb(): (() => void) | undefined {
    // Stylesheet texts rrweb loses or replays out of order (recorder/css-text/).
    const styles = new StyleMender(record.mirror, (event) => {
      if (this.#stopped) return;
      this.#batcher.add(event);
      for (const tap of this.#taps) {
        try {
          tap(event);
        } catch (error) {
          log.error('event tap failed', error);
        }
      }
    });
    const fonts = new AddedFonts();
    const stop = record<eventWithTime>({
      emit: (event) => {
        if (this.#stopped || isOwnElementDefinition(event) || !fitFontEvent(event, document.baseURI)) return;
        // A font a script added, sent again after each full snapshot (recorder/fonts/).
        styles.mend(event);
        for (const again of fonts.after(event)) styles.mend(again);
      },
      checkoutEveryNms: this.options.checkoutIntervalMs,
      // Tuned for live viewing: rrweb's defaults hold pointer positions for
      // 500 ms before emitting them, so an advisor would see the customer's
      // pointer half a second late. Same positions (one per 50 ms), emitted
      // every 50 ms instead; the stored recording grows a little, not its detail.
      ...pageContentOptions(this.options.canvas, { mousemove: 50, mousemoveCallback: 50 }),
      ...privacyOptions(this.options),
      inlineImages: false,
      recordCrossOriginIframes: false,
      plugins: this.options.captureConsole ? [consoleCapturePlugin(this.options.captureConsole, this.#maskedValues)] : [],
      errorHandler: (error) => {
        log.warn('rrweb error', error);
        return true;
      },
    });
    if (!stop) log.error('rrweb did not start recording');
    return stop;
  }

  #startNetwork(): void {
    const settings = this.options.captureNetwork;
    if (!settings) return;
    const endpoint = new URL(this.options.endpoint);
    const base = endpoint.pathname.replace(/\/+$/, '');
    const own = [`${base}${INGEST_BASE}/`, `${base}${LIVE_BASE}/`, `${base}/recorder.js`];
    this.#network = new NetworkObserver({
      ...settings,
      maskedValues: this.#maskedValues,
      // The cobrowse server's own endpoints; on another origin, anything there.
      skip: (raw) => {
        let url: URL;
        try {
          url = new URL(raw, location.href);
        } catch {
          return false;
        }
        if (url.origin !== endpoint.origin) return false;
        return endpoint.origin !== location.origin || own.some((p) => url.pathname.startsWith(p));
      },
      emit: (payload) => this.addCustomEvent(NETWORK_EVENT_TAG, payload),
    });
    this.#network.start();
  }

  /** Startup: the session start record, then leftovers of earlier pages, then drain. */
  async #startUp(): Promise<void> {
    try {
      let known = await this.#outbox.getSession(this.sessionId);
      if (known?.renamedTo) {
        // An earlier page lost this session's secret and went on as another session.
        this.#session = renameSession(this.sessionId, known.renamedTo) ?? { ...this.#session, id: known.renamedTo, token: undefined };
        known = await this.#outbox.getSession(this.sessionId);
      }
      // The secret may be known on one side only: the tab's store (the outbox was
      // cleared) or the outbox (the page that got it was gone before it could store it).
      // An outbox record not answered yet holds only the secret proposed with the start.
      const token = this.#session.token ?? (known?.acked ? known.token : undefined);
      let proposed = known?.token;
      if (!known || known.endpoint !== this.#destination.endpoint || (token && known.token !== token)) {
        // Else proposed with the start, and kept here first: see newSessionSecret.
        proposed = token ?? newSessionSecret();
        await this.#outbox.putSession({
          sessionId: this.sessionId,
          ...this.#destination,
          start: this.#session.start,
          acked: false,
          token: proposed,
          updatedAt: Date.now(),
        });
      }
      if (token) this.#keepToken(token);
      else if (proposed) this.#proposed = { sessionId: this.sessionId, token: proposed };
      this.#uploader.announce(this.sessionId);
      await this.#moveStashToOutbox();
      void this.#outbox.pruneSessions(SESSION_RECORD_MAX_AGE_MS).catch(() => {});
    } catch (error) {
      log.error('could not prepare the outbox', error);
    }
  }

  /**
   * What an earlier page of the tab stashed goes into the outbox, and this
   * session's chunks among it are this page's to send with `keepalive` too:
   * if the tab is closed before this page uploads them, no later page of the
   * site may come to send them.
   */
  async #moveStashToOutbox(): Promise<void> {
    const stashed = readStash();
    if (stashed.length === 0) return this.#uploader.kick();
    for (const chunk of stashed) {
      const { json, ...rest } = chunk;
      await this.#outbox.putChunk({ ...rest, ...(await encodeChunk(json)) });
      if (chunk.sessionId === this.sessionId) this.#rememberUnacked(chunk);
    }
    unstashChunks(stashed);
    this.#uploader.kick();
  }

  #cut(json: string): StashedChunk {
    return this.#number({ ...this.#destination, json, createdAt: Date.now() });
  }

  /** Gives a chunk its place in the (decided) session. */
  #number(chunk: UnnumberedChunk): StashedChunk {
    return { ...chunk, sessionId: this.sessionId, seq: takeSeq(this.sessionId) };
  }

  #save(chunk: StashedChunk): void {
    this.#unsaved.set(chunk.seq, chunk);
    this.#saving = this.#saving
      .then(async () => {
        const { json, ...rest } = chunk;
        await this.#outbox.putChunk({ ...rest, ...(await encodeChunk(json)) });
        this.#unsaved.delete(chunk.seq);
        this.#rememberUnacked(chunk);
        this.#uploader.kick();
      })
      .catch((error: unknown) => log.error(`could not save chunk ${chunk.seq}`, error));
  }

  #rememberUnacked(chunk: StashedChunk): void {
    // Once per seq: a page back from the cache can meet its own stashed chunks again.
    this.#forgetUnacked(chunk.seq);
    this.#unacked.set(chunk.seq, chunk);
    this.#unackedBytes += chunk.json.length;
    for (const [seq, old] of this.#unacked) {
      if (this.#unackedBytes <= UNACKED_MEMORY_BYTES) break;
      this.#unacked.delete(seq);
      this.#unackedBytes -= old.json.length;
    }
  }

  #forgetUnacked(seq: number): void {
    const chunk = this.#unacked.get(seq);
    if (!chunk) return;
    this.#unacked.delete(seq);
    this.#unackedBytes -= chunk.json.length;
  }

  /** Synchronous: no promise started here is guaranteed to finish. */
  #onPageHide(): void {
    const pending = this.#batcher.take();
    if (!this.#decided) {
      if (pending) this.#unnumbered.push({ ...this.#destination, json: pending.json, createdAt: Date.now() });
      if (this.#handedOver) {
        this.#keepHandedOver();
        return;
      }
      // Not this page's to number: the tab's next page (or this one, back from the cache) does.
      if (stashUnnumbered(this.#unnumbered)) this.#unnumbered = [];
      else log.warn('could not keep the last events for the next page (storage full)');
      return;
    }
    this.#keepForNextPage(pending?.json);
    // After the last number was taken: the tab's next page may go on with the session.
    this.#claim?.release();
    markHandover(this.sessionId);
  }

  /**
   * Left while still waiting for the session its tab's previous page handed
   * over (that page lets go late): the session is this tab's, so what the
   * page recorded is numbered into it now and kept like a decided page's
   * (stashed for the tab's next page, and sent with `keepalive`). Left
   * unnumbered, it would be lost with the tab if the tab is being closed.
   */
  #keepHandedOver(): void {
    for (const chunk of this.#takeUnnumbered().map((c) => this.#number(c))) this.#unsaved.set(chunk.seq, chunk);
    this.#keepForNextPage(undefined);
    markHandover(this.sessionId);
  }

  #keepForNextPage(pending: string | undefined): void {
    const unsaved = [...this.#unsaved.values()];
    if (pending) unsaved.push(this.#cut(pending));
    if (unsaved.length && !stashChunks(unsaved)) log.warn('could not keep the last events for the next page (storage full)');
    // Oldest first: what waits in the outbox, then what never reached it.
    // Before the start's answer, with the secret proposed with it: if the start
    // never reached the server, they are refused and wait for the next page.
    const token = this.#session.token ?? (this.#proposed?.sessionId === this.sessionId ? this.#proposed.token : undefined);
    if (!token) return;
    let budget = KEEPALIVE_BUDGET;
    for (const chunk of [...this.#unacked.values(), ...unsaved]) {
      if (chunk.json.length > budget || chunk.sessionId !== this.sessionId) continue;
      if (putChunkKeepalive(chunk, token, chunk.sessionId, chunk.seq, chunk.json)) budget -= chunk.json.length;
    }
  }
}
