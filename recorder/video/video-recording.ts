/**
 * @module recorder/video/video-recording
 * The optional video beside a page's DOM recording: asks for each source,
 * records it in segments ({@link SegmentRecorder}) and puts every track start
 * and chunk into the outbox before anything uploads it, so video has the
 * DOM chunks' guarantees (numbered, idempotent retries with backoff, kept
 * across a reload or an outage by IndexedDB).
 *
 * A refused or missing source is logged and reported (`onState`); the DOM
 * recording never waits for video nor fails with it.
 *
 * A page's end (`pagehide`) ends its tracks: a WebM stream cannot continue
 * on the next page, which starts new tracks. What MediaRecorder holds of the
 * running timeslice when the page dies never reaches `dataavailable` (at most
 * one timeslice); every chunk that did is in the outbox or being written.
 */
import type { CobrowseVideoStateDetail, VideoState } from '../events/cobrowse-video-state.ts';
import { log } from '../logger.ts';
import type { Destination, Outbox } from '../outbox.ts';
import { capture, stopStream } from './media-capture.ts';
import { SegmentRecorder, type RecordedChunk } from './segment-recorder.ts';
import { pickMimeType, type VideoSettings, type VideoSource } from './video-options.ts';

export interface VideoRecordingConfig {
  sessionId: string;
  destination: Destination;
  outbox: Outbox;
  settings: VideoSettings;
  /** New work in the outbox. */
  kick(): void;
  onState(detail: CobrowseVideoStateDetail): void;
}

interface Running {
  source: VideoSource;
  stream: MediaStream;
  recorder: SegmentRecorder;
}

export class VideoRecording {
  #config: VideoRecordingConfig;
  #running: Running[] = [];
  #failed: CobrowseVideoStateDetail['failed'] = [];
  #state: VideoState = 'off';
  #saving: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(config: VideoRecordingConfig) {
    this.#config = config;
  }

  get detail(): CobrowseVideoStateDetail {
    return {
      state: this.#state,
      recording: this.#running.map((r) => r.source),
      microphone: this.#running.some((r) => r.stream.getAudioTracks().some((t) => t.readyState === 'live')),
      failed: [...this.#failed],
    };
  }

  /** Asks for every source, one after the other (one browser prompt at a time). */
  async start(): Promise<void> {
    const { settings } = this.#config;
    this.#setState('requesting');
    const mimeType = pickMimeType(settings.audio);
    for (const [i, source] of settings.sources.entries()) {
      if (this.#stopped) return;
      if (!mimeType) {
        this.#fail(source, 'unavailable', 'MediaRecorder cannot record WebM here');
        continue;
      }
      // The microphone goes with the first source only.
      const result = await capture(source, settings.audio && i === 0);
      if (!result.ok) {
        this.#fail(source, result.reason, result.message);
        continue;
      }
      if (this.#stopped) {
        stopStream(result.stream);
        return;
      }
      const audio = result.stream.getAudioTracks().length > 0;
      const type = audio === settings.audio ? mimeType : (pickMimeType(audio) ?? mimeType);
      this.#startRecorder(source, result.stream, type);
    }
    this.#setState(this.#running.length ? 'recording' : this.#failed.some((f) => f.reason === 'refused') ? 'refused' : 'unavailable');
  }

  /** Stops every source; resolves once their last chunks are in the outbox. */
  async stop(): Promise<void> {
    if (this.#stopped) return this.#saving;
    this.#stopped = true;
    const running = this.#running.splice(0);
    await Promise.all(running.map((r) => r.recorder.stop()));
    for (const r of running) stopStream(r.stream);
    await this.#saving;
    if (this.#state !== 'refused' && this.#state !== 'unavailable') this.#setState('stopped');
  }

  /** `pagehide`: synchronous; ends the tracks (the chunks already cut are saved or being saved). */
  end(): void {
    void this.stop();
  }

  #startRecorder(source: VideoSource, stream: MediaStream, mimeType: string): void {
    const recorder = new SegmentRecorder({
      stream,
      kind: source,
      mimeType,
      settings: this.#config.settings,
      onTrack: (trackId, start) => this.#saveTrack(trackId, start),
      onChunk: (chunk) => this.#saveChunk(chunk),
      onEnded: () => {
        this.#running = this.#running.filter((r) => r.recorder !== recorder);
        stopStream(stream);
        log.warn(`${source} video ended`);
        if (this.#running.length === 0 && !this.#stopped) this.#setState('stopped');
        else this.#emit();
      },
    });
    this.#running.push({ source, stream, recorder });
    recorder.start();
  }

  #saveTrack(trackId: string, start: { kind: VideoSource; mimeType: string; startedAt: number }): void {
    const { sessionId, destination, outbox } = this.#config;
    this.#enqueue(`track ${trackId}`, () =>
      outbox.putMediaTrack({ ...destination, sessionId, trackId, start, acked: false, createdAt: Date.now() }),
    );
  }

  #saveChunk(chunk: RecordedChunk): void {
    const { sessionId, destination, outbox } = this.#config;
    // NOTE: read the blob now, not in the queue: the page may be gone by then.
    const body = chunk.blob.arrayBuffer();
    this.#enqueue(`chunk ${chunk.trackId}/${chunk.seq}`, async () => {
      await outbox.putMediaChunk({
        ...destination,
        sessionId,
        trackId: chunk.trackId,
        seq: chunk.seq,
        startMs: chunk.startMs,
        durationMs: chunk.durationMs,
        contentType: chunk.blob.type || 'video/webm',
        body: await body,
        createdAt: Date.now(),
      });
      this.#config.kick();
    });
  }

  #enqueue(what: string, work: () => Promise<void>): void {
    this.#saving = this.#saving.then(work).catch((error: unknown) => log.error(`could not save video ${what}`, error));
  }

  #fail(source: VideoSource, reason: 'refused' | 'unavailable', message: string): void {
    log.warn(`no ${source} video (${reason}): ${message}; recording the page without it`);
    this.#failed.push({ source, reason, message });
    this.#emit();
  }

  #setState(state: VideoState): void {
    this.#state = state;
    this.#emit();
  }

  #emit(): void {
    try {
      this.#config.onState(this.detail);
    } catch (error) {
      log.error('video state listener failed', error);
    }
  }
}
