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
 *   {@link MAX_DRIFT_S} (skipped inactivity, a stall) is corrected by a seek;
 *   a smaller one (what a seek during playback leaves behind, ~0.25 s) is
 *   caught up smoothly by playing up to {@link MAX_NUDGE} faster or slower
 *   until the video is within {@link IN_SYNC_S} again.
 */
import type { MediaTrackInfo, RecordedTrackKind } from '../../protocol/media.ts';
import { trackAt, videoTimeOf } from './media-timeline.ts';

/** While playing, resync when the video is this far off (s). */
export const MAX_DRIFT_S = 0.35;
/** While playing, this close counts as in sync (s). */
export const IN_SYNC_S = 0.05;
/** Largest playback-rate change used to catch up a small drift (a fraction of the rate). */
export const MAX_NUDGE = 0.1;
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

  constructor(
    video: HTMLVideoElement,
    kind: RecordedTrackKind,
    resolveUrl: (url: string) => string,
    onVisible: (visible: boolean) => void,
  ) {
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
    const rate = input.playing ? nudgedRate(input.rate, target - v.currentTime) : input.rate;
    if (v.playbackRate !== rate) v.playbackRate = rate;
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

/**
 * The playback rate that catches up `drift` seconds (target − video) within
 * about a second, never more than {@link MAX_NUDGE} off the replay's rate:
 * a video behind plays a little faster, one ahead a little slower.
 */
export function nudgedRate(rate: number, drift: number): number {
  if (Math.abs(drift) <= IN_SYNC_S || Math.abs(drift) > MAX_DRIFT_S) return rate;
  const nudge = Math.max(-MAX_NUDGE, Math.min(MAX_NUDGE, drift));
  return rate * (1 + nudge);
}
