/**
 * @module recorder/start-recording
 * The programmatic API: one recording per page.
 *
 * @example
 * ```ts
 * import { startRecording } from 'https://cobrowse.example/recorder.js';
 * const rec = startRecording({ siteKey: 'pk_…' });
 * console.log('quote this id to support:', rec.sessionId);
 * ```
 */
import type { CobrowseVideoStateDetail } from './events/cobrowse-video-state.ts';
import { log } from './logger.ts';
import type { eventWithTime } from '@rrweb/types';
import type { RecorderOptions } from './options.ts';
import type { PrivacySettings } from './privacy-options.ts';
import { Recording } from './recording.ts';
import { identityPayload, metadataPayload, type Identity } from './context/metadata.ts';

export interface RecordingHandle {
  /**
   * The tab's session id (same across reloads and pages of the site in this
   * tab). A tab that starts with a copy of another tab's storage
   * (`window.open`, a duplicated tab) may find that tab's session there and
   * then records one of its own: {@link onSession} tells when it is decided.
   */
  readonly sessionId: string;
  /** Calls `listener` with the session id once it is decided and whenever it changes; returns the unsubscribe. */
  onSession(listener: (sessionId: string) => void): () => void;
  /**
   * The session's secret once the server answered the session start
   * (`undefined` if not known within `timeoutMs`). The recorder presents it
   * on its own calls (live socket, "Ask for help"); keep it in this tab, never
   * log it or send it anywhere else.
   */
  sessionToken(timeoutMs?: number): Promise<string | undefined>;
  /** Whether rrweb is recording. */
  readonly recording: boolean;
  /** Cuts the pending events into a chunk; resolves once every chunk so far is stored in the outbox. */
  flush(): Promise<void>;
  /** Resolves once everything recorded so far has been acknowledged by the server. */
  uploaded(): Promise<void>;
  /** Stops recording (what was recorded is still sent). */
  stop(): Promise<void>;
  /** The recording's privacy settings (what is masked). */
  readonly privacy: PrivacySettings;
  /** Every event rrweb emits from now on (a second copy, e.g. for live viewers); returns the unsubscribe. */
  onEvent(listener: (event: eventWithTime) => void): () => void;
  /** Adds an rrweb custom event to the recording (stored through ingest like any event). */
  addCustomEvent(tag: string, payload: unknown): void;
  /** Takes a fresh full snapshot now (a checkout: Meta + FullSnapshot). */
  takeFullSnapshot(): void;
  /**
   * Says who the customer is (`{ customerId, email, name, … }`): stored on the
   * session as `user.<key>` metadata and shown to the advisor. Later calls add or replace keys.
   */
  identify(identity: Identity): void;
  /** Adds or replaces session metadata (`{ orderNumber, plan, … }`), shown to the advisor. */
  setMetadata(metadata: Record<string, string | number | boolean | null>): void;
  /** Recorded video's state (`off` when the page records no video). */
  readonly video: CobrowseVideoStateDetail;
  /** Stops recording video (camera, screen, microphone); the DOM recording goes on. */
  stopVideo(): Promise<void>;
  /** Calls `listener` at every video state change; returns the unsubscribe. */
  onVideoState(listener: (detail: CobrowseVideoStateDetail) => void): () => void;
}

let active: Recording | undefined;

/**
 * Starts recording this page (or returns the recording already running: rrweb
 * records one page once).
 */
export function startRecording(options: RecorderOptions): RecordingHandle {
  if (active?.recording) {
    if (active.options.siteKey !== options.siteKey) log.warn('already recording with another site key');
    return handleOf(active);
  }
  const recording = new Recording(options);
  active = recording;
  return handleOf(recording);
}

/** The running recording, if any. */
export function currentRecording(): RecordingHandle | undefined {
  return active?.recording ? handleOf(active) : undefined;
}

function handleOf(recording: Recording): RecordingHandle {
  return {
    get sessionId() {
      return recording.sessionId;
    },
    sessionToken: (timeoutMs) => recording.sessionToken(timeoutMs),
    onSession: (listener) => recording.onSession(listener),
    get recording() {
      return recording.recording;
    },
    privacy: {
      maskAllInputs: recording.options.maskAllInputs,
      blockSelector: recording.options.blockSelector,
      maskTextSelector: recording.options.maskTextSelector,
    },
    get video() {
      return recording.video;
    },
    onVideoState: (listener) => recording.onVideoState(listener),
    stopVideo: () => recording.stopVideo(),
    onEvent: (listener) => recording.tap(listener),
    addCustomEvent: (tag, payload) => recording.addCustomEvent(tag, payload),
    identify: (identity) => recording.addMetadata(identityPayload(identity)),
    setMetadata: (metadata) => recording.addMetadata(metadataPayload(metadata)),
    takeFullSnapshot: () => recording.takeFullSnapshot(),
    flush: () => recording.flush(),
    uploaded: () => recording.uploaded(),
    stop: async () => {
      if (active === recording) active = undefined;
      await recording.stop();
    },
  };
}
