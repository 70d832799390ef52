/**
 * @module client/replies/reply-recorder
 * Records one advisor video reply in the browser: camera or screen (with the
 * microphone if asked), MediaRecorder WebM in 1 s chunks kept in memory with
 * their timing, so the preview plays the whole blob and the upload sends the
 * same chunks numbered from 0 (each under the server's chunk limit). The
 * preview's blob carries the reply's Duration (as the server's copy will),
 * so its player shows the length and seeks before playing.
 */
import { MAX_REPLY_MS } from '../../protocol/media-constants.ts';
import { WEBM_HEAD_BYTES, webmDurationPatch } from '../../protocol/webm-duration.ts';

export type ReplySource = 'camera' | 'screen';

export interface ReplyChunk {
  seq: number;
  startMs: number;
  durationMs: number;
  body: Blob;
}

export interface RecordedReply {
  mimeType: string;
  startedAt: number;
  durationMs: number;
  chunks: ReplyChunk[];
  /** The whole recording for the preview, its head patched to carry the Duration (the chunks stay as recorded). */
  blob: Blob;
}

const TIMESLICE_MS = 1000;

function pickMimeType(audio: boolean): string {
  const candidates = audio
    ? ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm']
    : ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
  return candidates.find((t) => MediaRecorder.isTypeSupported(t)) ?? 'video/webm';
}

/** Asks the browser for the source (its usual prompt). */
export async function openSource(source: ReplySource, audio: boolean): Promise<MediaStream> {
  const devices = navigator.mediaDevices;
  if (!devices) throw new Error('This browser cannot record video here (it needs HTTPS).');
  if (source === 'camera') return devices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio });
  const stream = await devices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
  if (audio) {
    try {
      for (const t of (await devices.getUserMedia({ audio: true })).getAudioTracks()) stream.addTrack(t);
    } catch {
      // the screen without sound
    }
  }
  return stream;
}

export class ReplyRecorder {
  readonly stream: MediaStream;
  #recorder: MediaRecorder;
  #chunks: ReplyChunk[] = [];
  #startedAt = 0;
  #lastEnd = 0;
  #stopped: Promise<void>;
  #limit: ReturnType<typeof setTimeout> | undefined;

  constructor(stream: MediaStream, onLimit: () => void) {
    this.stream = stream;
    const mimeType = pickMimeType(stream.getAudioTracks().length > 0);
    this.#recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 1_500_000 });
    this.#stopped = new Promise((resolve) => this.#recorder.addEventListener('stop', () => resolve(), { once: true }));
    this.#recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size === 0) return;
      const end = Math.max(this.#lastEnd, Date.now() - this.#startedAt);
      this.#chunks.push({ seq: this.#chunks.length, startMs: this.#lastEnd, durationMs: end - this.#lastEnd, body: e.data });
      this.#lastEnd = end;
    });
    this.#limit = setTimeout(onLimit, MAX_REPLY_MS - 2000);
  }

  start(): void {
    this.#recorder.start(TIMESLICE_MS);
    this.#startedAt = Date.now();
  }

  get elapsedMs(): number {
    return this.#startedAt ? Date.now() - this.#startedAt : 0;
  }

  async stop(): Promise<RecordedReply> {
    clearTimeout(this.#limit);
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    await this.#stopped;
    for (const t of this.stream.getTracks()) t.stop();
    const mimeType = this.#recorder.mimeType || 'video/webm';
    return {
      mimeType: mimeType.replace(/\s+/g, ''),
      startedAt: this.#startedAt,
      durationMs: this.#lastEnd,
      chunks: this.#chunks,
      blob: await withDuration(
        new Blob(
          this.#chunks.map((c) => c.body),
          { type: mimeType },
        ),
        this.#lastEnd,
      ),
    };
  }

  /** Drops the recording (re-record, leaving the page). */
  cancel(): void {
    clearTimeout(this.#limit);
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    for (const t of this.stream.getTracks()) t.stop();
  }
}

/** `blob` with a Duration in its WebM head; as it is when the head is not one to patch. */
async function withDuration(blob: Blob, durationMs: number): Promise<Blob> {
  const patch = webmDurationPatch(new Uint8Array(await blob.slice(0, WEBM_HEAD_BYTES).arrayBuffer()), durationMs);
  return patch ? new Blob([patch.head, blob.slice(patch.replacedLength)], { type: blob.type }) : blob;
}

/** A reply id: letters, digits and `-`, unique enough per session. */
export function newReplyId(): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  return `reply-${Date.now().toString(36)}-${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
