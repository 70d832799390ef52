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
import { log } from './logger.ts';
import type { RecorderOptions } from './options.ts';
import { Recording } from './recording.ts';

export interface RecordingHandle {
  /** The tab's session id (same across reloads and pages of the site in this tab). */
  readonly sessionId: string;
  /** Whether rrweb is recording. */
  readonly recording: boolean;
  /** Cuts the pending events into a chunk; resolves once every chunk so far is stored in the outbox. */
  flush(): Promise<void>;
  /** Resolves once everything recorded so far has been acknowledged by the server. */
  uploaded(): Promise<void>;
  /** Stops recording (what was recorded is still sent). */
  stop(): Promise<void>;
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
    sessionId: recording.sessionId,
    get recording() {
      return recording.recording;
    },
    flush: () => recording.flush(),
    uploaded: () => recording.uploaded(),
    stop: async () => {
      if (active === recording) active = undefined;
      await recording.stop();
    },
  };
}
