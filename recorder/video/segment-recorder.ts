/**
 * @module recorder/video/segment-recorder
 * Records one MediaStream with MediaRecorder in timeslice chunks, restarting
 * MediaRecorder every `segmentMs` so each segment is a self-contained WebM:
 * every segment is a track of its own (new track id, chunks numbered from 0,
 * `startedAt` the wall clock when it started, so it lines up with rrweb's
 * timestamps).
 *
 * Chunk timing: a chunk covers [previous chunk's end, now) in ms from the
 * track's startedAt, measured when `dataavailable` fires.
 */
import type { MediaTrackStart } from '../../protocol/media.ts';
import type { VideoSettings, VideoSource } from './video-options.ts';

export interface RecordedChunk {
  trackId: string;
  seq: number;
  startMs: number;
  durationMs: number;
  blob: Blob;
}

export interface SegmentRecorderConfig {
  stream: MediaStream;
  kind: VideoSource;
  mimeType: string;
  settings: VideoSettings;
  /** A new track starts (always before its chunks). */
  onTrack(trackId: string, start: MediaTrackStart): void;
  onChunk(chunk: RecordedChunk): void;
  /** The stream ended by itself (the customer stopped sharing, the camera went away). */
  onEnded(): void;
}

interface Segment {
  recorder: MediaRecorder;
  trackId: string;
  startedAt: number;
  seq: number;
  lastEnd: number;
  stopped: Promise<void>;
}

function newTrackId(kind: VideoSource): string {
  const random = crypto.getRandomValues(new Uint8Array(6));
  return `${kind}-${Date.now().toString(36)}-${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class SegmentRecorder {
  #config: SegmentRecorderConfig;
  #current: Segment | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;
  #ending: Promise<void>[] = [];

  constructor(config: SegmentRecorderConfig) {
    this.#config = config;
  }

  start(): void {
    this.#current = this.#startSegment();
    this.#timer = setInterval(() => this.#rotate(), this.#config.settings.segmentMs);
    for (const track of this.#config.stream.getVideoTracks()) {
      track.addEventListener('ended', () => {
        if (this.#stopped) return;
        void this.stop().then(() => this.#config.onEnded());
      });
    }
  }

  /** Stops recording; resolves once the last chunk was handed to `onChunk`. */
  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      clearInterval(this.#timer);
      if (this.#current) this.#end(this.#current);
      this.#current = undefined;
    }
    await Promise.all(this.#ending);
  }

  #rotate(): void {
    if (this.#stopped || !this.#current) return;
    const old = this.#current;
    // NOTE: the next segment starts before the old one stops, so the gap is
    // only MediaRecorder's start-up (a few ms); the two overlap slightly at worst.
    this.#current = this.#startSegment();
    this.#end(old);
  }

  #end(segment: Segment): void {
    if (segment.recorder.state !== 'inactive') {
      try {
        segment.recorder.stop();
      } catch {
        // already stopping
      }
    }
    this.#ending.push(segment.stopped);
  }

  #startSegment(): Segment {
    const { stream, kind, mimeType, settings } = this.#config;
    const recorder = new MediaRecorder(stream, {
      mimeType,
      videoBitsPerSecond: settings.videoBitsPerSecond,
      ...(stream.getAudioTracks().length ? { audioBitsPerSecond: settings.audioBitsPerSecond } : {}),
    });
    const segment: Segment = {
      recorder,
      trackId: newTrackId(kind),
      startedAt: 0,
      seq: 0,
      lastEnd: 0,
      stopped: new Promise((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.addEventListener('error', () => resolve(), { once: true });
      }),
    };
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size === 0) return;
      const end = Math.max(segment.lastEnd, Date.now() - segment.startedAt);
      this.#config.onChunk({
        trackId: segment.trackId,
        seq: segment.seq++,
        startMs: segment.lastEnd,
        durationMs: end - segment.lastEnd,
        blob: event.data,
      });
      segment.lastEnd = end;
    });
    recorder.start(settings.timesliceMs);
    segment.startedAt = Date.now();
    this.#config.onTrack(segment.trackId, { kind, mimeType, startedAt: segment.startedAt });
    return segment;
  }
}
