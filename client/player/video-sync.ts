/**
 * @module client/player/video-sync
 * Keeps one `<video>` on the DOM replay's clock. The replay is the master:
 * every update says where it is (epoch ms), whether it plays and how fast;
 * the video follows:
 *
 * - the track covering the moment is loaded by its signed URL (the browser
 *   fetches what it needs with Range requests; segments are short, so a far
 *   seek reads one small WebM);
 * - paused: the video is paused and its currentTime set to the moment;
 * - playing: `playbackRate` follows the speed, and a drift beyond
 *   {@link MAX_DRIFT_S} (skipped inactivity, a stall) is corrected by a seek.
 */
import type { MediaTrackInfo, RecordedTrackKind } from '../../server/protocol/media.ts';
import { trackAt, videoTimeOf } from './media-timeline.ts';

/** While playing, resync when the video is this far off (s). */
export const MAX_DRIFT_S = 0.35;
/** While paused, a position this close counts as there (s). */
const PAUSED_EPSILON_S = 0.02;

export interface SyncInput {
  tracks: readonly MediaTrackInfo[];
  /** Epoch ms shown by the replay. */
  at: number;
  playing: boolean;
  rate: number;
}

export class VideoSync {
  readonly video: HTMLVideoElement;
  readonly kind: RecordedTrackKind;
  #resolve: (url: string) => string;
  #track: MediaTrackInfo | undefined;
  #last: SyncInput | undefined;
  #onVisible: (visible: boolean) => void;

  constructor(video: HTMLVideoElement, kind: RecordedTrackKind, resolveUrl: (url: string) => string, onVisible: (visible: boolean) => void) {
    this.video = video;
    this.kind = kind;
    this.#resolve = resolveUrl;
    this.#onVisible = onVisible;
    video.preload = 'auto';
    video.playsInline = true;
    video.addEventListener('loadedmetadata', () => this.#last && this.update(this.#last, true));
  }

  /** The track shown now, if any. */
  get track(): MediaTrackInfo | undefined {
    return this.#track;
  }

  update(input: SyncInput, force = false): void {
    this.#last = input;
    const v = this.video;
    const track = trackAt(input.tracks, this.kind, input.at);
    if (track?.trackId !== this.#track?.trackId) {
      this.#track = track;
      v.pause();
      if (!track) {
        v.removeAttribute('src');
        v.removeAttribute('data-track-id');
        v.load();
        this.#onVisible(false);
        return;
      }
      v.dataset.trackId = track.trackId;
      v.src = this.#resolve(track.url);
      this.#onVisible(true);
      return; // continues on loadedmetadata
    }
    if (!track || v.readyState < HTMLMediaElement.HAVE_METADATA) return;
    const target = videoTimeOf(track, input.at);
    if (v.playbackRate !== input.rate) v.playbackRate = input.rate;
    if (!input.playing) {
      if (!v.paused) v.pause();
      if (force || Math.abs(v.currentTime - target) > PAUSED_EPSILON_S) v.currentTime = target;
      return;
    }
    if (force || Math.abs(v.currentTime - target) > MAX_DRIFT_S) v.currentTime = target;
    if (v.paused) {
      v.play().catch((error: unknown) => {
        // Autoplay with sound refused: play muted (the advisor can unmute).
        if (error instanceof DOMException && error.name === 'NotAllowedError' && !v.muted) {
          v.muted = true;
          void v.play().catch(() => {});
        }
      });
    }
  }

  dispose(): void {
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
